#!/usr/bin/env node
// Writes a precompressed `.gz` (gzip -9) and `.br` (brotli 11) beside every
// page, script, stylesheet and wasm file of a build, so a static host can
// send them as they are (nginx `gzip_static`/`brotli_static`, S3 objects
// with `Content-Encoding`; docs/deploy.md). Run by Trunk after every build
// (the post_build hook in Trunk.toml), after the page is final.
//
//   node scripts/precompress.mjs [DIR]     DIR defaults to $TRUNK_STAGING_DIR
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(wasm|js|css|html)$/.test(name) ? [path] : [];
  });
}

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("precompress: usage: precompress.mjs DIR (or run as Trunk's post_build hook)");
  process.exit(1);
}
for (const path of files(dir)) {
  const raw = readFileSync(path);
  // gzip(1): a few hundred bytes smaller than node's zlib at level 9; -n
  // leaves out the name and time, so a build is reproducible.
  writeFileSync(`${path}.gz`, execFileSync("gzip", ["-9nc"], { input: raw, maxBuffer: 1 << 28 }));
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
  );
}
