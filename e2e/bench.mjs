// The benchmark table: the release card's bytes per file (raw, gzip -9,
// brotli) and its timings beside floor pages doing the same work in plain
// JavaScript, medians over repeated runs. Run by scripts/bench.sh, which
// builds the card, starts the local service with a 10,000-response
// customer and serves e2e/bench/ beside the card (same origin).
//   BENCH_RUNS (15): loads per timing; BENCH_ROW_RUNS (3): 1,000-row runs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { execFileSync } from "node:child_process";
import { launch } from "./browser.mjs";
import { loopbackApi } from "./bench/paced-link.mjs";

const base = process.env.BASE_URL;
// The API as the card calls it (the benchmark's proxy, unpaced here).
const apiProxy = await loopbackApi();
const api = apiProxy.url;
const dist = process.env.DIST;
const runs = Number(process.env.BENCH_RUNS || 15);
const rowRuns = Number(process.env.BENCH_ROW_RUNS || 3);
const cardUrl = `${base}/card/?operationMode=integration`;
const floorReady = `${base}/card/bench/floor-ready.html`;
const floorCard = `${base}/card/bench/floor-card.html?api=${encodeURIComponent(api)}`;

// gzip(1) -9, as a server would precompress (node's zlib packs a few KB worse).
const gzip9 = (bytes) => execFileSync("gzip", ["-9c"], { input: bytes, maxBuffer: 1 << 26 }).length;

// ---- bytes: every file the card frame loads (the bench pages excluded)
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "bench" ? [] : files(path);
    return /\.(wasm|js|css|html)$/.test(name) ? [path] : [];
  });
}
const sizes = files(dist).map((path) => {
  const raw = readFileSync(path);
  const brotli = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  return { file: relative(dist, path), raw: raw.length, gzip: gzip9(raw), brotli: brotli.length };
});
sizes.sort((a, b) => b.raw - a.raw);
// The follow-up form's module is fetched on an agent's first "Follow up",
// not on an opening: listed apart, outside the total.
const onFirstUse = (s) => /^follow-up-[0-9a-f]+\.js$/.test(s.file);
const firstUse = sizes.filter(onFirstUse);
const total = sizes.filter((s) => !onFirstUse(s)).reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });

// ---- timings
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await page.goto(`${base}/card/bench/harness.html`);

async function token(customerEmail) {
  const r = await fetch(`${api}/employees/token`, {
    method: "POST",
    headers: { Authorization: "Basic " + Buffer.from("ApiKey:demo-api-key").toString("base64"), "Content-Type": "application/json" },
    body: JSON.stringify({ employeeEmail: "sara.lind@shop.example", customer_email: customerEmail }),
  });
  if (!r.ok) throw new Error(`token hook answered ${r.status}`);
  return (await r.json()).token;
}
const anna = { token: await token("anna.berg@example.com"), respondentEmail: "anna.berg@example.com", respondentPhone: "" };
const large = { token: await token("large.customer@example.com"), respondentEmail: "large.customer@example.com", respondentPhone: "" };

const open = (url, parameters) => page.evaluate(([u, p]) => window.openCard(u, p), [url, parameters]);
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Card and floor alternate, so both see the same machine load.
async function sideBySide(cardRun, floorRun, n) {
  const card = [], floor = [];
  await cardRun();
  await floorRun(); // warm-up: caches, compiled module, connections
  for (let i = 0; i < n; i++) {
    card.push(await cardRun());
    floor.push(await floorRun());
  }
  return { card, floor };
}

const warmReady = await sideBySide(() => open(cardUrl, null), () => open(floorReady, null), runs);
const warmHistory = await sideBySide(() => open(cardUrl, anna), () => open(floorCard, anna), runs);
await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
const coldHistory = await sideBySide(() => open(cardUrl, anna), () => open(floorCard, anna), runs);
await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });

// 1,000 rows through "show more" (3, then 10 a press) for the customer
// with 10,000 responses.
const rows = await sideBySide(
  async () => { await open(cardUrl, large); return page.evaluate(() => window.showRows(1000)); },
  async () => { await open(floorCard, large); return page.evaluate(() => window.showRows(1000)); },
  rowRuns,
);

// The customer with 10,000 responses: first page after the data, JS heap and WASM memory after it.
const largeRuns = [];
for (let i = 0; i < runs; i++) largeRuns.push(await open(cardUrl, large));
await cdp.send("HeapProfiler.collectGarbage");
const heap = (await cdp.send("Runtime.getHeapUsage")).usedSize;
const wasmMemory = await page.evaluate(() => window.wasmMemory());
await browser.close();
await apiProxy.close();

// ---- the table
const kb = (b) => (b / 1024).toFixed(1);
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) + "×" : "–");
const row = (cells) => console.log(`| ${cells.join(" | ")} |`);

console.log(`\nBundle (release build, as served; KB = 1024 bytes)\n`);
row(["file", "raw KB", "gzip -9 KB", "brotli KB"]);
row(["---", "---:", "---:", "---:"]);
for (const s of sizes.filter((s) => !onFirstUse(s))) row([s.file.replace(/-[0-9a-f]{16}/g, ""), kb(s.raw), kb(s.gzip), kb(s.brotli)]);
row(["**total per opening**", kb(total.raw), `**${kb(total.gzip)}**`, kb(total.brotli)]);
for (const s of firstUse) row([`${s.file.replace(/-[0-9a-f]+\.js$/, ".js")} (on the first "Follow up")`, kb(s.raw), kb(s.gzip), kb(s.brotli)]);

console.log(`\nTimings (Debian Chromium, loopback, medians of ${runs} runs side by side; ms from the frame's creation)\n`);
row(["measure", "card", "floor", "ratio", "target"]);
row(["---", "---:", "---:", "---:", "---"]);
const line = (name, card, floor, target) => row([name, ms(card), ms(floor), ratio(card, floor), target]);
line("READY (floor: a page posting READY from inline JS)", median(warmReady.card.map((r) => r.ready)), median(warmReady.floor.map((r) => r.ready)), "≤ 1.5×");
line("first history on screen, warm cache (floor: plain JS handshake, fetch, 3 rows)", median(warmHistory.card.map((r) => r.rendered)), median(warmHistory.floor.map((r) => r.rendered)), "≤ 1.5×");
line("— of which READY", median(warmHistory.card.map((r) => r.ready)), median(warmHistory.floor.map((r) => r.ready)), "");
line("— of which data arrived → first rows in the DOM", median(warmHistory.card.map((r) => r.afterData)), median(warmHistory.floor.map((r) => r.afterData)), "");
line("first history on screen, cache disabled", median(coldHistory.card.map((r) => r.rendered)), median(coldHistory.floor.map((r) => r.rendered)), "≤ 1.5×");
line(`1,000 rows via "show more", rendering time summed (${rowRuns} runs)`, median(rows.card.map((r) => r.rendering)), median(rows.floor.map((r) => r.rendering)), "≤ 1.25×");
row(["10,000-response customer: data arrived → first page in the DOM", ms(median(largeRuns.map((r) => r.afterData))), "", "", "≤ 50 ms"]);
row(["10,000-response customer: JS heap after it (page + card, after GC)", `${(heap / 1048576).toFixed(2)} MB`, "", "", "≤ 10 MB"]);
row(["10,000-response customer: card's WASM memory", wasmMemory == null ? "–" : `${(wasmMemory / 1048576).toFixed(2)} MB`, "", "", ""]);
