// Helpers to drive the preview host page and read the card inside it.

export function appFrame(page) {
  return page.frames().find((f) => f.url().includes("/card/"));
}

/// Waits until the card shows something other than loading.
export async function waitForCard(page, timeout = 15000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const frame = appFrame(page);
    if (frame) {
      try {
        const busy = await frame.locator('[data-state="loading"]:visible, [data-state="connecting"]:visible').count();
        const shown = await frame.locator("[data-state]").count();
        if (shown > 0 && busy === 0) return frame;
      } catch (e) { /* frame navigating */ }
    }
    await page.waitForTimeout(100);
  }
  throw new Error("the card did not settle in time");
}

/// Opens the preview (once) and clicks a conversation, as an agent would.
export async function openConversation(page, baseUrl, id, { theme = "", locale = "", width = 360 } = {}) {
  if (!page.url().startsWith(baseUrl)) await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => document.querySelector("#conversation-list button"));
  const before = appFrame(page);
  await page.click(`#conversation-list button[data-id="${id}"]`);
  // The host renders a new card frame for the conversation.
  const deadline = Date.now() + 10000;
  while (before && !before.isDetached() && Date.now() < deadline) await page.waitForTimeout(50);
  await page.evaluate(([w]) => {
    const r = document.getElementById("width");
    r.value = String(w);
    r.dispatchEvent(new Event("input"));
  }, [width]);
  if (theme) await page.selectOption("#theme", theme);
  if (locale) await page.selectOption("#locale", locale);
  await page.waitForTimeout(200);
  return waitForCard(page);
}

/// A frame's visible text.
export const text = (frame) => frame.locator("body").innerText();

/// Polls `fn` until it returns something truthy (then returns it); a throw
/// counts as "not yet". Fails after `timeout` ms, naming `what` and the last value.
export async function until(what, fn, timeout = 15000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${what} (${last})`);
}
