#!/usr/bin/env node
// The follow-up form's module (src/follow_up_form.js), which the card loads
// only when an agent opens a form: minified, named by its content, and named
// in the page's import map with its integrity hash, so the browser runs that
// file and no other. Also minifies the page's loader script (the page's own
// minifier leaves a script with dynamic import() as it is). Run by Trunk after every build (the post_build hook in
// Trunk.toml), before slim-card.mjs and card-csp.mjs (which hashes the import
// map with the page's other inline scripts).
//
//   node scripts/follow-up-form.mjs [DIR]     DIR defaults to $TRUNK_STAGING_DIR
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

function fail(message) {
  console.error(`follow-up-form: ${message}`);
  process.exit(1);
}

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) fail("usage: follow-up-form.mjs DIR (or run as Trunk's post_build hook)");
const source = join(dir, "follow_up_form.js");
if (!existsSync(source)) fail(`${source} is missing: is index.html's copy-file link gone?`);
const esbuildPath = fileURLToPath(new URL("./node_modules/esbuild/lib/main.js", import.meta.url));
if (!existsSync(esbuildPath)) fail("esbuild is missing: run `npm ci --prefix scripts` (scripts/setup.sh does)");
const { transform } = await import(esbuildPath);
const { code } = await transform(readFileSync(source, "utf8"), { minify: true, format: "esm", target: "es2020" });
const name = `follow-up-${createHash("sha256").update(code).digest("hex").slice(0, 12)}.js`;
writeFileSync(join(dir, name), code);
rmSync(source);

const htmlPath = join(dir, "index.html");
let html = readFileSync(htmlPath, "utf8");
const integrity = "sha384-" + createHash("sha384").update(code).digest("base64");
if (!html.includes("__FOLLOW_UP_FORM__") || !html.includes("__FOLLOW_UP_FORM_INTEGRITY__")) {
  fail("index.html has no import map for the follow-up form");
}
html = html.replaceAll("__FOLLOW_UP_FORM_INTEGRITY__", integrity).replaceAll("__FOLLOW_UP_FORM__", name);
const loader = /<script>([^<]*window\.feedbackAppFollowUp[^<]*)<\/script>/;
const found = html.match(loader);
if (!found) fail("index.html has no follow-up loader script");
const small = (await transform(found[1], { minify: true, target: "es2020" })).code.trim();
html = html.replace(loader, () => `<script>${small}</script>`);
writeFileSync(htmlPath, html);
console.log(`follow-up-form: ${name}, ${code.length} B`);
