#!/usr/bin/env node
// Takes out of the release card what it ships but never uses, and shortens
// what it must ship: every opening of a Dixa conversation downloads the whole
// card again (its sandboxed frame caches nothing). Run by Trunk after the
// release build (the post_build hook in Trunk.toml), before card-csp.mjs.
//
//  1. JS classes of the glue that nothing constructs, and the wasm exports
//     only they call: leptos always builds server_fn's browser client, whose
//     wasm-streams exports `IntoUnderlying{Source,ByteSource,Sink}` to JS;
//     the card has no server functions. Then every wasm export the remaining
//     glue does not read (e.g. `main`, which `__wbindgen_start` calls).
//  2. The wasm's import and export names, which wasm-bindgen writes as
//     `__wbg_<method>_<16 hex digits>` and paths of Rust types (~200 names,
//     each in the wasm and again in the glue, the hex digits incompressible):
//     binaryen renames them to one or two letters and says how; the glue is
//     renamed to match. wasm-opt -Oz runs again on the smaller module.
//  3. The glue minified (esbuild), and the page's Subresource Integrity
//     hashes of the two changed files written anew; snippets the glue does
//     not import (an earlier build's, which Trunk copies and preloads) out.
// A rename the glue and the wasm disagree on fails the build here, not in
// the browser.
//
//   node scripts/slim-card.mjs [DIR]     DIR defaults to $TRUNK_STAGING_DIR
// Debug builds (TRUNK_PROFILE=debug) are left as they are.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function fail(message) {
  console.error(`slim-card: ${message}`);
  process.exit(1);
}

// ---- wasm binary: the export section

function readLeb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/// The module with only the exports `keep` accepts (by name).
export function keepExports(bytes, keep) {
  const out = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    const end = start + size;
    if (id !== 7) {
      out.push(bytes.subarray(at, end));
    } else {
      const [count, first] = readLeb(bytes, start);
      const kept = [];
      let p = first;
      for (let i = 0; i < count; i++) {
        const [nameLength, nameStart] = readLeb(bytes, p);
        const name = Buffer.from(bytes.subarray(nameStart, nameStart + nameLength)).toString("utf8");
        const [, indexEnd] = readLeb(bytes, nameStart + nameLength + 1);
        if (keep(name)) kept.push(bytes.subarray(p, indexEnd));
        p = indexEnd;
      }
      const payload = Buffer.concat([Buffer.from(leb(kept.length)), ...kept]);
      out.push(Buffer.from([7, ...leb(payload.length)]), payload);
    }
    at = end;
  }
  return Buffer.concat(out);
}

// ---- the glue

