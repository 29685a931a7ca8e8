// The card with the keyboard only, in the preview (release card, real
// service, Debian's Chromium): after every action focus is on the control
// that replaced the one used or on what it revealed, never on the page;
// the live region says loading, loaded, failed and trying again; controls
// and focus rings stand out 3:1 in light and dark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "../browser.mjs";
import { appFrame, openConversation, until, text } from "../preview-page.mjs";

const BASE = process.env.BASE_URL || "http://127.0.0.1:8080";
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, ...options });
  return context.newPage();
}

/// What has focus in the card: "body", "#id", or "tag.class 'text'".
function focusOf(card) {
  return card.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return "body";
    if (a.id) return "#" + a.id;
    return `${a.tagName.toLowerCase()}.${a.className} '${(a.textContent || "").trim().slice(0, 40)}'`;
  });
}

/// Starts keyboard use on the card's selected tab, as an agent tabbing in.
async function enterCard(card) {
  await card.locator('[role=tab][aria-selected="true"]').focus();
}

/// Presses Tab until `matches(focus)` (at most 40 times).
async function tabTo(page, card, matches) {
  for (let i = 0; i < 40; i++) {
    const now = await focusOf(card);
    if (matches(now)) return now;
    await page.keyboard.press("Tab");
  }
  throw new Error(`never reached by Tab (last: ${await focusOf(card)})`);
}

test("show more by keyboard: focus stays on the button, then moves to the first revealed row", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "anna");
  // Anna's list is short: one press shows the rest ("3 of 5").
  const total = Number((await card.locator(".more__count").innerText()).match(/of (\d+)/)[1]);
  assert.ok(total > 3 && total <= 13, `one press shows all ${total}`);
  await enterCard(card);
  await tabTo(page, card, (f) => f.includes("Show more responses"));
  await page.keyboard.press("Enter");
  await until(`all ${total} rows`, async () => (await card.locator("li.response").count()) === total);
  await until("the button gone", async () => (await card.locator(".more button").count()) === 0);
  await until("focus on the 4th row, the first revealed", () => card.evaluate(() => document.activeElement === document.querySelectorAll("li.response")[3]));
  // The row is where reading goes on: Tab moves on from it, not from the top.
  assert.notEqual(await focusOf(card), "body");
  await page.context().close();
});

test("show more of 2,400: focus stays on the button, counts read as the locale writes them", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "loyal");
  assert.ok((await text(card)).includes("2,400 responses"), await text(card));
  await enterCard(card);
  const button = await tabTo(page, card, (f) => f.includes("Show more responses"));
  for (const shown of [13, 23]) {
    await page.keyboard.press("Enter");
    await until(`${shown} rows`, async () => (await card.locator("li.response").count()) === shown);
    await until("focus kept", async () => (await focusOf(card)) === button);
    assert.equal(await card.locator(".more__count").innerText(), `${shown} of 2,400`);
  }
  await until("the live region counts", async () => (await card.locator("#live").innerText()) === "Feedback loaded: 2,400 responses, 23 shown.");
  const danish = await openConversation(page, BASE, "loyal", { locale: "da" });
  assert.ok((await text(danish)).includes("2.400 besvarelser"), await text(danish));
  assert.equal(await danish.locator(".more__count").innerText(), "3 af 2.400");
  await page.context().close();
});

test("filters by keyboard keep focus on the chip used", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "anna");
  await enterCard(card);
  const chip = await tabTo(page, card, (f) => f.startsWith("button.chip 'Detractors"));
  await page.keyboard.press("Enter");
  await until("detractors only", async () => (await card.locator("li.response").count()) >= 1 && (await card.locator("li.response:not(.response--detractor)").count()) === 0);
  assert.equal(await focusOf(card), chip);
  assert.equal(await card.locator(".chip", { hasText: "Detractors" }).getAttribute("aria-pressed"), "true");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Space");
  await until("all again", async () => (await card.locator("li.response").count()) === 3);
  assert.ok((await focusOf(card)).startsWith("button.chip 'All"));
  await page.context().close();
});

test("tabs by keyboard; a panel with nothing focusable is reachable", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "unassigned");
  await enterCard(card);
  assert.equal(await focusOf(card), "#tab-customer");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focusOf(card), "#tab-personal");
  assert.equal(await card.locator("#tab-personal").getAttribute("aria-selected"), "true");
  await until("no-employee", async () => (await card.locator('[data-state="no-employee"]').count()) === 1);
  await page.keyboard.press("Tab");
  assert.equal(await focusOf(card), "#panel-personal", "the panel itself takes focus");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Home");
  assert.equal(await focusOf(card), "#tab-customer");
  assert.equal(await card.locator("#panel-customer").isVisible(), true);
  await page.context().close();
});

test("expanding a comment by keyboard keeps focus on its button", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "anna");
  await enterCard(card);
  const toggle = await tabTo(page, card, (f) => f.startsWith("button.link"));
  await page.keyboard.press("Enter");
  await until("expanded", async () => (await card.locator(".response .link").first().getAttribute("aria-expanded")) === "true");
  assert.equal(await focusOf(card), toggle.replace("Show more", "Show less"));
  await page.keyboard.press("Enter");
  await until("collapsed", async () => (await card.locator(".response .link").first().getAttribute("aria-expanded")) === "false");
  assert.equal(await focusOf(card), toggle);
  await page.context().close();
});

