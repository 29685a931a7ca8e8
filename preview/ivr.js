// The IVR set-up screen (nps.today's side): list, add and edit the mappings
// from a Dixa queue to the campaign whose survey a closed conversation sends.
// The Dixa API key and the webhook secret are write-only: the service only
// says whether one is set.
// Every text from data is set with textContent.
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };
  var config = null, campaigns = [], editing = null;
  // The service's rules, checked here first so the admin sees them at once.
  var QUEUE_ID = /^[A-Za-z0-9_-]{1,100}$/;

  function basic() { return "Basic " + btoa("ApiKey:" + config.demoApiKey); }

  function api(method, path, body, attempt) {
    attempt = attempt || 0;
    return fetch(config.apiBase + path, {
      method: method,
      headers: body ? { "Authorization": basic(), "Content-Type": "application/json" } : { "Authorization": basic() },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      // Over the key's calls per second (other tools share the key): the call
      // was not carried out, so wait as long as the service asks and ask again.
      if (r.status === 429 && attempt < 3) {
        var wait = Math.min(Number(r.headers.get("Retry-After")) || 1, 10);
        return new Promise(function (done) { setTimeout(done, wait * 1000); })
          .then(function () { return api(method, path, body, attempt + 1); });
      }
      return r.json().catch(function () { return null; }).then(function (b) {
        if (r.ok) return b;
        throw new Error(b && b.error && b.error.message ? b.error.message : "the service answered " + r.status);
      });
    });
  }

  function campaignName(id) {
    var c = campaigns.filter(function (c) { return String(c.id) === String(id); })[0];
    return c ? c.name : null;
  }

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function renderList(items) {
    var body = $("ivr-rows");
    body.textContent = "";
    items.forEach(function (m) {
      var tr = document.createElement("tr");
      tr.dataset.queue = m.queueId;
      cell(tr, m.name);
      cell(tr, m.provider);
      var name = campaignName(m.campaignId);
      cell(tr, (name ? name + " " : "") + "(" + m.campaignId + ")");
      cell(tr, m.queueId, "queue");
      cell(tr, m.dixaApiKeySet ? "set" : "not set", m.dixaApiKeySet ? "key-set" : "");
      var td = document.createElement("td"), b = document.createElement("button");
      b.type = "button"; b.textContent = "Edit"; b.setAttribute("aria-label", "Edit " + m.name);
      b.addEventListener("click", function () { openEditor(m); });
      td.appendChild(b); tr.appendChild(td); body.appendChild(tr);
    });
    $("list-status").textContent = items.length ? "" : "No IVR yet: add one to send surveys when Dixa conversations close.";
  }

  function load() {
    return Promise.all([api("GET", "/campaigns"), api("GET", "/ivr")]).then(function (r) {
      campaigns = r[0].items;
      var list = $("campaign-list");
      list.textContent = "";
      campaigns.forEach(function (c) { var o = document.createElement("option"); o.value = String(c.id); o.label = c.name; o.textContent = c.name; list.appendChild(o); });
      renderList(r[1].items);
    }).catch(function (e) { $("list-status").textContent = "Could not load the IVR list: " + e.message; });
  }

  function showCampaignName() {
    var v = $("f-campaign").value.trim();
    var name = v ? campaignName(v) : null;
    $("campaign-name").textContent = v === "" ? "" : name ? name : "no campaign with this id";
  }

  function openEditor(mapping) {
    editing = mapping || null;
    $("editor").hidden = false;
    $("form-title").textContent = editing ? "Edit IVR " + editing.name : "Add IVR";
    $("f-name").value = editing ? editing.name : "";
    $("f-provider").value = "Dixa";
    $("f-campaign").value = editing ? String(editing.campaignId) : "";
    $("f-queue").value = editing ? editing.queueId : "";
    // The queue id names the mapping: editing another queue is adding one.
    $("f-queue").readOnly = !!editing;
    $("f-key").value = "";
    $("key-state").textContent = editing
      ? (editing.dixaApiKeySet ? "A Dixa API key is set. Leave the field empty to keep it, or paste a new one." : "No Dixa API key is set: paste one.")
      : "Required: nps.today reads the agent's P-GAP from Dixa with it.";
    setError(null);
    showCampaignName();
    $("f-name").focus();
  }

  function setError(message, field) {
    $("form-error").textContent = message || "";
    ["f-name", "f-campaign", "f-queue", "f-key"].forEach(function (id) { $(id).removeAttribute("aria-invalid"); });
    if (field) { $(field).setAttribute("aria-invalid", "true"); $(field).focus(); }
  }

  function check(form) {
    if (form.name === "") return ["Give the IVR a name.", "f-name"];
    if (!/^-?\d+$/.test(form.campaign)) return ["Choose a campaign (its id).", "f-campaign"];
    if (campaignName(form.campaign) === null) return ["There is no campaign " + form.campaign + ": choose one from the list.", "f-campaign"];
    if (!QUEUE_ID.test(form.queueId)) return ["The queue id is not a Dixa queue id: copy it from Dixa's Settings → Queues (letters, digits and dashes).", "f-queue"];
    var keySet = editing && editing.dixaApiKeySet;
    if (form.key === "" && !keySet) return ["The Dixa API key is required: nps.today reads the agent's P-GAP from Dixa with it.", "f-key"];
    if (/\s/.test(form.key)) return ["The Dixa API key has spaces; paste the token again.", "f-key"];
    return null;
  }

  function save(ev) {
    ev.preventDefault();
    var form = { name: $("f-name").value.trim(), campaign: $("f-campaign").value.trim(), queueId: $("f-queue").value.trim(), key: $("f-key").value.trim() };
    var problem = check(form);
    if (problem) { setError(problem[0], problem[1]); return; }
    setError(null);
    $("save").disabled = true;
    api("PUT", "/ivr/" + encodeURIComponent(form.queueId), { name: form.name, provider: $("f-provider").value, campaignId: Number(form.campaign), dixaApiKey: form.key })
      .then(function (saved) {
        $("f-key").value = "";
        $("editor").hidden = true;
        $("list-status").textContent = "Saved " + saved.name + ".";
        return load().then(function () { $("list-status").textContent = "Saved " + saved.name + "."; });
      })
      .catch(function (e) {
        var field = /campaign/i.test(e.message) ? "f-campaign" : /queue/i.test(e.message) ? "f-queue" : /key/i.test(e.message) ? "f-key" : null;
        setError(e.message, field);
      })
      .then(function () { $("save").disabled = false; });
  }

  // The company's Dixa webhook secret (hex, as Dixa shows it).
  var SECRET = /^[0-9a-fA-F]{32,512}$/;

  function showSecretState(state) {
    $("w-secret").value = "";
    $("remove-secret").disabled = !state.secretSet;
    $("secret-state").textContent = state.secretSet
      ? "A webhook secret is set: webhooks without Dixa's valid signature are refused. Paste a new one to replace it."
      : "No webhook secret is set: the API key alone authenticates webhooks.";
  }

  function secretError(message) {
    $("secret-error").textContent = message || "";
    if (message) { $("w-secret").setAttribute("aria-invalid", "true"); $("w-secret").focus(); }
    else $("w-secret").removeAttribute("aria-invalid");
  }

  function putSecret(secret) {
    secretError(null);
    return api("PUT", "/dixa/webhook-secret", { secret: secret })
      .then(showSecretState)
      .catch(function (e) { secretError(e.message); });
  }

  function saveSecret(ev) {
    ev.preventDefault();
    var secret = $("w-secret").value.trim();
    if (!SECRET.test(secret)) { secretError("The webhook secret is 32 to 512 hex digits (0–9, a–f): copy it from Dixa again."); return; }
    putSecret(secret);
  }

  fetch("preview-config.json").then(function (r) { return r.json(); }).then(function (c) {
    config = c;
    $("add").addEventListener("click", function () { openEditor(null); });
    $("cancel").addEventListener("click", function () { $("editor").hidden = true; });
    $("ivr-form").addEventListener("submit", save);
    $("f-campaign").addEventListener("input", showCampaignName);
    $("secret-form").addEventListener("submit", saveSecret);
    $("remove-secret").addEventListener("click", function () { putSecret(""); });
    api("GET", "/dixa/webhook-secret").then(showSecretState).catch(function (e) { $("secret-state").textContent = "Could not read the webhook secret's state: " + e.message; });
    return load();
  }).catch(function (e) { $("list-status").textContent = "The IVR page could not start: " + e.message; });
})();
