// Time to READY and to the first rendered history, from the card frame's
// own navigation start (performance marks set by the app), over repeated
// loads of the preview host page. Run by scripts/bench.sh.
import { launch } from "./browser.mjs";
import { openConversation, appFrame } from "./preview-page.mjs";

const base = process.env.BASE_URL;
const runs = Number(process.env.BENCH_RUNS || 20);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
const page = await context.newPage();
const samples = { ready: [], rendered: [], wasm: [] };
// One warm-up (compiles and caches the module, as an agent's second conversation would).
for (let i = 0; i <= runs; i++) {
  await openConversation(page, base, i % 2 ? "anna" : "loyal");
  const frame = appFrame(page);
  const m = await frame.evaluate(() => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime;
    const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
    return { ready: at("feedback:ready"), rendered: at("feedback:rendered"), wasm: wasm ? wasm.duration : null };
  });
  if (i > 0) for (const k of Object.keys(samples)) if (m[k] != null) samples[k].push(m[k]);
}
await browser.close();
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms (n=${s.length})`;
};
console.log("Card frame timings (Chromium, loopback, warm cache):");
console.log(`  time to READY posted:        ${stat(samples.ready)}`);
console.log(`  time to first history shown: ${stat(samples.rendered)}`);
if (samples.wasm.length) console.log(`  wasm fetch (resource timing): ${stat(samples.wasm)}`);