test("open the Personal Page by keyboard: focus moves to the panel it opened", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "anonymous");
  await enterCard(card);
  assert.equal(await focusOf(card), "#tab-personal");
  await page.keyboard.press("ArrowLeft");
  await until("no identifiers", async () => (await card.locator('[data-state="no-identifiers"]:visible').count()) === 1);
  await tabTo(page, card, (f) => f.includes("Open your Personal Page"));
  await page.keyboard.press("Enter");
  await until("focus on the Personal Page", async () => (await focusOf(card)) === "#panel-personal");
  assert.equal(await card.locator("#tab-personal").getAttribute("aria-selected"), "true");
  assert.ok((await card.locator("#panel-personal").innerText()).includes("Mette Holm"));
  await page.context().close();
});

test("a failed load, said by the live region, then Try again by keyboard", async () => {
  const page = await newPage();
  await openConversation(page, BASE, "anna");
  // Four failures: the first call and its three automatic retries.
  await page.selectOption("#fault", "server_error:4");
  const old = appFrame(page);
  await page.click("#inject");
  await until("the card reloaded", async () => old.isDetached() && appFrame(page));
  const card = appFrame(page);
  // Every text the region says, from the moment it exists.
  await until("the live region", () => card.evaluate(() => {
    const live = document.getElementById("live");
    if (!live) return false;
    window.said = [live.textContent];
    window.region = live;
    new MutationObserver(() => { if (window.said.at(-1) !== live.textContent) window.said.push(live.textContent); })
      .observe(live, { childList: true, characterData: true, subtree: true });
    return true;
  }));
  await until("failed", async () => (await card.locator('[data-state="failing"] button').count()) === 1, 20000);
  const said = await card.evaluate(() => window.said);
  for (const words of ["nps.today had a problem. Trying again in 1 s…", "nps.today had a problem. Trying again in 2 s…", "nps.today had a problem. Trying again in 4 s…"]) {
    assert.ok(said.includes(words), `${words} in ${JSON.stringify(said)}`);
  }
  assert.equal(said.at(-1), "Loading failed: nps.today had a problem.");
  assert.equal(await card.locator("[role=alert], [aria-live=assertive]").count(), 0, "nothing assertive for a routine retry");
  await enterCard(card);
  await tabTo(page, card, (f) => f.includes("Try again"));
  await page.keyboard.press("Enter");
  await until("recovered", async () => (await card.locator('[data-state="history"]').count()) === 1);
  await until("focus on the panel now showing the history", async () => (await focusOf(card)) === "#panel-customer");
  const total = (await card.locator(".more__count").innerText()).match(/of (\d+)/)[1];
  const after = await card.evaluate(() => window.said);
  assert.deepEqual(after.slice(said.length).filter((s) => s), ["Loading feedback…", `Feedback loaded: ${total} responses, 3 shown.`]);
  assert.ok(await card.evaluate(() => document.getElementById("live") === window.region), "one region throughout");
  await page.context().close();
});

// WCAG relative luminance and contrast of two CSS colours.
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const scheme of ["light", "dark"]) {
  test(`controls and focus rings stand out 3:1 (${scheme})`, async () => {
    const page = await newPage({ colorScheme: scheme });
    const card = await openConversation(page, BASE, "loyal");
    const colours = await card.evaluate(() => {
      const css = (el, p) => getComputedStyle(el)[p];
      const bg = css(document.body, "backgroundColor");
      const out = [];
      for (const el of document.querySelectorAll(".chip, .more .button, .response .link")) {
        const name = `${el.className} '${el.textContent.trim()}'`;
        // A control's edge: its border, or its text where it has no border.
        const edge = parseFloat(css(el, "borderTopWidth")) > 0 ? css(el, "borderTopColor") : css(el, "color");
        out.push({ name, edge, against: bg, fill: css(el, "backgroundColor") });
        el.focus({ focusVisible: true });
        out.push({ name: name + " focus ring", edge: css(el, "outlineColor"), against: bg, style: css(el, "outlineStyle"), width: css(el, "outlineWidth") });
      }
      return out;
    });
    assert.ok(colours.length >= 8, JSON.stringify(colours));
    for (const c of colours) {
      assert.ok(contrast(c.edge, c.against) >= 3, `${c.name}: ${c.edge} on ${c.against} is ${contrast(c.edge, c.against).toFixed(2)}:1`);
      if (c.fill && !/rgba\(0, 0, 0, 0\)/.test(c.fill) && c.fill !== c.edge) {
        assert.ok(contrast(c.edge, c.fill) >= 3 || contrast(c.fill, c.against) >= 3, `${c.name}: edge ${c.edge} on its fill ${c.fill}`);
      }
      if (c.style) assert.ok(c.style !== "none" && parseFloat(c.width) >= 2, `${c.name}: ${c.style} ${c.width}`);
    }
    await page.context().close();
  });
}
