// Recording a controle on the tablet: autosave within 2 s of a change, with a visible state.
// Each change is sent with the value it started from (its "basis"); the server refuses a change
// to a field a colleague changed meanwhile (409) and we show both versions to choose from.
(function () {
  "use strict";
  var form = document.getElementById("vastlegging");
  if (!form || form.querySelector("fieldset[disabled]")) { return; }
  var status = document.getElementById("opslagstatus");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var versie = parseInt(form.getAttribute("data-versie"), 10);
  var basis = {}, dirty = {}, timer = null, busy = false, again = false;

  function fields(name) { return form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']"); }
  function valueOf(name) {
    var els = fields(name);
    if (!els.length) { return ""; }
    if (els[0].type === "radio") {
      for (var i = 0; i < els.length; i++) { if (els[i].checked) { return els[i].value; } }
      return "";
    }
    if (els[0].type === "checkbox") { return els[0].checked ? "ja" : "nee"; }
    return els[0].value;
  }
  function setValue(name, value) {
    var els = fields(name);
    els.forEach(function (el) {
      if (el.type === "radio") { el.checked = el.value === value; }
      else if (el.type === "checkbox") { el.checked = value === "ja"; }
      else { el.value = value; }
    });
  }
  function isField(el) { return el.name && el.name !== "csrf_token" && el.name !== "versie"; }
  function show(text, state) {
    status.textContent = text;
    status.setAttribute("data-status", state);
  }
  Array.prototype.forEach.call(form.elements, function (el) {
    if (isField(el) && !(el.name in basis)) { basis[el.name] = el.getAttribute("data-basis") || ""; }
  });

  function schedule() {
    clearTimeout(timer);
    // Well inside the 2 s promise, yet a burst of typing becomes one request.
    timer = setTimeout(save, 700);
  }
  function onChange(ev) {
    if (!isField(ev.target)) { return; }
    dirty[ev.target.name] = true;
    show("Wijzigingen worden opgeslagen…", "bezig");
    schedule();
  }
  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); save(); });

  function save() {
    var keys = Object.keys(dirty);
    if (!keys.length) { return; }
    if (busy) { again = true; return; }
    busy = true;
    var wijzigingen = {};
    keys.forEach(function (k) { wijzigingen[k] = { waarde: valueOf(k), basis: basis[k] }; });
    var sent = {};
    keys.forEach(function (k) { sent[k] = wijzigingen[k].waarde; delete dirty[k]; });
    fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ versie: versie, wijzigingen: wijzigingen })
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, body: body }; });
    }).then(function (res) {
      busy = false;
      if (res.status === 200) {
        versie = res.body.versie;
        Object.keys(sent).forEach(function (k) { basis[k] = (res.body.waarden || {})[k] !== undefined ? res.body.waarden[k] : sent[k]; });
        var t = new Date();
        // Changes made while this request ran are still pending: not "saved" yet.
        if (Object.keys(dirty).length) { show("Wijzigingen worden opgeslagen…", "bezig"); }
        else { show("Opgeslagen om " + String(t.getHours()).padStart(2, "0") + ":" + String(t.getMinutes()).padStart(2, "0") + ":" + String(t.getSeconds()).padStart(2, "0"), "opgeslagen"); }
      } else if (res.status === 409 && res.body.conflicten) {
        keys.forEach(function (k) { dirty[k] = true; });
        versie = res.body.versie;
        conflict(res.body.conflicten);
      } else if (res.status === 401 || res.status === 403) {
        keys.forEach(function (k) { dirty[k] = true; });
        show("Niet opgeslagen: " + (res.body.melding || "u bent niet (meer) ingelogd. Log in in een ander tabblad en probeer het opnieuw."), "fout");
      } else {
        keys.forEach(function (k) { dirty[k] = true; });
        show("Niet opgeslagen: " + (res.body.melding || "er ging iets mis (" + res.status + ").") + " Uw invoer staat nog in het formulier.", "fout");
      }
      if (again) { again = false; schedule(); }
    }).catch(function () {
      busy = false;
      keys.forEach(function (k) { dirty[k] = true; });
      show("Niet opgeslagen: geen verbinding. Wordt opnieuw geprobeerd zodra er verbinding is.", "fout");
      setTimeout(save, 5000);
    });
  }
  window.addEventListener("online", save);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") { save(); } });
  window.addEventListener("beforeunload", function (ev) {
    if (Object.keys(dirty).length) { ev.preventDefault(); ev.returnValue = ""; }
  });

  function conflict(rows) {
    var box = document.getElementById("conflict"), body = document.getElementById("conflict-rijen");
    body.textContent = "";
    rows.forEach(function (c) {
      var tr = document.createElement("tr"); tr.className = "utrecht-table__row";
      [c.label, c.uw_waarde || "—", c.huidige_waarde || "—"].forEach(function (text) {
        var td = document.createElement("td"); td.className = "utrecht-table__cell"; td.textContent = text; tr.appendChild(td);
      });
      var td = document.createElement("td"); td.className = "utrecht-table__cell";
      var mine = document.createElement("button"); mine.type = "button"; mine.className = "utrecht-button utrecht-button--primary-action hh-button--small"; mine.textContent = "Mijn versie";
      var theirs = document.createElement("button"); theirs.type = "button"; theirs.className = "utrecht-button utrecht-button--secondary-action hh-button--small"; theirs.textContent = "Versie collega";
      mine.addEventListener("click", function () { basis[c.veld] = c.huidige_waarde; dirty[c.veld] = true; tr.remove(); done(); save(); });
      theirs.addEventListener("click", function () { setValue(c.veld, c.huidige_waarde); basis[c.veld] = c.huidige_waarde; delete dirty[c.veld]; tr.remove(); done(); });
      td.appendChild(mine); td.appendChild(document.createTextNode(" ")); td.appendChild(theirs); tr.appendChild(td);
      body.appendChild(tr);
    });
    box.hidden = false;
    show("Niet opgeslagen: een collega wijzigde hetzelfde veld. Kies hieronder.", "fout");
    box.scrollIntoView({ block: "center" });
    function done() { if (!body.children.length) { box.hidden = true; show("Keuze gemaakt.", "opgeslagen"); } }
  }

  // Person form: show only the fields that fit the chosen role.
  var persoon = document.querySelector("[data-persoon-form]");
  if (persoon) {
    var rol = persoon.querySelector("select[name=rol]");
    var toggle = function () {
      var sw = rol.value === "sekswerker";
      persoon.querySelector("[data-rol=sekswerker]").hidden = !sw;
      persoon.querySelector("[data-rol=anders]").hidden = sw;
    };
    rol.addEventListener("change", toggle); toggle();
  }
})();
