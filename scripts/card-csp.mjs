#!/usr/bin/env node
// Writes the card's Content-Security-Policy next to its index.html, as
// `csp.txt` (one line: the header's value). Run by Trunk after every build
// (the post_build hook in Trunk.toml), so the hash of the inline bootstrap
// script Trunk writes always matches the page it ships with.
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
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const DEFAULT_API_BASE = "https://api.nps.today";

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
  const csp = policy({
    html,
    apiBase: apiSource(process.env.NPS_API_BASE || DEFAULT_API_BASE),
    ancestors: frameAncestors(process.env.CARD_FRAME_ANCESTORS),
  });
  writeFileSync(join(dir, "csp.txt"), csp + "\n");
  console.error(`card-csp: wrote ${join(dir, "csp.txt")}`);
}
