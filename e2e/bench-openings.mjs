// Per opening, as Dixa shows the card: a sandbox="allow-scripts" srcdoc
// frame with the card template, made anew for every conversation opened
// (in such a frame the browser caches nothing, so every opening pays for
// every file). Timed from the frame's creation to the first response row
// in the app's DOM, for the card and for a floor page doing the same
// handshake, fetch and 3 rows in plain JavaScript, served from the same
// host and over the same link; card and floor alternate, medians.
//
// The link (e2e/bench/paced-link.mjs) carries both the card's static host
// and the API: each request waits one round trip, then the bytes share one
// downlink. Links: 40 ms RTT at 10 Mbit/s with the files uncompressed,
// gzip -9 and brotli, and plain loopback. Both templates: the project's
// (preview/card-template.html) and the seed-shaped one.
//
// Run by scripts/bench.sh, which builds the card against the paced API
// proxy (PACED_API_PORT) and starts the local service (API_URL).
//   BENCH_OPENINGS (9): openings per row, after one warm-up each.
//   BENCH_LINKS: only the links whose name contains this text (e.g. "loopback").
import http from "node:http";
import { readFileSync } from "node:fs";
import { launch } from "./browser.mjs";
import { staticHost, renderTemplate, close } from "./static-host.mjs";
import { pacedLink, pacedProxy, listenOn } from "./bench/paced-link.mjs";

const dist = process.env.DIST;
const api = process.env.API_URL;
const pacedApiPort = Number(process.env.PACED_API_PORT);
const openings = Number(process.env.BENCH_OPENINGS || 9);
const csp = readFileSync(process.env.CARD_CSP_FILE || `${dist}/csp.txt`, "utf8").trim();
const template = (name) => readFileSync(new URL(`../preview/${name}`, import.meta.url), "utf8");
const TEMPLATES = [
  ["project's template", "card-template.html"],
  ["seed-shaped template", "fixed-height-template.html"],
];

const link = pacedLink();
const apiProxy = await listenOn(pacedProxy(api, link), pacedApiPort);
const pacedApi = `http://127.0.0.1:${pacedApiPort}`;
let encodings = [];
const host = await staticHost(dist, {
  // The card's page under its policy; the floor pages run inline scripts.
  csp: (file) => (file.includes("/bench/") ? null : csp),
  encodings: () => encodings,
  send: (res, status, headers, body) => link.send(res, performance.now(), status, headers, body),
});

// Dixa's page: already loaded, not paced; makes the card frame on demand.
const dixa = http.createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>conversation</title></head><body><script>
    window.openCard = function (srcdoc) {
      document.querySelectorAll("iframe").forEach(function (f) { f.remove(); });
      var frame = document.createElement("iframe");
      frame.name = "card";
      frame.setAttribute("sandbox", "allow-scripts");
      frame.style.cssText = "width:360px;height:640px;border:0";
      frame.srcdoc = srcdoc;
      var at = performance.timeOrigin + performance.now();
      document.body.appendChild(frame);
      return at;
    };
    window.closeCard = function () { document.querySelectorAll("iframe").forEach(function (f) { f.remove(); }); };
  </script></body></html>`);
});
await listenOn(dixa, 0);

async function token() {
  const r = await fetch(`${api}/employees/token`, {
    method: "POST",
    headers: { Authorization: "Basic " + Buffer.from("ApiKey:demo-api-key").toString("base64"), "Content-Type": "application/json" },
    body: JSON.stringify({ employeeEmail: "sara.lind@shop.example", customer_email: "anna.berg@example.com", customer_phone_number: "" }),
  });
  if (!r.ok) throw new Error(`token hook answered ${r.status}`);
  return r.json();
}
const issued = await token();
const echo = Object.fromEntries(Object.entries(issued.echo).map(([k, v]) => [`echo.${k}`, v]));
const cardUrl = `${host.origin}/card/?operationMode=integration`;
const floorUrl = `${host.origin}/card/bench/floor-card.html?api=${encodeURIComponent(pacedApi)}`;

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
// In every frame (the app's too, sandboxed and out of process): the time
// the first response row enters the DOM, on the shared wall clock.
await context.addInitScript(() => {
  if (!/\/card\//.test(location.pathname)) return;
  const mark = () => {
    if (!window.__firstRowAt && document.querySelector("li.response")) {
      window.__firstRowAt = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
});
const page = await context.newPage();
await page.goto(`http://127.0.0.1:${dixa.address().port}/`);

