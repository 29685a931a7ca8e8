// The card end to end: the preview host page (playing Dixa) with the
// project's card template in a sandboxed frame, the built WASM card, and
// the local nps.today service over real HTTP, in Debian's Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "../browser.mjs";
import { appFrame, openConversation, waitForCard, until, text } from "../preview-page.mjs";
import AxeBuilder from "@axe-core/playwright";

const BASE = process.env.BASE_URL || "http://127.0.0.1:8080";
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, ...options });
  const page = await context.newPage();
  page.requests = [];
  page.consoleLines = [];
  page.on("request", (r) => page.requests.push(r));
  page.issuedTokens = [];
  page.on("response", async (r) => {
    if (r.url().endsWith("/employees/token") && r.ok()) page.issuedTokens.push((await r.json()).token);
  });
  page.on("console", (m) => page.consoleLines.push(m.text()));
  page.on("pageerror", (e) => page.consoleLines.push("pageerror " + e.message));
  return page;
}

test("an email-only conversation shows the customer's history", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "anna");
  const t = await text(card);
  for (const part of ["Matched by email", "Anna Berg", "Promoter", "+25", "4 responses", "Quick and friendly"]) {
    assert.ok(t.includes(part), `${part} in:\n${t}`);
  }
  // Tokens come from the hook, travel only in the Authorization header,
  // and appear in no URL and no console line.
  const tokens = page.issuedTokens;
  assert.ok(tokens.length > 0, "the hook issued a token");
  const api = page.requests.filter((r) => r.url().includes("/feedback-app/") && r.method() === "GET");
  assert.ok(api.length > 0, "the card called the API");
  for (const r of api) assert.ok(tokens.map((t) => `Bearer ${t}`).includes((await r.allHeaders()).authorization));
  for (const t of tokens) {
    assert.ok(!page.requests.some((r) => r.url().includes(t)), "token in no URL");
    assert.ok(!page.consoleLines.some((l) => l.includes(t)), "token in no console line");
  }
  await page.context().close();
});

test("a live card switched in place never shows the previous customer, even when her request answers late", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "anna");
  const template = page.frames().find((f) => f.url() === "about:srcdoc");
  // Anna's next request (her detractors) is held until Peter is on screen.
  let held, heldRequest;
  const reached = new Promise((resolve) => {
    page.route((url) => url.pathname.endsWith("/respondent-responses") && url.search.includes("anna.berg") && url.search.includes("filter="), (route) => {
      held = route;
      heldRequest = route.request();
      resolve();
    });
  });
  await card.locator(".filters .chip", { hasText: "Detractors" }).click();
  await reached;
  const settled = new Promise((resolve) => {
    page.on("requestfinished", (r) => r === heldRequest && resolve("finished"));
    page.on("requestfailed", (r) => r === heldRequest && resolve("failed"));
  });
  // The card template's in-place update, as a host switching conversation.
  await template.evaluate(() => {
    document.dispatchEvent(new CustomEvent("feedback-app-update-parameters", { detail: { respondentEmail: "", respondentPhone: "+4520304050" } }));
  });
  await until("Peter in the same card", async () => (await text(card)).includes("Peter Sørensen"));
  assert.ok(!card.isDetached() && appFrame(page) === card, "the same card frame, updated in place");
  // Anna's answer is let through; the card had aborted it (or must ignore it).
  await held.continue().catch(() => {});
  await settled;
  // A later update that must be handled after Anna's answer arrived.
  await template.evaluate(() => {
    document.dispatchEvent(new CustomEvent("feedback-app-update-parameters", { detail: { locale: "da" } }));
  });
  await until("Danish", async () => (await text(card)).includes("Fundet via telefon"));
  const t = await text(card);
  assert.ok(t.includes("Peter Sørensen") && !t.includes("Anna"), t);
  assert.equal(await card.locator('.filters .chip[aria-pressed="true"]').innerText(), "Alle", "a new customer starts on all");
  await page.context().close();
});

test("a phone-only conversation in Danish, and switching never shows the previous customer", async () => {
  const page = await newPage();
  await openConversation(page, BASE, "anna");
  const card = await openConversation(page, BASE, "peter", { locale: "da" });
  const t = await text(card);
  assert.ok(t.includes("Fundet via telefon") && t.includes("Peter Sørensen") && t.includes("Kritiker"), t);
  assert.ok(!t.includes("Anna"), "no trace of the previous conversation");
  await page.context().close();
});

test("the card sizes its frame to its content (no inner scrollbar)", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "loyal", { width: 320 });
  await until("frame sized", async () => {
    const inner = await card.evaluate(() => ({ content: document.querySelector(".card").getBoundingClientRect().height, viewport: window.innerHeight, scroll: document.documentElement.scrollWidth > window.innerWidth }));
    return Math.abs(inner.content - inner.viewport) <= 2 && !inner.scroll;
  });
  await page.context().close();
});

