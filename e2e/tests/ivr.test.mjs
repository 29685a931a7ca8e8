// The IVR set-up screen (nps.today's side of the preview): list, add and
// edit the Dixa queue → campaign mappings, with the Dixa API key write-only,
// against the local service over real HTTP, in Debian's Chromium. Then a
// conversation closed in the newly mapped queue sends that campaign's survey.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "../browser.mjs";
import AxeBuilder from "@axe-core/playwright";
import { until } from "../preview-page.mjs";

const BASE = process.env.BASE_URL || "http://127.0.0.1:8080";
const API = process.env.API_URL || "http://127.0.0.1:8787";
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SECRET = "dixa-token-e2e-5c1d9b";

async function openIvrPage() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.bodies = [];
  page.on("response", async (r) => { if (r.url().startsWith(API)) page.bodies.push(await r.text().catch(() => "")); });
  await page.goto(`${BASE}/ivr.html`);
  await page.locator("#ivr-rows tr").first().waitFor();
  return page;
}

const row = (page, queue) => page.locator(`#ivr-rows tr[data-queue="${queue}"]`);
const error = (page) => page.locator("#form-error").innerText();

test("the IVR page lists the mappings, never shows a key, and refuses bad input clearly", async () => {
  const page = await openIvrPage();
  const demo = row(page, "986359e5-e201-48ab-84af-c7799e03e58c");
  const cells = await demo.locator("td").allInnerTexts();
  assert.deepEqual(cells.slice(0, 5), ["Relationsmåling (Danish queue)", "Dixa", "Relationsmåling Q1 (7232)", "986359e5-e201-48ab-84af-c7799e03e58c", "set"]);

  await page.click("#add");
  await page.fill("#f-name", "Returns");
  await page.fill("#f-campaign", "101");
  await page.fill("#f-queue", "not a queue/id");
  await page.fill("#f-key", SECRET);
  await page.click("#save");
  assert.match(await error(page), /not a Dixa queue id/);
  assert.equal(await page.locator("#f-queue").getAttribute("aria-invalid"), "true");

  await page.fill("#f-queue", "0d6c1e8a-returns-queue");
  await page.fill("#f-campaign", "999");
  await page.click("#save");
  assert.match(await error(page), /no campaign 999/);

  await page.fill("#f-campaign", "101");
  await page.fill("#f-key", "");
  await page.click("#save");
  assert.match(await error(page), /Dixa API key is required/);
  assert.equal(await page.locator("#f-key").getAttribute("aria-invalid"), "true");

  await page.fill("#f-key", SECRET);
  await page.click("#save");
  await row(page, "0d6c1e8a-returns-queue").waitFor();
  const added = await row(page, "0d6c1e8a-returns-queue").locator("td").allInnerTexts();
  assert.deepEqual(added.slice(0, 5), ["Returns", "Dixa", "Support satisfaction (101)", "0d6c1e8a-returns-queue", "set"]);

  // Edit: the key field starts empty (write-only) and empty keeps the key.
  await row(page, "0d6c1e8a-returns-queue").getByRole("button", { name: "Edit Returns" }).click();
  assert.equal(await page.inputValue("#f-key"), "");
  assert.match(await page.locator("#key-state").innerText(), /is set/);
  assert.equal(await page.locator("#f-queue").getAttribute("readonly"), "");
  await page.fill("#f-name", "Returns and refunds");
  await page.fill("#f-campaign", "102");
  await page.click("#save");
  await page.locator('#ivr-rows tr[data-queue="0d6c1e8a-returns-queue"] td:first-child', { hasText: "Returns and refunds" }).waitFor();
  const edited = await row(page, "0d6c1e8a-returns-queue").locator("td").allInnerTexts();
  assert.deepEqual(edited.slice(2, 5), ["Onboarding check-in (102)", "0d6c1e8a-returns-queue", "set"]);

  // The key was sent once and came back in no answer, nor is it on the page.
  assert.ok(page.bodies.length > 3);
  for (const body of page.bodies) assert.ok(!body.includes(SECRET), body);
  assert.ok(!(await page.content()).includes(SECRET));

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => ["serious", "critical"].includes(v.impact));
  assert.deepEqual(serious.map((v) => v.id), []);
  await page.context().close();
});