const appFrame = () => page.frames().find((f) => /\/card\//.test(f.url()));

/// One opening: returns ms from the frame's creation to the first row, and what crossed the link.
async function openOnce(appUrl, templateFile) {
  const rendered = renderTemplate(template(templateFile), { token: issued.token, app_url: appUrl, ...echo });
  host.requests.length = 0;
  apiProxy.reset();
  const createdAt = await page.evaluate((srcdoc) => window.openCard(srcdoc), rendered);
  const deadline = Date.now() + 30000;
  let shownAt;
  while (!shownAt) {
    if (Date.now() > deadline) throw new Error(`no row within 30 s: ${appUrl}`);
    const frame = appFrame();
    shownAt = frame ? await frame.evaluate(() => window.__firstRowAt).catch(() => undefined) : undefined;
    if (!shownAt) await page.waitForTimeout(20);
  }
  const files = host.requests.map((r) => r.path);
  const fileBytes = host.requests.reduce((t, r) => t + r.bytes, 0);
  const result = { ms: shownAt - createdAt, files, fileBytes, api: [...apiProxy.counted.requests], apiBytes: apiProxy.counted.bytes };
  await page.evaluate(() => window.closeCard());
  return result;
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const LINKS = [
  { name: "40 ms RTT, 10 Mbit/s, files uncompressed", pace: { rttMs: 40, bitsPerSecond: 10e6 }, encodings: [] },
  { name: "40 ms RTT, 10 Mbit/s, gzip -9", pace: { rttMs: 40, bitsPerSecond: 10e6 }, encodings: ["gzip"] },
  { name: "40 ms RTT, 10 Mbit/s, brotli", pace: { rttMs: 40, bitsPerSecond: 10e6 }, encodings: ["br"] },
  { name: "loopback, gzip -9", pace: {}, encodings: ["gzip"] },
];

const rows = [];
for (const l of LINKS.filter((l) => l.name.includes(process.env.BENCH_LINKS || ""))) {
  link.set(l.pace);
  encodings = l.encodings;
  for (const [templateName, templateFile] of TEMPLATES) {
    const card = [], floor = [];
    await openOnce(cardUrl, templateFile); // warm-up: processes, connections
    await openOnce(floorUrl, templateFile);
    for (let i = 0; i < openings; i++) {
      card.push(await openOnce(cardUrl, templateFile));
      floor.push(await openOnce(floorUrl, templateFile));
    }
    rows.push({ link: l.name, templateName, card, floor });
    process.stderr.write(`bench-openings: ${l.name}, ${templateName}: done\n`);
  }
}
await browser.close();
await close(host);
await new Promise((r) => apiProxy.close(r));
await new Promise((r) => dixa.close(r));

// ---- the table
const kb = (b) => (b / 1024).toFixed(1);
const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const row = (cells) => console.log(`| ${cells.join(" | ")} |`);
const last = (runs) => runs[runs.length - 1];
const fileNames = (r) => r.files.map((f) => f.replace(/^\/card\//, "").replace(/-[0-9a-f]{16}/g, "") || "index.html");

console.log(`\nPer opening (a new sandbox="allow-scripts" frame per conversation, nothing cached; ms from the frame's creation to the first response row; medians of ${openings}, card and floor alternating)\n`);
row(["link", "template", "card ms", "floor ms", "ratio", "card: files + API calls", "card: KB on the wire (files + API)", "floor: KB"]);
row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---:"]);
for (const r of rows) {
  const c = median(r.card.map((x) => x.ms)), f = median(r.floor.map((x) => x.ms));
  const lc = last(r.card), lf = last(r.floor);
  row([
    r.link, r.templateName, ms(c), ms(f), Number.isFinite(c / f) ? (c / f).toFixed(2) + "×" : "–",
    `${lc.files.length} + ${lc.api.length}`,
    `${kb(lc.fileBytes)} + ${kb(lc.apiBytes)}`,
    kb(lf.fileBytes + lf.apiBytes),
  ]);
}
const sample = last(rows[rows.length - 1].card);
console.log(`\nFiles of one card opening: ${fileNames(sample).join(", ")}; API: ${sample.api.join(", ")}`);