test("the fixed-height template shaped like nps.today's works unchanged", async () => {
  const page = await newPage();
  const old = await openConversation(page, BASE, "anna");
  await page.check("#seed-mode");
  await until("the card re-rendered", async () => old.isDetached());
  const card = await waitForCard(page);
  assert.ok((await text(card)).includes("Anna Berg"));
  const height = await page.frames().find((f) => f.url() === "about:srcdoc").evaluate(() => document.getElementById("feedback-app").getAttribute("height"));
  assert.equal(height, "600px");
  // Dispatched the way nps.today's guide shows (values in the init dict,
  // which CustomEvent ignores), the update arrives as an empty
  // `parameters`: nothing may change.
  const apiCalls = () => page.requests.filter((r) => r.url().includes("/feedback-app/")).length;
  const callsBefore = apiCalls();
  const template = page.frames().find((f) => f.url() === "about:srcdoc");
  await template.evaluate(() => {
    document.body.dispatchEvent(new CustomEvent("feedback-app-nps-today-update-parameters", { parameters: { respondentEmail: "someone@else.example" } }));
  });
  // Then an update the template does pass on (values on the event itself):
  // once the card shows it, the empty one before it has been handled.
  await template.evaluate(() => {
    const event = new CustomEvent("feedback-app-nps-today-update-parameters");
    event.parameters = { locale: "da" };
    document.body.dispatchEvent(event);
  });
  await until("the later update shown", async () => (await text(card)).includes("Fundet via e-mail"));
  assert.equal(apiCalls(), callsBefore, "the empty update asked for nobody");
  assert.ok((await text(card)).includes("Anna Berg"));
  await page.context().close();
});

test("close the conversation as in Dixa (P-GAP required, read from Dixa's API), the customer answers, the card shows it", async () => {
  const page = await newPage();
  let card = await openConversation(page, BASE, "nora");
  await until("Nora's empty history", async () => (await text(appFrame(page))).includes("No surveys yet"));
  assert.ok(await page.locator("#close-conv").isDisabled(), "no closing before the agent chose a P-GAP");
  await page.selectOption("#pgap", "8");
  assert.ok(await page.locator("#close-conv").isEnabled());
  const webhook = page.waitForRequest((r) => r.url().endsWith("/api/dixa/relay") && r.method() === "POST");
  await page.click("#close-conv");
  const sent = JSON.parse((await webhook).postData());
  const conversation = sent.data.conversation;
  assert.equal(conversation.custom_attributes, undefined, "like Dixa's, the webhook carries no custom attributes");
  assert.equal(conversation.customAttributes, undefined);
  const form = page.locator("#log form").first();
  await form.waitFor();
  assert.match(await page.locator("#log li").first().innerText(), /survey sent .*P-GAP read from Dixa in the background/);
  assert.ok(await page.locator("#close-conv").isDisabled(), "the next close needs a new choice");
  await form.locator("select").selectOption("3");
  await form.locator("input").fill("Nobody <i>called</i> back.");
  await form.locator("button").click();
  card = await until("the answer in the card", async () => {
    const f = appFrame(page);
    return f && (await text(f)).includes("Nobody <i>called</i> back.") ? f : null;
  });
  const t = await text(card);
  assert.ok(t.includes("Detractor") && t.includes("P-GAP +5 · agent guessed 8, customer 3"), t);
  assert.equal(await card.locator(".response i").count(), 0, "customer text stays text");
  await page.context().close();
});

test("an expired token says so, and reopening fixes it", async () => {
  const page = await newPage();
  await openConversation(page, BASE, "anna");
  await page.click("#expire");
  const card = await until("expired state", async () => {
    const f = appFrame(page);
    return f && (await f.locator('[data-state="expired"]').count()) ? f : null;
  });
  assert.ok((await text(card)).includes("Reopen the conversation"));
  await page.click("#reopen");
  await until("history again", async () => {
    const f = appFrame(page);
    return f && (await f.locator('[data-state="history"]').count());
  });
  await page.context().close();
});

test("failures injected in the preview reach the card's error states", async () => {
  const page = await newPage();
  await openConversation(page, BASE, "anna");
  const stateSeen = (state) => until(`state ${state}`, async () => {
    const f = appFrame(page);
    return f && (await f.locator(`[data-state="${state}"]:visible`).count()) ? f : null;
  });
  await page.selectOption("#fault", "rate_limit:1");
  await page.click("#inject");
  const limited = await stateSeen("rate-limited");
  assert.match(await text(limited), /Trying again in 2 s/);
  await stateSeen("history"); // retried by itself
  await page.selectOption("#fault", "unreadable:1");
  await page.click("#inject");
  const unreadable = await stateSeen("unreadable");
  await unreadable.locator('[data-state="unreadable"] button').click();
  await stateSeen("history");
  await page.context().close();
});

test("no assigned agent: the relay refuses with a reason and the Personal Page says why it is empty", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "unassigned");
  await card.locator("#tab-personal").click();
  await until("no-employee", async () => (await card.locator('[data-state="no-employee"]').count()) === 1);
  await page.selectOption("#pgap", "5");
  await page.click("#close-conv");
  await until("relay refusal logged", async () => /no assignee/.test(await page.locator("#log li").first().innerText()));
  await page.context().close();
});

test("no identifiers: the Personal Page opens first", async () => {
  const page = await newPage();
  const card = await openConversation(page, BASE, "anonymous");
  assert.equal(await card.locator("#tab-personal").getAttribute("aria-selected"), "true");
  assert.ok((await text(card)).includes("Mette Holm"));
  await page.context().close();
});

for (const scheme of ["light", "dark"]) {
  test(`no serious accessibility violations (axe, ${scheme})`, async () => {
    const page = await newPage({ colorScheme: scheme });
    const card = await openConversation(page, BASE, "anna", { width: 320 });
    await card.locator(".response .link").first().waitFor();
    const results = await new AxeBuilder({ page }).include("#card").withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
    assert.ok(results.passes.some((p) => p.id === "color-contrast"), "contrast was checked inside the card");
    await page.context().close();
  });
}
