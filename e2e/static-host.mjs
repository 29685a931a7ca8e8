// A plain static host for the card's release build, sending exactly the
// headers docs/deploy.md asks a hosting team for, and a host page playing
// Dixa: the card template in a sandbox="allow-scripts" frame, next to a
// stranger frame. Each listens on its own loopback port (its own origin).
import http from "node:http";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};

/// The headers of docs/deploy.md for one file of the build. `cors: false`
/// leaves out Access-Control-Allow-Origin, as an unconfigured host would.
export function deployHeaders(file, { csp, cors = true }) {
  const type = TYPES[extname(file)];
  const headers = { "Content-Type": type, "X-Content-Type-Options": "nosniff" };
  if (file.endsWith(".html")) {
    headers["Cache-Control"] = "no-cache";
    headers["Content-Security-Policy"] = csp;
  } else {
    // Trunk puts a content hash in every other file's name (or folder).
    headers["Cache-Control"] = "public, max-age=31536000, immutable";
    if (cors) headers["Access-Control-Allow-Origin"] = "*";
  }
  return headers;
}

function listen(handler) {
  const server = http.createServer((req, res) => {
    handler(req, res).catch((e) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(e));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      server.origin = `http://127.0.0.1:${server.address().port}`;
      resolve(server);
    });
  });
}

/// Serves `dist` under `/card/` (the build's public URL), with the policy
/// the build wrote (or `csp`). Records every request with its Origin header.
export async function staticHost(dist, { cors = true, csp = readFileSync(join(dist, "csp.txt"), "utf8").trim() } = {}) {
  const requests = [];
  const server = await listen(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push({ path, origin: req.headers.origin });
    const relative = path === "/card/" ? "index.html" : path.replace(/^\/card\//, "");
    const file = normalize(join(dist, relative));
    if (!path.startsWith("/card/") || !file.startsWith(dist + sep) || !TYPES[extname(file)]) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not found");
    }
    let body;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not found");
    }
    res.writeHead(200, deployHeaders(file, { csp, cors }));
    res.end(body);
  });
  server.requests = requests;
  server.csp = csp;
  return server;
}

const attr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

// What Dixa does with the template's Liquid placeholders: the hook's values,
// inside double-quoted JS strings.
const jsString = (value) => JSON.stringify(value == null ? "" : String(value)).slice(1, -1).replace(/</g, "\\u003c");
export function renderTemplate(template, values) {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name) => jsString(values[name]));
}

/// The stranger: a sibling frame that keeps posting its own SET_PARAMETERS
/// to the app inside the card frame, and counts what it posted.
const STRANGER = `<!DOCTYPE html><script>
  window.posted = 0;
  setInterval(function () {
    try {
      var app = parent.frames[0].frames[0];
      if (!app) return;
      app.postMessage({ action: "SET_PARAMETERS", parameters: { token: "stranger-token", respondentEmail: "", respondentPhone: "+4520304050" } }, "*");
      window.posted++;
    } catch (e) {}
  }, 50);
</script>`;

/// Serves a page with the rendered card template in a sandboxed frame
/// (as Dixa renders a custom card) and the stranger beside it.
export async function hostPage(renderedCard) {
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>host</title></head><body>
<iframe name="card" sandbox="allow-scripts" style="width:360px;height:640px;border:0" srcdoc="${attr(renderedCard)}"></iframe>
<iframe name="stranger" sandbox="allow-scripts" style="width:10px;height:10px;border:0" srcdoc="${attr(STRANGER)}"></iframe>
</body></html>`;
  return listen(async (req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(page);
  });
}

export const close = (server) => new Promise((resolve) => server.close(resolve));
