// A plain static host for the card's release build, sending exactly the
// headers docs/deploy.md asks a hosting team for, and a host page playing
// Dixa: the card template in a sandbox="allow-scripts" frame, next to a
// stranger frame. Each listens on its own loopback port (its own origin).
// The build's precompressed `.br` and `.gz` files are served when the
// browser accepts them, with `Content-Encoding` and `Vary: Accept-Encoding`.
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
/// `csp`: the policy, or a function of the file giving it (or none).
export function deployHeaders(file, { csp, cors = true }) {
  const type = TYPES[extname(file)];
  const headers = { "Content-Type": type, "X-Content-Type-Options": "nosniff" };
  // The same URL answers with another body by Accept-Encoding: caches
  // must keep them apart.
  headers["Vary"] = "Accept-Encoding";
  if (file.endsWith(".html")) {
    headers["Cache-Control"] = "no-cache";
    const policy = typeof csp === "function" ? csp(file) : csp;
    if (policy) headers["Content-Security-Policy"] = policy;
  } else {
    // Trunk puts a content hash in every other file's name (or folder).
    headers["Cache-Control"] = "public, max-age=31536000, immutable";
    if (cors) headers["Access-Control-Allow-Origin"] = "*";
  }
  return headers;
}

const SUFFIX = { br: ".br", gzip: ".gz" };

/// The encoding to send: the first of `offered` (server's preference) that
/// the request's Accept-Encoding names with a non-zero weight.
export function chooseEncoding(acceptEncoding, offered) {
  const accepted = new Map(
    String(acceptEncoding || "")
      .split(",")
      .map((part) => part.trim().split(/\s*;\s*q=/))
      .filter(([name]) => name)
      .map(([name, q]) => [name.toLowerCase(), q === undefined ? 1 : Number(q)]),
  );
  return offered.find((e) => (accepted.get(e) ?? accepted.get("*") ?? 0) > 0) || null;
}

/// The file's body as sent: its precompressed sibling for the first
/// encoding (of `offered`) the request accepts and the build wrote, or the
/// file itself.
async function encodedBody(file, acceptEncoding, offered) {
  for (let left = offered; ; ) {
    const encoding = chooseEncoding(acceptEncoding, left);
    if (!encoding) return { body: await readFile(file), encoding: null };
    try {
      return { body: await readFile(file + SUFFIX[encoding]), encoding };
    } catch {
      left = left.filter((e) => e !== encoding);
    }
  }
}

function listen(handler, port = 0) {
  const server = http.createServer((req, res) => {
    handler(req, res).catch((e) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(e));
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      server.origin = `http://127.0.0.1:${server.address().port}`;
      resolve(server);
    });
  });
}

/// Serves `dist` under `/card/` (the build's public URL), with the policy
/// the build wrote (or `csp`). Records every request with its Origin
/// header and what was sent. `encodings`: the precompressed files offered,
/// in order of preference (`[]`: always the plain file). `send(res, status,
/// headers, body)`: how the answer goes out (the benchmark paces it).
export async function staticHost(
  dist,
  {
    cors = true,
    csp = readFileSync(join(dist, "csp.txt"), "utf8").trim(),
    encodings = ["br", "gzip"],
    send = async (res, status, headers, body) => { res.writeHead(status, headers); res.end(body); },
    port = 0,
  } = {},
) {
  const requests = [];
  const server = await listen(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const record = { path, origin: req.headers.origin, encoding: null, bytes: 0 };
    requests.push(record);
    const relative = path === "/card/" ? "index.html" : path.replace(/^\/card\//, "");
    const file = normalize(join(dist, relative));
    if (!path.startsWith("/card/") || !file.startsWith(dist + sep) || !TYPES[extname(file)]) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not found");
    }
    let sent;
    try {
      const offered = typeof encodings === "function" ? encodings() : encodings;
      sent = await encodedBody(file, req.headers["accept-encoding"], offered);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not found");
    }
    const headers = deployHeaders(file, { csp, cors });
    if (sent.encoding) headers["Content-Encoding"] = sent.encoding;
    record.encoding = sent.encoding;
    record.bytes = sent.body.length;
    await send(res, 200, headers, sent.body);
  }, port);
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
