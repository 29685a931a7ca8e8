// The follow-up form of a response, and saving it. Not part of what every
// conversation downloads: the page's `feedbackAppFollowUp` (index.html)
// imports this module the first time an agent opens a form, through the
// page's import map, which names the built file and its integrity hash
// (scripts/follow-up-form.mjs). The card's wasm shows each response's
// follow-up line; this module tells it what to show next with a bubbling
// `follow-up` event from the response's `.follow-up` element. Its detail is
// the response as the API lists it, `{"items":[{"id","followUp"}]}` in
// JSON, so the card reads it with the reader it reads lists with;
// `followUp: null` means "as the list loaded it".
//
// What the form needs beyond the token it is handed it reads from the page:
// the response's id from its row (`data-id`), the status shown from the
// follow-up element (`data-status`), the language from the document.
//
// Saving shows the change at once; a note the service would refuse is not
// sent; a failed save puts back what was shown (after a 409, what the
// service says is current) and reopens the form with the note still in it,
// the reason beside it and focus in the note. Every text goes in as
// `textContent` or a control's value, never as markup. The token arrives
// as an argument and goes only into the Authorization header.

const TEXTS = {
  en: {
    form: "Follow up",
    note: "Note: what was done",
    status: "Status",
    save: "Save",
    cancel: "Cancel",
    none: "No change",
    open: "Waiting for follow-up",
    in_progress: "In progress",
    closed: "Followed up",
    savedAs: "Saved as {name}, the agent Dixa assigned to this conversation.",
    noEmployee: "The token names no agent: follow-ups cannot be saved.",
    saving: "Saving the follow-up…",
    saved: "Follow-up saved.",
    failed: "Follow-up not saved: {reason}.",
    conflict: "Someone changed this follow-up meanwhile; it now shows theirs.",
    nothing: "Write a note or choose a status.",
    noteNeeded: "Closing needs a note saying what was done.",
    tooLong: "The note is over 1,000 characters.",
    unreachable: "Cannot reach nps.today",
    expired: "Session expired",
    refused: "Request refused",
    busy: "Busy for a moment",
    failing: "nps.today had a problem",
  },
  da: {
    form: "Følg op",
    note: "Note: hvad blev der gjort",
    status: "Status",
    save: "Gem",
    cancel: "Annuller",
    none: "Ingen ændring",
    open: "Venter på opfølgning",
    in_progress: "I gang",
    closed: "Fulgt op",
    savedAs: "Gemmes som {name}, agenten Dixa har tildelt samtalen.",
    noEmployee: "Tokenet angiver ingen agent: opfølgninger kan ikke gemmes.",
    saving: "Gemmer opfølgningen…",
    saved: "Opfølgningen er gemt.",
    failed: "Opfølgningen blev ikke gemt: {reason}.",
    conflict: "Nogen har ændret opfølgningen imens; den viser nu deres.",
    nothing: "Skriv en note eller vælg en status.",
    noteNeeded: "For at lukke skal noten sige, hvad der blev gjort.",
    tooLong: "Noten er over 1.000 tegn.",
    unreachable: "Kan ikke nå nps.today",
    expired: "Sessionen er udløbet",
    refused: "Forespørgslen blev afvist",
    busy: "Travlt et øjeblik",
    failing: "nps.today havde et problem",
  },
};

/// The service's rules (docs/api.md), checked before sending so that a
/// refused note costs no request: the moves from each status (`none`: no
/// follow-up yet), and the longest note.
export const MOVES = { none: ["open"], open: ["in_progress", "closed"], in_progress: ["closed", "open"], closed: ["open"] };
export const MAX_NOTE_CHARS = 1000;

/// The body of the POST for a form, or the name of its problem.
export function requestBody(seen, to, note) {
  note = note.trim();
  if ([...note].length > MAX_NOTE_CHARS) return { problem: "tooLong" };
  if (to === "closed" && !note) return { problem: "noteNeeded" };
  if (!to && !note) return { problem: "nothing" };
  const body = { seen: seen || "none" };
  if (to) body.status = to;
  if (note) body.note = note;
  return { body: JSON.stringify(body) };
}

const part = (el, name) => el.querySelector(`[data-fu=${name}]`);
const fill = (text, name) => text.replace("{name}", name);