test("a queue mapped on the IVR page triggers its campaign when a conversation there closes", async () => {
  const page = await openIvrPage();
  await page.click("#add");
  await page.fill("#f-name", "VIP line");
  await page.fill("#f-campaign", "102");
  await page.fill("#f-queue", "vip-queue-7");
  await page.fill("#f-key", "demo-dixa-api-key"); // the key the preview's Dixa stand-in accepts
  await page.click("#save");
  await row(page, "vip-queue-7").waitFor();
  // Dixa's side: the agent fills P-GAP (stored in the stand-in), then the
  // Closed webhook without custom attributes.
  const csid = 880001;
  const stored = await page.evaluate(async ([csid]) => (await fetch(`dixa-api/agent-ui/conversations/${csid}/custom-attributes`, {
    method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ p_gap: "2" }) })).status, [csid]);
  assert.equal(stored, 200);
  const answer = await page.evaluate(async ([api, csid]) => {
    const cfg = await (await fetch("preview-config.json")).json();
    const r = await fetch(`${api}/api/dixa/relay`, { method: "POST", headers: { "Authorization": cfg.demoApiKey, "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: crypto.randomUUID(), event_fqn: "CONVERSATION_CLOSED", data: { conversation: { csid, queue: { id: "vip-queue-7" },
        requester: { id: "dx-vip", email: "vip@example.com" }, assignee: { email: "sara.lind@shop.example" } } } }) });
    return [r.status, await r.json()];
  }, [API, csid]);
  assert.equal(answer[0], 201, JSON.stringify(answer[1]));
  assert.equal(answer[1].campaignId, 102);
  // Acknowledged at once; P-GAP is read from Dixa's API in the background.
  assert.equal(answer[1].pGap, "pending");
  const token = await page.evaluate(async ([api]) => {
    const cfg = await (await fetch("preview-config.json")).json();
    const basic = "Basic " + btoa("ApiKey:" + cfg.demoApiKey);
    return (await (await fetch(`${api}/employees/token`, { method: "POST", headers: { "Authorization": basic, "Content-Type": "application/json" }, body: "{}" })).json()).token;
  }, [API]);
  const rating = () => page.evaluate(async ([api, token]) => {
    const r = await fetch(`${api}/feedback-app/respondent-responses?email=vip%40example.com`, { headers: { "Authorization": "Bearer " + token } });
    const body = await r.json();
    return body.items && body.items[0] ? body.items[0].agentRating : null;
  }, [API, token]);
  await until("P-GAP read from Dixa", async () => (await rating()) === 2);
  await page.context().close();
});

test("the webhook secret is write-only, checked before saving, and then required on the company's webhooks", async () => {
  const page = await openIvrPage();
  const webhookSecret = "5f0c9e2a7b1d4c8e3a6f9b2d5c8e1a4f";
  await until("the secret's state", async () => /No webhook secret is set/.test(await page.locator("#secret-state").innerText()));
  assert.ok(await page.locator("#remove-secret").isDisabled());
  await page.fill("#w-secret", "not-hex");
  await page.click("#save-secret");
  assert.match(await page.locator("#secret-error").innerText(), /32 to 512 hex digits/);
  assert.equal(await page.locator("#w-secret").getAttribute("aria-invalid"), "true");
  const relay = () => page.evaluate(async ([api]) => {
    const cfg = await (await fetch("preview-config.json")).json();
    const r = await fetch(`${api}/api/dixa/relay`, { method: "POST", headers: { "Authorization": cfg.demoApiKey, "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: crypto.randomUUID(), event_fqn: "CONVERSATION_MESSAGE_ADDED" }) });
    return [r.status, await r.json()];
  }, [API]);
  try {
    await page.fill("#w-secret", webhookSecret);
    await page.click("#save-secret");
    await until("saved", async () => /A webhook secret is set/.test(await page.locator("#secret-state").innerText()));
    assert.equal(await page.locator("#w-secret").inputValue(), "", "the field is emptied after saving");
    assert.equal(await page.locator("#secret-error").innerText(), "");
    const [status, body] = await relay();
    assert.equal(status, 401, JSON.stringify(body));
    assert.equal(body.error.code, "bad_signature");
  } finally {
    await page.click("#remove-secret");
    await until("removed", async () => /No webhook secret is set/.test(await page.locator("#secret-state").innerText()));
  }
  assert.equal((await relay())[0], 200, "without a secret the API key alone authenticates again");
  // The secret never came back from the service.
  assert.ok(page.bodies.every((b) => !b.includes(webhookSecret)), "the secret is never answered");
  assert.ok(!(await page.content()).includes(webhookSecret));
  await page.context().close();
});