/// Exported classes no code of the glue refers to outside their own
/// definition, finalizer and dispose line: only a caller of the module's
/// exports could make one, and the card's page only calls `init`.
function unusedClasses(glue) {
  return [...glue.matchAll(/^export class (\w+) \{/gm)]
    .map((m) => m[1])
    .filter((name) => {
      const rest = withoutClass(glue, name);
      return !new RegExp(`\\b${name}\\b`).test(rest);
    });
}

function withoutClass(glue, name) {
  const start = glue.indexOf(`export class ${name} {`);
  const end = glue.indexOf("\n}\n", start);
  if (start < 0 || end < 0) fail(`cannot find the end of class ${name} in the glue`);
  return (glue.slice(0, start) + glue.slice(end + 3))
    .replace(new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`, "m"), "")
    .replace(new RegExp(`^const ${name}Finalization = [^;]*;\\n`, "m"), "");
}

const escape = (s) => s.replace(/[$]/g, "\\$");

// ---- main

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) fail("usage: slim-card.mjs DIR (or run as Trunk's post_build hook)");
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== "release") process.exit(0);

const esbuildPath = join(ROOT, "scripts/node_modules/esbuild/lib/main.js");
if (!existsSync(esbuildPath)) fail("esbuild is missing: run `npm ci --prefix scripts` (scripts/setup.sh does)");
const { transform } = await import(esbuildPath);

const htmlPath = join(dir, "index.html");
let html = readFileSync(htmlPath, "utf8");
const wasmName = html.match(/href=["']?[^"'\s>]*?([^/"'\s>]+_bg\.wasm)/)?.[1];
if (!wasmName) fail("index.html preloads no *_bg.wasm: is this Trunk's release output?");
const glueName = wasmName.replace(/_bg\.wasm$/, ".js");
const wasmPath = join(dir, wasmName), gluePath = join(dir, glueName);
let glue = readFileSync(gluePath, "utf8");

// 1. Unused classes out of the glue; the exports it still reads.
for (const name of unusedClasses(glue)) glue = withoutClass(glue, name);
const read = new Set([...glue.matchAll(/\bwasm\.([A-Za-z0-9_$]+)/g)].map((m) => m[1]));
const original = readFileSync(wasmPath);
const exported = WebAssembly.Module.exports(new WebAssembly.Module(original)).map((e) => e.name);
for (const name of read) if (!exported.includes(name)) fail(`the glue reads wasm.${name}, which the wasm does not export`);
const trimmed = keepExports(original, (name) => read.has(name));

// 2. Optimise again with the names minified, with the flags Trunk's wasm-opt had.
const source = readFileSync(join(ROOT, "index.html"), "utf8");
const features = (source.match(/data-wasm-opt-params="([^"]*)"/)?.[1] || "").split(/\s+/).filter(Boolean);
writeFileSync(wasmPath, trimmed);
// --low-memory-unused lets loads and stores fold constant offsets: Rust
// puts the stack first, so the low 1 KB is reached only by a null pointer
// or by a stack already out of room (0.5 KB gzip).
const opt = spawnSync("wasm-opt", [wasmPath, ...features, "--minify-imports-and-exports-and-modules", "--low-memory-unused", "-Oz", "-o", wasmPath], {
  encoding: "utf8",
  maxBuffer: 1 << 26,
});
if (opt.status !== 0) fail(`wasm-opt failed: ${opt.stderr || opt.error}`);
const json = opt.stdout.slice(opt.stdout.indexOf("{"), opt.stdout.lastIndexOf("}") + 1);
let mapping;
try {
  mapping = JSON.parse(json);
} catch {
  fail(`wasm-opt printed no name mapping: ${opt.stdout.slice(0, 200)}`);
}

const imports = glue.match(/^function __wbg_get_imports\(\) \{\n    const (\w+) = \{\n([\s\S]*?)\n    \};\n([\s\S]*?)\n\}\n/m);
if (!imports) fail("cannot find __wbg_get_imports in the glue");
const [whole, objectName, entries, tail] = imports;
// The modules the wasm imports from, by the glue's name for each: its own
// shims (`import0`) and JavaScript modules of the app (`import * as importN`).
const moduleVars = new Map([...tail.matchAll(/^ {8}"([^"]+)": (\w+),$/gm)].map((m) => [m[1], m[2]]));
const [mainModule] = [...moduleVars].find(([, v]) => v === objectName) || [];
if (!mainModule) fail("the glue's import object names no module for its shims");
let newEntries = entries;
const added = [];
for (const [module, name, short] of mapping.imports) {
  if (module === mainModule) {
    const key = new RegExp(`^        ${escape(name)}: `, "m");
    if (!key.test(newEntries)) fail(`the wasm imports ${module}.${name}, which the glue does not define`);
    newEntries = newEntries.replace(key, `        ${short}: `);
  } else {
    const namespace = moduleVars.get(module);
    if (!namespace || !/^[A-Za-z_$][\w$]*$/.test(name)) fail(`the wasm imports ${module}.${name}, which the glue does not name`);
    added.push(`        ${short}: ${namespace}.${name},`);
  }
}
// binaryen gives every import one module name; the names are unique across
// what were several modules, so one object holds them all.
const finalImports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath)));
const shortModules = new Set(finalImports.map((i) => i.module));
if (shortModules.size !== 1) fail(`expected one import module after minifying, found ${[...shortModules].join(", ")}`);
const [shortModule] = shortModules;
const newTail = `    return {\n        __proto__: null,\n        ${JSON.stringify(shortModule)}: ${objectName},\n    };`;
if (!/^ {4}return \{\n {8}__proto__: null,\n(?: {8}"[^"]+": \w+,\n)+ {4}\};$/.test(tail)) fail("unexpected shape of the glue's import object");
glue = glue.replace(whole, `function __wbg_get_imports() {\n    const ${objectName} = {\n${[newEntries, ...added].join("\n")}\n    };\n${newTail}\n}\n`);
for (const [name, short] of mapping.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, "g"), `wasm.${short}`);
}
const final = new WebAssembly.Module(readFileSync(wasmPath));
const finalExports = new Set(WebAssembly.Module.exports(final).map((e) => e.name));
for (const m of glue.matchAll(/\bwasm\.([A-Za-z0-9_$]+)/g)) {
  if (!finalExports.has(m[1])) fail(`after renaming, the glue reads wasm.${m[1]}, which the wasm does not export`);
}

// Trunk copies, and preloads, every file wasm-bindgen ever wrote to its
// snippets folder, an earlier build's too: those the glue does not import go.
const snippetDir = join(dir, "snippets");
const walk = (d) => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
for (const file of existsSync(snippetDir) ? walk(snippetDir) : []) {
  const path = relative(dir, file).split("\\").join("/");
  if (glue.includes(`./${path}`)) continue;
  rmSync(file);
  html = html.replace(new RegExp(`<link\\b[^>]*${escape(path).replace(/[.]/g, "\\.")}[^>]*>`, "g"), "");
}

// 3. Minified glue; integrity hashes anew.
const minified = await transform(glue, { minify: true, format: "esm", treeShaking: true, target: "es2020" });
writeFileSync(gluePath, minified.code);
const sri = (path) => "sha384-" + createHash("sha384").update(readFileSync(path)).digest("base64");
for (const [name, path] of [[glueName, gluePath], [wasmName, wasmPath]]) {
  let found = false;
  html = html.replace(/<link\b[^>]*>/g, (tag) => {
    if (!tag.includes(name) || !/integrity=/.test(tag)) return tag;
    found = true;
    return tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${sri(path)}$1`);
  });
  if (!found) fail(`index.html has no <link> with an integrity hash for ${name}`);
}
writeFileSync(htmlPath, html);
console.log(
  `slim-card: ${wasmName} ${original.length} -> ${readFileSync(wasmPath).length} B, ` +
    `${glueName} -> ${minified.code.length} B (${exported.length - finalExports.size} exports removed, ` +
    `${mapping.imports.length} imports renamed)`,
);