/// The card's follow-up news: a polite live region made empty the first
/// time a form opens (one made already filled would not be announced).
function say(words) {
  let region = document.getElementById("follow-up-news");
  if (!region) {
    region = document.createElement("p");
    region.id = "follow-up-news";
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    document.body.append(region);
  }
  if (words !== undefined) region.textContent = words;
}

function element(tag, attributes, children = []) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

let made = 0;

/// The form's looks, not in the card's stylesheet (which every conversation
/// downloads): a constructed sheet the document adopts when the first form
/// is made, so the page's CSP needs to allow no inline style.
const LOOKS = `.follow-up__form{display:grid;gap:6px;margin-top:6px;padding:8px;border:1px solid var(--line);border-radius:8px}
.follow-up__form[hidden]{display:none}
.follow-up__label{display:grid;gap:2px;font-size:12px;font-weight:600}
.follow-up__note,.follow-up__status{font:inherit;font-weight:400;color:inherit;background:var(--surface);border:1px solid var(--control);border-radius:6px;padding:4px}
.follow-up__who{margin:0;font-size:12px}
.follow-up__actions{display:flex;align-items:center;gap:16px}`;

function adoptLooks() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(LOOKS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/// The form's elements, made once per response. Their ids are numbered
/// here: the same response can be listed on both tabs.
function make(home) {
  if (!made) adoptLooks();
  const id = ++made;
  const note = element("textarea", { class: "follow-up__note", rows: "3", "data-fu": "note", "aria-describedby": `fu-who-${id} fu-problem-${id}` });
  const status = element("select", { class: "follow-up__status", "data-fu": "status" },
    ["none", "open", "in_progress", "closed"].map((value) => element("option", { value })));
  const form = element("div", { class: "follow-up__form", role: "group", hidden: "" }, [
    element("label", { class: "follow-up__label" }, [element("span", { "data-fu": "note-label" }), note]),
    element("label", { class: "follow-up__label" }, [element("span", { "data-fu": "status-label" }), status]),
    element("p", { class: "follow-up__who", "data-fu": "who", id: `fu-who-${id}` }),
    element("p", { class: "follow-up__problem", "data-fu": "problem", id: `fu-problem-${id}` }),
    element("div", { class: "follow-up__actions" }, [
      element("button", { type: "button", class: "button", "data-fu": "save" }),
      element("button", { type: "button", class: "link", "data-fu": "cancel" }),
    ]),
  ]);
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") e.preventDefault(), close(home, true);
  });
  home.append(form);
  return form;
}

function close(home, refocus) {
  const form = home.querySelector(".follow-up__form"), action = home.querySelector(".follow-up__action");
  if (form) form.hidden = true;
  action.setAttribute("aria-expanded", "false");
  if (refocus) action.focus();
}

/// Shows the form for the follow-up as shown (`seen`), with `problem`.
function show(home, state, problem) {
  const t = state.t, form = home.querySelector(".follow-up__form"), select = part(form, "status");
  const offered = (state.seen === "none" ? [] : ["none"]).concat(MOVES[state.seen] || []);
  part(form, "note-label").textContent = t.note;
  part(form, "status-label").textContent = t.status;
  part(form, "save").textContent = t.save;
  part(form, "cancel").textContent = t.cancel;
  part(form, "problem").textContent = problem;
  form.setAttribute("aria-label", t.form);
  for (const option of select.options) {
    option.textContent = t[option.value];
    option.hidden = option.disabled = !offered.includes(option.value);
  }
  if (!problem || !offered.includes(select.value)) select.value = offered[0];
  form.hidden = false;
  home.querySelector(".follow-up__action").setAttribute("aria-expanded", "true");
  part(form, "note").focus();
}

/// Tells the card what response `id` shows: `followUp`, or, when undefined
/// (or null), what its list loaded.
function tell(home, id, followUp) {
  const detail = JSON.stringify({ items: [{ id, followUp: followUp || null }] });
  home.dispatchEvent(new CustomEvent("follow-up", { bubbles: true, detail }));
}

