// The online Vastleggen page (office use; field work on the tablet is the offline app).
// Autosave within 2 s of a change, with a visible state. Each change is sent with the value it
// started from (its "basis"); the server refuses a change to a field a colleague changed
// meanwhile (409) and we show both versions to choose from. The finding, person and photo
// forms are sent with fetch too, so a lost connection never loses what was typed: the input
// stays, a Dutch message says so, and sending again works once the server answers.
(function () {
  "use strict";
  var status = document.getElementById("opslagstatus");
  var MELDING = "hh-vastleggen-melding";  // a fixed confirmation text across the reload, no case data
  function show(text, state) {
    status.textContent = text;
    status.setAttribute("data-status", state);
  }
  try {
    var bewaard = JSON.parse(sessionStorage.getItem(MELDING) || "null");
    sessionStorage.removeItem(MELDING);
    if (bewaard) {
      show(bewaard.tekst, "opgeslagen");
      var anker = document.getElementById(bewaard.anker);
      if (anker) { anker.scrollIntoView(); }
    }
  } catch (e) { /* storage blocked: no confirmation, nothing lost */ }

  // --- the connection: this page saves on the server only ---------------------------------
  var balk = document.getElementById("hh-online-status");
  var waarschuwing = document.getElementById("hh-online-waarschuwing");
  var verbonden = true, peiling = null, bijHerstel = [];
  function zetVerbinding(ok) {
    var was = verbonden;
    verbonden = ok;
    balk.setAttribute("data-online", ok ? "ja" : "nee");
    waarschuwing.textContent = ok ? "" : "Geen verbinding met de server: er wordt nu niets opgeslagen. " +
      "Uw invoer blijft in het formulier staan zolang u deze pagina open laat.";
    waarschuwing.hidden = ok;
    if (ok && !was) {
      var wachtend = bijHerstel; bijHerstel = [];
      wachtend.forEach(function (f) { f(); });
    }
  }
  function peil() {
    // A public, cheap answer (the service worker script): any answer means the server is back.
    peiling = null;
    fetch(balk.getAttribute("data-bereikbaar"), { cache: "no-store", credentials: "same-origin" })
      .then(function () { zetVerbinding(true); }, geenVerbinding);
  }
  function geenVerbinding() {
    zetVerbinding(false);
    if (!peiling) { peiling = setTimeout(peil, 5000); }
  }
  window.addEventListener("offline", function () { zetVerbinding(false); });
  window.addEventListener("online", peil);
  if (!navigator.onLine) { geenVerbinding(); }
  // The service worker answers a failed plain form post with a Dutch page instead of the
  // browser's error page (static/js/offline/sw.js); register it here too, not only offline.
  if ("serviceWorker" in navigator && balk.getAttribute("data-sw")) {
    navigator.serviceWorker.register(balk.getAttribute("data-sw"), { scope: balk.getAttribute("data-scope") })
      .catch(function () { /* no safety net on this device; the fetch path below still keeps the input */ });
  }

  // --- finding, person, photo: sent with fetch --------------------------------------------
  var nietVerstuurd = 0;
  function formMelding(f, tekst, soort, problemen) {
    var box = f.querySelector("[data-formulier-melding]");
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("data-formulier-melding", "");
      var knop = f.querySelector("button[type=submit]");
      f.insertBefore(box, knop);
    }
    box.textContent = "";
    box.hidden = !tekst;
    box.className = "utrecht-alert hh-alert " + (soort === "fout" ? "hh-alert--error" : "hh-alert--info");
    box.setAttribute("role", soort === "fout" ? "alert" : "status");
    var p = document.createElement("p");
    p.className = "utrecht-paragraph";
    p.textContent = tekst || "";
    box.appendChild(p);
    if (problemen && problemen.length > 1) {
      var ul = document.createElement("ul"); ul.className = "utrecht-unordered-list";
      problemen.forEach(function (t) { var li = document.createElement("li"); li.className = "utrecht-unordered-list__item"; li.textContent = t; ul.appendChild(li); });
      box.appendChild(ul);
    }
  }
  function alsJson(f) {
    var uit = {};
    new FormData(f).forEach(function (waarde, naam) { if (naam !== "csrf_token") { uit[naam] = waarde; } });
    return JSON.stringify(uit);
  }
  function markeer(f, open) {
    var was = f.getAttribute("data-niet-verstuurd") === "ja";
    if (open !== was) { nietVerstuurd += open ? 1 : -1; }
    f.setAttribute("data-niet-verstuurd", open ? "ja" : "nee");
  }
  function verstuur(f) {
    var knop = f.querySelector("button[type=submit]");
    var csrf = f.querySelector("input[name=csrf_token]").value;
    var headers = { "Accept": "application/json", "X-CSRFToken": csrf };
    var body;
    if (f.getAttribute("data-verstuur") === "json") {
      headers["Content-Type"] = "application/json";
      body = alsJson(f);
    } else {
      body = new FormData(f);
    }
    knop.disabled = true;
    formMelding(f, "Wordt verstuurd…", "info");
    // Sending again after a failure reuses the form's uuid: the server keeps it once.
    fetch(f.action, { method: "POST", credentials: "same-origin", headers: headers, body: body }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) { return { status: r.status, body: b }; });
    }).then(function (res) {
      zetVerbinding(true);
      if (res.status >= 200 && res.status < 300) {
        markeer(f, false);
        try {
          sessionStorage.setItem(MELDING, JSON.stringify({ tekst: f.getAttribute("data-gelukt"), anker: f.getAttribute("data-anker") }));
        } catch (e) { /* see above */ }
        // The lists on this page are the server's: show them afresh, at this section.
        location.reload();
        return;
      }
      knop.disabled = false;
      markeer(f, true);
      var reden = res.body.melding || (res.status === 401 || res.status === 403
        ? "u bent niet (meer) ingelogd. Log in in een ander tabblad en verstuur opnieuw."
        : "er ging iets mis (" + res.status + ").");
      formMelding(f, "Niet verstuurd: " + reden + " Uw invoer staat nog in het formulier.", "fout", res.body.problemen);
    }, function () {
      knop.disabled = false;
      markeer(f, true);
      formMelding(f, "Niet verstuurd: geen verbinding met de server. Uw invoer staat nog in het formulier; " +
        "verstuur opnieuw zodra er verbinding is.", "fout");
      bijHerstel.push(function () {
        if (f.getAttribute("data-niet-verstuurd") === "ja") {
          formMelding(f, "De verbinding is terug. Uw invoer staat nog in het formulier: verstuur het opnieuw.", "info");
        }
      });
      geenVerbinding();
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-verstuur]"), function (f) {
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!f.querySelector("button[type=submit]").disabled) { verstuur(f); }
    });
  });
  window.addEventListener("beforeunload", function (ev) {
    if (nietVerstuurd) { ev.preventDefault(); ev.returnValue = ""; }
  });

  // --- autosave of the checklist ------------------------------------------------------------
  var form = document.getElementById("vastlegging");
  if (!form || form.querySelector("fieldset[disabled]")) { personen(); return; }
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
      show("Niet opgeslagen: geen verbinding met de server. Uw invoer staat nog in het formulier en wordt " +
        "opgeslagen zodra er verbinding is.", "fout");
      geenVerbinding();
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

  personen();

  // Person form: show only the fields that fit the chosen role.
  function personen() {
    var persoon = document.querySelector("[data-persoon-form]");
    if (!persoon) { return; }
    var rol = persoon.querySelector("select[name=rol]");
    var toggle = function () {
      var sw = rol.value === "sekswerker";
      persoon.querySelector("[data-rol=sekswerker]").hidden = !sw;
      persoon.querySelector("[data-rol=anders]").hidden = sw;
    };
    rol.addEventListener("change", toggle); toggle();
  }
})();
