// WASM memory of a card left open all day: in the preview's card template,
// the conversation is switched with SET_PARAMETERS (the template's
// "feedback-app-update-parameters" event) between two customers, each switch
// shown before the next. After a warm-up, the growth of the WASM linear
// memory over BENCH_SWITCHES switches (1000) is reported. Run by
// scripts/bench.sh; exits non-zero when it grows by more than one 64 KB page.
import { launch } from "./browser.mjs";
import { openConversation, appFrame } from "./preview-page.mjs";
import { loopbackApi } from "./bench/paced-link.mjs";

const base = process.env.BASE_URL;
const switches = Number(process.env.BENCH_SWITCHES || 1000);
const warmup = Number(process.env.BENCH_WARMUP || 200);
const customers = [
  { respondentEmail: "anna.berg@example.com", respondentPhone: "", name: "Anna Berg" },
  { respondentEmail: "lars.nielsen@example.dk", respondentPhone: "+4522334455", name: "Lars Nielsen" },
];

// The card calls the API through the benchmark's proxy, unpaced here.
const apiProxy = await loopbackApi();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
await openConversation(page, base, "anna");
const app = appFrame(page);
const template = app.parentFrame();

// The app's wasm-bindgen glue returns the running instance's exports when
// initialised again; the linear memory is the one WebAssembly.Memory among
// them (the release build shortens export names).
const wasmBytes = () =>
  app.evaluate(async () => {
    const src = [...document.querySelectorAll("link[rel=modulepreload], script[src]")]
      .map((e) => e.href || e.src)
      .find((u) => /\.js$/.test(u));
    const glue = await import(src);
    const memory = Object.values(await glue.default()).find((v) => v instanceof WebAssembly.Memory);
    if (!memory) throw new Error("no WebAssembly.Memory among the card's exports");
    return memory.buffer.byteLength;
  });

async function switchTo(i) {
  const c = customers[i % 2];
  await template.evaluate((p) => {
    document.dispatchEvent(new CustomEvent("feedback-app-update-parameters", { detail: p }));
  }, { respondentEmail: c.respondentEmail, respondentPhone: c.respondentPhone });
  await app.waitForFunction(
    (name) => {
      const who = document.querySelector("[role=tabpanel]:not([hidden]) [data-state=history] .matched__who");
      return who && who.textContent.includes(name);
    },
    c.name,
    { polling: 5, timeout: 10000 },
  );
}

const started = Date.now();
for (let i = 1; i <= warmup; i++) await switchTo(i);
const before = await wasmBytes();
for (let i = 1; i <= switches; i++) await switchTo(warmup + i);
const after = await wasmBytes();
await browser.close();
await apiProxy.close();

const kb = (b) => (b / 1024).toFixed(0);
const growth = after - before;
console.log(`WASM memory, ${switches} conversation switches after ${warmup} warm-up (preview card template):`);
console.log(
  `  ${kb(before)} KB -> ${kb(after)} KB: +${kb(growth)} KB, ${(growth / switches).toFixed(0)} bytes per switch ` +
    `(${((Date.now() - started) / 1000).toFixed(0)} s)`,
);
if (growth > 64 * 1024) {
  console.log("  grows by more than one 64 KB page: something is kept per conversation");
  process.exitCode = 1;
}