async function call(state, method, path, body, key) {
  const headers = { Authorization: "Bearer " + state.token, Accept: "application/json" };
  if (body) Object.assign(headers, { "Content-Type": "application/json", "Idempotency-Key": key });
  const response = await fetch(state.base + path, { method, headers, body });
  let json = null;
  try {
    json = await response.json();
  } catch (e) {}
  return { status: response.status, json: json && typeof json === "object" ? json : {} };
}

/// Why a save failed, in the card's words for the same answers.
function reason(t, answer) {
  if (!answer) return t.unreachable;
  const code = answer.json.error && answer.json.error.code;
  if (answer.status === 403 && code === "no_employee") return t.noEmployee;
  if (answer.status === 401) return t.expired;
  if (answer.status === 400 || answer.status === 403) return t.refused;
  if (answer.status === 429) return t.busy;
  return t.failing;
}

async function save(home, state) {
  const t = state.t, form = home.querySelector(".follow-up__form");
  const note = part(form, "note"), to = part(form, "status").value;
  const request = requestBody(state.seen, to === "none" ? "" : to, note.value);
  if (request.problem) return refuse(home, state, t[request.problem]);
  // The last state the service confirmed here; undefined: as loaded.
  const before = state.shown;
  const now = new Date().toISOString();
  const event = { at: now, type: to === "none" ? "note" : "status", text: note.value.trim() || undefined };
  state.shown = { ...(before || {}), status: to === "none" ? state.seen : to, since: to === "none" ? before && before.since : now, last: event };
  tell(home, state.id, state.shown);
  close(home, true);
  say(t.saving);
  // One key per save: a repeat of this request would be one change.
  const key = crypto.getRandomValues(new Uint32Array(2)).join("-");
  let answer;
  try {
    answer = await call(state, "POST", `/feedback-app/responses/${state.id}/follow-up`, request.body, key);
  } catch (e) {}
  if (answer && answer.status >= 200 && answer.status < 300) {
    settle(home, state, answer.json.followUp);
    note.value = "";
    return say(t.saved);
  }
  if (answer && answer.status === 409) {
    // Someone acted meanwhile: what is current now shows.
    settle(home, state, answer.json.followUp);
    return refuse(home, state, t.conflict);
  }
  tell(home, state.id, before);
  const why = reason(t, answer);
  refuse(home, state, why === t.noEmployee ? why : t.failed.replace("{reason}", why));
}

/// The service said what is current: shown, and the base of the next save.
function settle(home, state, followUp) {
  state.shown = followUp || null;
  state.seen = (followUp && followUp.status) || "none";
  tell(home, state.id, state.shown);
}

function refuse(home, state, why) {
  show(home, state, why);
  say(why);
}

/// Opens the form of the response whose `.follow-up` element is `home` (or
/// closes it, when open), saving with `token` to the API at `base`.
export function open(home, token, base) {
  if (typeof token !== "string" || !token) return;
  let state = home.followUpForm;
  const form = home.querySelector(".follow-up__form");
  if (form && !form.hidden) return close(home, false);
  if (!state) {
    // The id goes into a path: only the API's numeric ids get a form.
    const row = home.closest("[data-id]"), id = row ? row.getAttribute("data-id") : "";
    if (!/^[0-9]+$/.test(id)) return;
    state = home.followUpForm = { id, shown: undefined };
    make(home);
    home.addEventListener("click", (e) => {
      const name = e.target.getAttribute && e.target.getAttribute("data-fu");
      if (name === "save") save(home, state);
      if (name === "cancel") close(home, true);
    });
    say();
  }
  Object.assign(state, { seen: home.getAttribute("data-status") || "none", base, token });
  state.t = TEXTS[document.documentElement.lang] || TEXTS.en;
  show(home, state, "");
  if (!state.asked) (state.asked = true), whose(home, state);
}

/// "Saved as Mette Holm, …": the token's employee, asked once per form.
async function whose(home, state) {
  try {
    const answer = await call(state, "GET", "/feedback-app/employee?page=1");
    const employee = answer.status === 200 ? answer.json.employee : null;
    const name = employee && ([employee.firstName, employee.lastName].map((s) => (s || "").trim()).filter(Boolean).join(" ") || employee.email);
    part(home, "who").textContent = name ? fill(state.t.savedAs, name) : state.t.noEmployee;
  } catch (e) {}
}
