#!/usr/bin/env node
// Fills the API base into the page's inline bootstrap script (which sends
// the first request before the WASM has loaded), then writes the card's
// Content-Security-Policy next to its index.html, as `csp.txt` (one line:
// the header's value). Run by Trunk after every build (the post_build hook
// in Trunk.toml), so the hash of the inline bootstrap script always matches
// the page it ships with.
//
//   node scripts/card-csp.mjs [DIR]     DIR defaults to $TRUNK_STAGING_DIR
//
// Environment (the same the build reads):
//   NPS_API_BASE          the API the card calls; the only place it may connect
//                         to besides its own files (default https://api.nps.today,
//                         as in src/config.rs)
//   CARD_FRAME_ANCESTORS  who may frame the card, e.g. `https://app.example.com`.
//                         Default: no frame-ancestors directive. Dixa renders the
//                         card frame sandboxed, so the card's parent has an opaque
//                         origin, and no frame-ancestors value (`*` included)
//                         matches an opaque origin: Chromium then refuses to show
//                         the card. Set it only where every frame around the card
//                         has a real origin.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const DEFAULT_API_BASE = "https://api.nps.today";
/// Where index.html's bootstrap names the API base: a JS string literal,
/// in whatever quotes the page's minifier chose.
const API_BASE_PLACEHOLDER = /(["'`])__NPS_API_BASE__\1/g;

function fail(message) {
  console.error(`card-csp: ${message}`);
  process.exit(1);
}

/// The API base as a CSP source: its origin, or origin + path with a
/// trailing slash (a source path without one matches that exact URL only).
export function apiSource(base) {
  let url;
  try {
    url = new URL(base);
  } catch {
    fail(`NPS_API_BASE is not a URL: ${JSON.stringify(base)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") fail(`NPS_API_BASE must be http(s): ${base}`);
  if (url.search || url.hash || url.username || url.password) {
    fail(`NPS_API_BASE must be a plain base URL (no query, fragment or credentials): ${base}`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  return path ? `${url.origin}${path}/` : url.origin;
}

/// `frame-ancestors` sources: `*`, `'self'`, `'none'` or origins, space
/// separated; `null` when unset (no directive).
export function frameAncestors(value) {
  const sources = (value || "").trim().split(/\s+/).filter(Boolean);
  if (sources.length === 0) return null;
  for (const s of sources) {
    if (!/^(\*|'self'|'none'|https?:\/\/[A-Za-z0-9.*-]+(:\d+)?|https?:)$/.test(s)) {
      fail(`CARD_FRAME_ANCESTORS: not a frame-ancestors source: ${JSON.stringify(s)}`);
    }
  }
  if (sources.includes("'none'") && sources.length > 1) fail("CARD_FRAME_ANCESTORS: 'none' stands alone");
  return sources.join(" ");
}

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/// Hashes of the page's inline <script> and <style> elements.
export function inlineHashes(html) {
  const hashes = (tag) =>
    [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, "gi"))]
      .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs))
      .map(([, , body]) => sha256(body));
  if (/\son[a-z]+\s*=/i.test(html.replace(/<script\b[\s\S]*?<\/script>/gi, ""))) {
    fail("index.html has an inline event handler attribute; the policy allows none");
  }
  return { scripts: hashes("script"), styles: hashes("style") };
}

/// The page with the API base filled into its bootstrap: the value the app
/// is built with (src/config.rs reads the same variable), as a JS string
/// that cannot end the script element.
export function fillApiBase(html, base) {
  if (!html.match(API_BASE_PLACEHOLDER)) fail("index.html's bootstrap has no API base placeholder (__NPS_API_BASE__)");
  const literal = JSON.stringify(base).replace(/</g, "\\u003c");
  return html.replace(API_BASE_PLACEHOLDER, () => literal);
}

/// Trunk preloads the JS glue and the wasm, but not the modules the glue
/// imports (`snippets/`): those would start only once the glue has arrived
/// and been parsed, one more round trip in series on every opening. This
/// preloads them beside the glue, under the same `crossorigin` and with
/// their integrity hashes.
export function preloadSnippets(html, dir) {
  const glue = html.match(/<link rel="modulepreload" href="([^"]*\/)?[^"\/]+\.js"[^>]*>/);
  if (!glue) return html;
  const publicUrl = glue[1] || "";
  const snippets = join(dir, "snippets");
  let found = [];
  try {
    const walk = (d) => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    found = walk(snippets).filter((f) => f.endsWith(".js"));
  } catch {
    return html;
  }
  const links = found
    .map((file) => {
      const href = publicUrl + relative(dir, file).split("\\").join("/");
      if (html.includes(`href="${href}"`)) return "";
      const integrity = `sha384-${createHash("sha384").update(readFileSync(file)).digest("base64")}`;
      return `<link rel="modulepreload" href="${href}" crossorigin="anonymous" integrity="${integrity}">`;
    })
    .join("");
  return html.replace(glue[0], glue[0] + links);
}

export function policy({ html, apiBase, ancestors }) {
  const { scripts, styles } = inlineHashes(html);
  if (scripts.length === 0) fail("index.html has no inline bootstrap script: is this Trunk's output?");
  return [
    "default-src 'none'",
    // The module script and its wasm come from the card's own host; the
    // inline bootstrap that imports them is allowed by its hash only.
    `script-src 'self' ${scripts.join(" ")} 'wasm-unsafe-eval'`,
    `style-src 'self'${styles.map((h) => " " + h).join("")}`,
    // 'self': the bootstrap fetches the wasm file.
    `connect-src 'self' ${apiBase}`,
    // The page's favicon is an empty data: URL (no request).
    "img-src data:",
    ...(ancestors ? [`frame-ancestors ${ancestors}`] : []),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
  if (!dir) fail("usage: card-csp.mjs DIR (or run as Trunk's post_build hook)");
  let html;
  try {
    html = readFileSync(join(dir, "index.html"), "utf8");
  } catch (e) {
    fail(`cannot read ${join(dir, "index.html")}: ${e.message}`);
  }
  const base = process.env.NPS_API_BASE || DEFAULT_API_BASE;
  const apiBase = apiSource(base);
  html = preloadSnippets(fillApiBase(html, base), dir);
  writeFileSync(join(dir, "index.html"), html);
  const csp = policy({
    html,
    apiBase,
    ancestors: frameAncestors(process.env.CARD_FRAME_ANCESTORS),
  });
  writeFileSync(join(dir, "csp.txt"), csp + "\n");
  console.error(`card-csp: wrote ${join(dir, "csp.txt")}`);
}
