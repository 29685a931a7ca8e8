// Screenshots of the card in the preview host: each conversation at 320 and
// 400 px, light and dark. Usage: node screenshots.mjs [baseUrl] [outDir]
import { launch } from "./browser.mjs";
import { openConversation, appFrame } from "./preview-page.mjs";
import { mkdirSync } from "node:fs";

const base = process.argv[2] || "http://127.0.0.1:8080";
const out = process.argv[3] || "../screenshots/tmp";
const only = process.env.ONLY ? process.env.ONLY.split(",") : null;
mkdirSync(out, { recursive: true });
const conversations = ["anna", "peter", "lars", "loyal", "nora", "unknown", "unassigned", "anonymous"];
const browser = await launch();
for (const theme of ["light", "dark"]) {
  for (const width of [320, 400]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, colorScheme: theme });
    for (const id of conversations) {
      if (only && !only.includes(id)) continue;
      await openConversation(page, base, id, { width });
      await page.waitForTimeout(400);
      await page.locator(".card-shell").screenshot({ path: `${out}/${id}-${width}-${theme}.png` });
      if (id === "anna") {
        // A response's follow-up form open, with a note written.
        const card = appFrame(page);
        await card.locator(".follow-up__action:not([hidden])").first().click();
        await card.locator(".follow-up__note").fill("Called Anna, refund sent");
        await page.waitForTimeout(300);
        await page.locator(".card-shell").screenshot({ path: `${out}/follow-up-${width}-${theme}.png` });
        await page.keyboard.press("Escape");
        await card.locator("#tab-personal").click();
        await page.waitForTimeout(800);
        await page.locator(".card-shell").screenshot({ path: `${out}/personal-${width}-${theme}.png` });
      }
    }
    await page.close();
  }
}
await browser.close();
console.log(`screenshots in ${out}`);
