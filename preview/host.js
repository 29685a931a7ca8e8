// The preview host: plays the part of Dixa around the Feedback App card.
// - picks a conversation and calls the card's hook (POST /employees/token),
// - renders the card template's Liquid placeholders and shows it in a
//   sandboxed frame (opaque origin, as a Dixa card frame may be),
// - makes the agent choose the required P-GAP attribute before closing,
//   stores it on the conversation in the Dixa API stand-in (as Dixa's agent
//   UI does), then sends the Closed webhook to the relay without custom
//   attributes, as Dixa does: the relay reads P-GAP from the stand-in,
// - lets the customer answer.
// Every text that comes from data is set with textContent.
(function () {
  "use strict";

  var conversations = [
    { id: "anna", title: "Anna Berg", note: "email only · agent Mette", channel: "EMAIL", email: "anna.berg@example.com", phone: "", agent: { name: "Mette Holm", email: "mette.holm@shop.example" }, queue: "5b1f0c4e-support-queue", requesterId: "dixa-user-anna" },
    { id: "peter", title: "Peter Sørensen", note: "phone only · Danish · agent Jonas", channel: "PSTN_PHONE", email: "", phone: "+4520304050", agent: { name: "Jonas Berg", email: "jonas.berg@shop.example" }, queue: "986359e5-e201-48ab-84af-c7799e03e58c", requesterId: "dixa-user-peter" },
    { id: "lars", title: "Lars Nielsen", note: "email and phone · agent Sara", channel: "WIDGET_CHAT", email: "lars.nielsen@example.dk", phone: "+4522334455", agent: { name: "Sara Lind", email: "sara.lind@shop.example" }, queue: "5b1f0c4e-support-queue", requesterId: "dixa-user-lars-mail" },
    { id: "loyal", title: "Karoline Vestergaard-Henriksen", note: "2,400 responses · agent Sara", channel: "EMAIL", email: "loyal.customer@example.com", phone: "", agent: { name: "Sara Lind", email: "sara.lind@shop.example" }, queue: "986359e5-e201-48ab-84af-c7799e03e58c", requesterId: "dixa-user-loyal" },
    { id: "nora", title: "Nora Quist", note: "known, no responses yet", channel: "EMAIL", email: "new.customer@example.com", phone: "", agent: { name: "Jonas Berg", email: "jonas.berg@shop.example" }, queue: "5b1f0c4e-support-queue", requesterId: "dixa-user-nora" },
    { id: "unknown", title: "Unknown customer", note: "not in nps.today", channel: "EMAIL", email: "nobody@example.com", phone: "", agent: { name: "Mette Holm", email: "mette.holm@shop.example" }, queue: "5b1f0c4e-support-queue", requesterId: "dixa-user-unknown" },
    { id: "anna-jonas", title: "Anna Berg (Jonas)", note: "same customer · agent Jonas: sees Mette's follow-ups", channel: "EMAIL", email: "anna.berg@example.com", phone: "", agent: { name: "Jonas Berg", email: "jonas.berg@shop.example" }, queue: "5b1f0c4e-support-queue", requesterId: "dixa-user-anna" },
    { id: "unassigned", title: "Anna Berg (unassigned)", note: "no assigned agent", channel: "EMAIL", email: "anna.berg@example.com", phone: "", agent: null, queue: "5b1f0c4e-support-queue", requesterId: "dixa-user-anna" },
    { id: "anonymous", title: "Anonymous chat", note: "no email, no phone", channel: "WIDGET_CHAT", email: "", phone: "", agent: { name: "Mette Holm", email: "mette.holm@shop.example" }, queue: "5b1f0c4e-support-queue", requesterId: "dixa-user-anon" }
  ];

  var $ = function (id) { return document.getElementById(id); };
  var config = null, templates = {}, current = null, token = null, echo = null;

  function log(text, extra) {
    var li = document.createElement("li");
    li.textContent = new Date().toLocaleTimeString() + " — " + text;
    if (extra) li.appendChild(extra);
    $("log").prepend(li);
  }

  function basic() { return "Basic " + btoa("ApiKey:" + config.demoApiKey); }

  // Liquid values land inside double-quoted JS strings in a <script>.
  function jsString(value) {
    return JSON.stringify(value == null ? "" : String(value)).slice(1, -1).replace(/</g, "\\u003c");
  }

  function render(template) {
    var values = { "token": token, "app_url": new URL(config.cardUrl, location.href).href };
    Object.keys(echo || {}).forEach(function (k) { values["echo." + k] = echo[k]; });
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, function (_, name) { return jsString(values[name]); });
  }

  function showCard() {
    if (!current) return;
    var seed = $("seed-mode").checked;
    var card = $("card");
    card.style.height = seed ? "620px" : "460px";
    card.srcdoc = render(seed ? templates.fixed : templates.card);
  }

  function requestToken() {
    var body = {
      employeeEmail: current.agent ? current.agent.email : "",
      customer_email: current.email,
      customer_phone_number: current.phone,
      theme: $("theme").value,
      locale: $("locale").value
    };
    return fetch(config.apiBase + "/employees/token", {
      method: "POST", headers: { "Authorization": basic(), "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (r) {
      if (!r.ok) throw new Error("token hook answered " + r.status);
      return r.json();
    }).then(function (data) {
      token = data.token; echo = data.echo;
      log("Card hook called: token issued" + (current.agent ? " for " + current.agent.email : " without an employee") + ", valid until " + data.expiresAt);
    });
  }

  function open(conv) {
    current = conv;
    document.querySelectorAll(".conversations button").forEach(function (b) { b.setAttribute("aria-current", String(b.dataset.id === conv.id)); });
    $("conv-title").textContent = conv.title;
    $("conv-meta").textContent = [conv.email || "no email", conv.phone || "no phone", conv.agent ? "assigned to " + conv.agent.name : "no assigned agent", conv.channel].join(" · ");
    history.replaceState(null, "", "#" + conv.id);
    $("pgap").value = "";
    canClose();
    return requestToken().then(showCard).catch(function (e) { log("Could not open the card: " + e.message); });
  }

  function answerForm(memberId) {
    var form = document.createElement("form");
    var rating = document.createElement("select");
    rating.setAttribute("aria-label", "Customer's rating");
    for (var i = 0; i <= 10; i++) { var o = document.createElement("option"); o.textContent = String(i); rating.appendChild(o); }
    rating.value = "9";
    var comment = document.createElement("input");
    comment.placeholder = "Customer's comment"; comment.setAttribute("aria-label", "Customer's comment");
    var submit = document.createElement("button"); submit.type = "submit"; submit.textContent = "Customer answers";
    form.append(rating, comment, submit);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      fetch(config.apiBase + "/surveys/" + memberId + "/answer", {
        method: "POST", headers: { "Authorization": basic(), "Content-Type": "application/json" },
        body: JSON.stringify({ rating: Number(rating.value), comment: comment.value })
      }).then(function (r) { return r.json().then(function (b) { return [r.status, b]; }); }).then(function (res) {
        if (res[0] !== 200) { log("Answer refused: " + (res[1].error && res[1].error.message)); return; }
        log("Customer answered survey " + memberId + " with " + rating.value + "; the card reloads");
        form.remove();
        showCard();
      });
    });
    return form;
  }

  function canClose() { $("close-conv").disabled = !current || $("pgap").value === ""; }

  // What the agent's Dixa UI does when the required attribute is filled in.
  function storePGap(csid, pgap) {
    return fetch("dixa-api/agent-ui/conversations/" + csid + "/custom-attributes", {
      method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ p_gap: pgap })
    }).then(function (r) { if (!r.ok) throw new Error("Dixa stand-in answered " + r.status); });
  }

  function pgapNote(body) {
    switch (body.pGap) {
      case "from_webhook": return "agent's P-GAP " + body.agentRating + ", from the webhook";
      case "pending": return "P-GAP read from Dixa in the background";
      default: return "P-GAP not read" + (body.pGapReason ? ": " + body.pGapReason : "");
    }
  }

  function closeConversation() {
    var pgap = $("pgap").value;
    if (!current || pgap === "") return;
    var csid = Math.floor(100000 + Math.random() * 900000);
    // Dixa's Closed webhook has no custom attributes.
    var conversation = {
      csid: csid, channel: current.channel, status: "CLOSED", direction: "INBOUND",
      queue: { id: current.queue, name: "Queue" }, contact_point: "support@shop.example",
      requester: { id: current.requesterId, name: current.title.split(" ")[0], email: current.email || null, phone: current.phone || null, user_type: "Contact" },
      subject: "Conversation with " + current.title, tags: [], created_at: new Date().toISOString()
    };
    if (current.agent) conversation.assignee = { id: "agent-" + current.agent.email, name: current.agent.name, email: current.agent.email, user_type: "Member" };
    var payload = { event_id: crypto.randomUUID(), event_fqn: "CONVERSATION_CLOSED", event_version: "1", event_timestamp: new Date().toISOString(), organization: { id: "demo-org", name: "Demo shop" }, data: { conversation: conversation } };
    $("close-conv").disabled = true;
    storePGap(csid, pgap)
      .then(function () {
        log("Dixa: P-GAP " + pgap + " stored on conversation " + csid + "; closing");
        return fetch(config.apiBase + "/api/dixa/relay", { method: "POST", headers: { "Authorization": config.demoApiKey, "Content-Type": "application/json" }, body: JSON.stringify(payload) });
      })
      .then(function (r) { return r.json().then(function (b) { return [r.status, b]; }); })
      .then(function (res) {
        var status = res[0], body = res[1];
        if (status === 201) log("Closed: survey sent (campaign member " + body.memberId + ", campaign " + body.campaignId + ", " + pgapNote(body) + ")", answerForm(body.memberId));
        else if (body.status === "ignored") log("Closed: no survey — " + body.reason);
        else log("Closed: relay refused (" + status + ") — " + (body.error ? body.error.message : "unknown"));
      })
      .catch(function (e) { log("Could not close: " + e.message); })
      .then(function () { $("pgap").value = ""; canClose(); });
  }

  function expire() {
    fetch(config.apiBase + "/preview/expire-tokens", { method: "POST", headers: { "Authorization": basic() } })
      .then(function (r) { return r.json(); })
      .then(function (b) { log("Expired " + b.expired + " token(s); the card reloads with its old token"); showCard(); });
  }

  function injectFault() {
    var parts = $("fault").value.split(":");
    fetch(config.apiBase + "/preview/faults", {
      method: "POST", headers: { "Authorization": basic(), "Content-Type": "application/json" },
      body: JSON.stringify({ kind: parts[0], times: Number(parts[1]) })
    }).then(function (r) { return r.json(); }).then(function (b) {
      log("nps.today: " + $("fault").selectedOptions[0].textContent + " (" + b.kind + " × " + b.queued + "); the card reloads");
      showCard();
    });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== $("card").contentWindow || !event.data) return;
    if (event.data.action === "NPS_CARD_HEIGHT" && typeof event.data.height === "number" && !$("seed-mode").checked) {
      $("card").style.height = Math.max(120, Math.min(4000, event.data.height)) + "px";
    }
  });

  // What agents do from the card's follow-up form, as the service stored
  // it: the company's follow-up log (GET /preview/follow-up-events), read
  // every 2 s after the last event seen. Events stored before the page
  // opened are read to their end, not logged.
  var lastEvent = 0, caughtUp = false;
  function followFollowUps() {
    fetch(config.apiBase + "/preview/follow-up-events?after=" + lastEvent, { headers: { "Authorization": basic() } })
      .then(function (r) { return r.ok ? r.json() : { events: [] }; })
      .then(function (body) {
        var events = Array.isArray(body.events) ? body.events : [];
        events.forEach(function (e) {
          if (caughtUp) {
            var by = e.by ? [e.by.firstName, e.by.lastName].filter(Boolean).join(" ") || e.by.email : "someone";
            var what = e.type === "status" ? "moved it to " + String(e.status).replace("_", " ") : "added a note";
            log("Follow-up on response " + e.responseId + ": " + by + " " + what + (e.text ? " — “" + e.text + "”" : ""));
          }
        });
        if (events.length) lastEvent = events[events.length - 1].id;
        // A full read may have more behind it; fewer: caught up, ask again in 2 s.
        var full = events.length >= 50;
        if (!full) caughtUp = true;
        setTimeout(followFollowUps, full ? 0 : 2000);
      })
      .catch(function () { setTimeout(followFollowUps, 2000); });
  }

  function init() {
    var list = $("conversation-list");
    conversations.forEach(function (c) {
      var li = document.createElement("li"), b = document.createElement("button"), small = document.createElement("small");
      b.type = "button"; b.dataset.id = c.id; b.textContent = c.title; small.textContent = c.note; b.appendChild(small);
      b.addEventListener("click", function () { open(c); });
      li.appendChild(b); list.appendChild(li);
    });
    $("close-conv").addEventListener("click", closeConversation);
    $("pgap").addEventListener("change", canClose);
    $("expire").addEventListener("click", expire);
    $("inject").addEventListener("click", injectFault);
    $("reopen").addEventListener("click", function () { if (current) open(current); });
    ["theme", "locale"].forEach(function (id) { $(id).addEventListener("change", function () { if (current) open(current); }); });
    $("theme").addEventListener("change", function () { document.body.classList.toggle("dark", $("theme").value === "dark"); });
    $("seed-mode").addEventListener("change", showCard);
    $("width").addEventListener("input", function () { $("card").style.width = $("width").value + "px"; $("width-out").textContent = $("width").value + " px"; });
    var first = conversations.filter(function (c) { return "#" + c.id === location.hash; })[0] || conversations[0];
    open(first);
    followFollowUps();
  }

  Promise.all([
    fetch("preview-config.json").then(function (r) { return r.json(); }),
    fetch("card-template.html").then(function (r) { return r.text(); }),
    fetch("fixed-height-template.html").then(function (r) { return r.text(); })
  ]).then(function (r) { config = r[0]; templates.card = r[1]; templates.fixed = r[2]; init(); })
    .catch(function (e) { document.body.textContent = "Preview could not start: " + e.message; });
})();
