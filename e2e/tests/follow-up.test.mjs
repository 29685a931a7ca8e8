// Closing the loop across agents: agent A (Mette, on Anna's conversation)
// follows up one of Anna's responses by keyboard; agent B (Jonas, on
// another conversation with Anna) opens the card and sees Mette's note.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { launch } from "../browser.mjs";
import { openConversation, until } from "../preview-page.mjs";

const BASE = process.env.BASE_URL || "http://127.0.0.1:8080";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const focusOf = (card) =>
  card.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute("data-fu") || (el?.classList.contains("follow-up__action") ? "action" : el?.tagName);
  });

test("a follow-up saved on one agent's card shows on another agent's card", async () => {
  const note = `Called Anna, refund sent (${Date.now()})`;
  const a = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const cardA = await openConversation(a, BASE, "anna", { width: 400 });
  // A response of Anna's without a follow-up yet.
  const free = cardA.locator('li.response:has(.follow-up[data-status=""] .follow-up__action:not([hidden]))').first();
  await free.waitFor();
  const id = await free.getAttribute("data-id");
  const row = cardA.locator(`li.response[data-id="${id}"]`);
  assert.equal(await row.locator(".follow-up__line").innerText(), "");

  // Keyboard only: the action, the note, Tab past the status to Save, Enter.
  await row.locator(".follow-up__action").focus();
  await a.keyboard.press("Enter");
  await until("focus in the note", async () => (await focusOf(cardA)) === "note");
  // Before saving, the form says whose name the follow-up goes under.
  await until("Mette named", async () => /^Saved as Mette Holm, the agent Dixa assigned/.test(await cardA.locator(".follow-up__who").innerText()));
  await a.keyboard.type(note);
  await a.keyboard.press("Tab");
  assert.equal(await focusOf(cardA), "status");
  await a.keyboard.press("Tab");
  assert.equal(await focusOf(cardA), "save");
  await a.keyboard.press("Enter");
  await until("saved, said politely", async () => (await cardA.locator("#follow-up-news").innerText()) === "Follow-up saved.");
  assert.equal(await focusOf(cardA), "action", "focus back on the action");
  const lineA = await row.locator(".follow-up__line").innerText();
  assert.ok(lineA.startsWith("Waiting for follow-up") && lineA.endsWith(`Mette Holm: ${note}`), lineA);
  // The host page's log shows the call as the service stored it.
  await until("the host's log", async () => (await a.locator("#log").innerText()).includes(`Follow-up on response ${id}: Mette Holm moved it to open — “${note}”`));
  await a.close();

  // Agent B, another conversation with the same customer, at its next opening.
  const b = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const cardB = await openConversation(b, BASE, "anna-jonas", { width: 400 });
  const rowB = cardB.locator(`li.response[data-id="${id}"]`);
  await until("Mette's note on Jonas's card", async () => (await rowB.locator(".follow-up__line").innerText()).endsWith(`Mette Holm: ${note}`));
  assert.equal(await rowB.locator(".follow-up").getAttribute("data-status"), "open");
  // The form on Jonas's card says whose name a save would go under.
  await rowB.locator(".follow-up__action").click();
  await until("Jonas named", async () => /^Saved as Jonas Berg/.test(await cardB.locator(".follow-up__who").innerText()));
  await b.close();
});

for (const scheme of ["light", "dark"]) {
  test(`the open follow-up form has no serious accessibility violations (axe, ${scheme})`, async () => {
    // axe needs a page of a context of its own.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, colorScheme: scheme });
    const page = await context.newPage();
    const card = await openConversation(page, BASE, "lars", { width: 320 });
    // Lars's detractor is in progress: the form offers "no change" and closing.
    const row = card.locator('li.response:has(.follow-up[data-status="in_progress"])').first();
    await row.locator(".follow-up__action").click();
    await until("focus in the note", async () => (await focusOf(card)) === "note");
    // Closing without a note is refused before sending, beside the note.
    await card.locator(".follow-up__status").selectOption("closed");
    assert.equal(await card.locator(".follow-up__status").inputValue(), "closed");
    await card.locator('.follow-up__form [data-fu="save"]').click();
    const problem = await until("a refusal", async () => card.locator(".follow-up__problem").innerText());
    assert.equal(problem, "Closing needs a note saying what was done.");
    await until("said", async () => (await card.locator("#follow-up-news").innerText()) === "Closing needs a note saying what was done.");
    const results = await new AxeBuilder({ page }).include("#card").withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
    assert.ok(results.passes.some((p) => p.id === "label"), "the form's controls were checked for labels");
    await context.close();
  });
}
