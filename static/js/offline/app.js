/* The offline page of the tablet (issue 14): "Klaarzetten voor offline", today's controles and
 * the recording form, rendered from the encrypted package in IndexedDB. Every change is
 * stored (encrypted) on the device at once; the sync loop (sync.js) sends it. All data goes
 * into the page with textContent / value, never as HTML. */
(function () {
  "use strict";
  var HH = window.HH = window.HH || {};
  var store = HH.store, sync = HH.sync;
  var app = document.getElementById("hh-offline-app");
  if (!app || !store || !sync) { return; }
  var info = document.getElementById("pakket-info");
  var lijst = document.getElementById("controles");
  var formSectie = document.getElementById("formulier");
  var formInhoud = document.getElementById("formulier-inhoud");
  var knop = document.getElementById("klaarzetten");
  var pakket = null;
  var WONING_MELDING = "Een woning mag u alleen binnentreden met toestemming van de bewoner of met een machtiging " +
    "(Awb 5:15, Huisvestingswet art. 34). Kies toestemming, machtiging of ‘geen toegang verkregen’.";
  var TOEGANG = [["openbare_inrichting", "Openbare inrichting (vrij toegankelijk)"], ["toestemming", "Toestemming van de bewoner of gebruiker"],
    ["machtiging", "Machtiging tot binnentreden"], ["geen", "Geen toegang verkregen"]];

  // --- small DOM helpers (text only) ---------------------------------------------------
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) { return; }
      if (k === "text") { e.textContent = v; }
      else if (k === "class") { e.className = v; }
      else if (k === "value" || k === "checked" || k === "disabled" || k === "hidden" || k === "selected") { e[k] = v; }
      else { e.setAttribute(k, v === true ? "" : v); }
    });
    (kids || []).forEach(function (c) { if (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return e;
  }
  function twee(n) { return String(n).padStart(2, "0"); }
  function tijd(iso) { if (!iso) { return ""; } var d = new Date(iso); return isNaN(d) ? String(iso) : twee(d.getHours()) + ":" + twee(d.getMinutes()); }
  function datumTijd(ms) { var d = new Date(ms); return twee(d.getDate()) + "-" + twee(d.getMonth() + 1) + "-" + d.getFullYear() + " " + twee(d.getHours()) + ":" + twee(d.getMinutes()); }
  function opties(lijstOfMap) {
    if (!lijstOfMap) { return []; }
    if (Array.isArray(lijstOfMap)) {
      return lijstOfMap.map(function (o) {
        if (Array.isArray(o)) { return [String(o[0]), String(o[1])]; }
        if (o && typeof o === "object") { var v = o.waarde !== undefined ? o.waarde : (o.value !== undefined ? o.value : o.id); return [String(v), String(o.label || o.naam || v)]; }
        return [String(o), String(o)];
      });
    }
    return Object.keys(lijstOfMap).map(function (k) { return [k, String(lijstOfMap[k])]; });
  }
  function namen(x) {
    if (!x) { return ""; }
    if (!Array.isArray(x)) { return String(x); }
    return x.map(function (t) { return typeof t === "string" ? t : (t.naam || t.label || t.organisatie || ""); }).filter(Boolean).join(", ");
  }
  var KEUZE_NAMEN = { categorie: ["bevinding_categorie", "categorie"], rol: ["persoon_rol", "rol"], ernst: ["ernst"], waarneming: ["waarneming"], toegang: ["toegang"] };
  function keuze(p, naam) {
    var k = (p && p.keuzes) || {}, namen_ = KEUZE_NAMEN[naam] || [naam];
    for (var i = 0; i < namen_.length; i++) { if (k[namen_[i]]) { return opties(k[namen_[i]]); } }
    return [];
  }

  // --- service worker and "klaarzetten" ---------------------------------------------------
  function registreer() {
    if (!("serviceWorker" in navigator)) { return Promise.resolve(null); }
    return navigator.serviceWorker.register(app.getAttribute("data-sw"), { scope: app.getAttribute("data-scope") })
      .catch(function () { return null; });
  }
  function shellOpslaan(reg) {
    if (!reg) { return Promise.resolve(false); }
    var klaar = navigator.serviceWorker.ready;
    var timeout = new Promise(function (ok) { setTimeout(function () { ok(null); }, 15000); });
    return Promise.race([klaar, timeout]).then(function (r) {
      if (!r || !r.active) { return false; }
      return new Promise(function (ok) {
        var ch = new MessageChannel();
        ch.port1.onmessage = function (e) { ok(!!(e.data && e.data.ok)); };
        r.active.postMessage({ soort: "shell-opslaan" }, [ch.port2]);
        setTimeout(function () { ok(false); }, 15000);
      });
    });
  }
  function klaarzetten() {
    knop.disabled = true;
    info.textContent = "Bezig met klaarzetten…";
    return store.haalSleutel().then(function (k) {
      if (!k) { throw new Error("Geen verbinding met de server. Klaarzetten kan alleen met verbinding."); }
      if (k.verlopen) { throw new Error("Uw sessie is verlopen. Log opnieuw in en zet de controles dan klaar."); }
      return registreer();
    }).then(function (reg) {
      return sync.haalPakket().then(function (p) { pakket = p; return shellOpslaan(reg); });
    }).then(function (shellOk) {
      return toonInfo(shellOk ? "" : " Let op: de pagina zelf kon niet voor offline worden bewaard; deze browser ondersteunt dat mogelijk niet.");
    }).then(function () { toonLijst(); if (HH.status) { HH.status.render(); } })
      .catch(function (e) { info.textContent = "Klaarzetten is niet gelukt: " + ((e && e.message) || e); })
      .then(function () { knop.disabled = false; return route(); });
  }

  function toonInfo(extra) {
    return Promise.all([store.meta("pakket_op"), store.overzicht()]).then(function (res) {
      var op = res[0], ov = res[1];
      var bytes = ov.records.reduce(function (s, r) { return s + r.bytes; }, 0);
      if (!pakket) {
        info.textContent = "Er staan nog geen controles op dit apparaat. Kies ‘Klaarzetten voor offline’ terwijl u verbinding hebt." + (extra || "");
        return;
      }
      var n = (pakket.controles || []).length;
      info.textContent = n + (n === 1 ? " controle staat" : " controles staan") + " op dit apparaat, klaargezet op " +
        (op ? datumTijd(op) : "onbekend") + " (" + Math.round(bytes / 1024) + " kB versleuteld)." + (extra || "");
    });
  }

  // --- the list --------------------------------------------------------------------
  function toonLijst() {
    lijst.textContent = "";
    if (!pakket || !(pakket.controles || []).length) {
      lijst.appendChild(el("p", { class: "utrecht-paragraph", text: pakket ? "Vandaag staan er geen controles voor u klaar." : "Nog niets klaargezet." }));
      return Promise.resolve();
    }
    return store.overzicht().then(function (ov) {
      var metConcept = {};
      ov.records.forEach(function (r) { if (r.soort === "concept" || r.soort === "foto") { metConcept[r.controle_id] = true; } });
      var ul = el("ul", { class: "hh-cards" });
      pakket.controles.forEach(function (c) {
        var adres = c.adres ? c.adres.regel1 : "Zonder adres";
        ul.appendChild(el("li", { class: "hh-card hh-controlekaart" }, [
          el("h3", { class: "utrecht-heading-3" }, [el("a", { class: "utrecht-link", href: "#controle-" + c.id,
            text: tijd(c.gepland_op) + (c.gepland_tot ? "–" + tijd(c.gepland_tot) : "") + " · " + adres })]),
          el("p", { class: "utrecht-paragraph" }, [c.titel || "", " · ", el("span", { class: "hh-badge", text: c.status_label || c.status })]),
          c.team ? el("p", { class: "utrecht-paragraph hh-muted", text: "Team: " + namen(c.team) }) : null,
          metConcept[c.id] ? el("p", { class: "utrecht-paragraph" }, [el("span", { class: "hh-badge hh-badge--concept", text: "Concept op dit apparaat" })]) : null
        ]));
      });
      lijst.appendChild(ul);
    });
  }

  // --- the form --------------------------------------------------------------------
  var huidig = null;  // {c: the controle of the package, d: the draft, opgeslagen: the draft is in the store}
  var status = null, timers = {};
  // Typed but not yet stored (the 300 ms debounce): a redraw shows these, so nothing typed is lost.
  var wachtend = {};
  var verwijderd = null;  // the Dutch confirmation after discarding a refused draft or photo
  var BEWERKBARE_STATUS = ["gepland", "voorbereid", "uitgevoerd"];

  function leegConcept(c) {
    return { controle_id: c.id, versie: c.versie, start: null, wijzigingen: {}, bevindingen: [], personen: [], opgelost: [],
      afronden: false, status: "wacht", melding: null, verzending: null };
  }
  function plain(d) { return { soort: "concept", controle_id: d.controle_id, status: d.status || "wacht" }; }
  var laatsteStatus = null;
  function zegOpgeslagen(tekst, st) {
    laatsteStatus = [tekst, st];
    if (!status) { return; }
    status.textContent = tekst; status.setAttribute("data-status", st || "opgeslagen");
  }
  /* Apply ``mutatie(d, c)`` to the stored draft (read-modify-write) and say so. Resolves to
   * true when stored. A draft that vanished meanwhile (the sync loop had it confirmed) means
   * the package in memory may be older than the stored one: read both again, then apply. */
  function wijzig(mutatie, opnieuwTonen) {
    var id = huidig.c.id, verdwenen = false;
    zegOpgeslagen("Wordt opgeslagen op dit apparaat…", "bezig");
    return store.wijzig("concept:" + id, function (d) {
      if (!d && huidig && huidig.opgeslagen) { verdwenen = true; return undefined; }
      var c = huidig.c;
      d = d || leegConcept(c);
      mutatie(d, c);
      if (d.status === "geweigerd") { d.status = "wacht"; d.melding = null; }
      return { plain: plain(d), waarde: d };
    }).then(function (d) {
      if (verdwenen) { huidig.opgeslagen = false; return laadHuidig().then(function () { return wijzig(mutatie, opnieuwTonen); }); }
      huidig.d = d; huidig.opgeslagen = true; verwijderd = null;
      var t = new Date();
      zegOpgeslagen("Opgeslagen op dit apparaat om " + twee(t.getHours()) + ":" + twee(t.getMinutes()) + ":" + twee(t.getSeconds()), "opgeslagen");
      if (HH.status) { HH.status.render(); }
      sync.binnenkort();
      if (opnieuwTonen) { toonFormulier(); }
      return true;
    }, function (e) {
      zegOpgeslagen("Niet opgeslagen op dit apparaat: " + ((e && e.message) || e), "fout");
      return false;
    });
  }
  function basisVan(c, d, key) {
    // The draft's basis (a confirmed bundle, a colleague's value chosen in a conflict) while it is
    // newer than the package; drafts of before issue 23 kept a chosen value in ``overgenomen``.
    if (d.basis && (d.basis.versie || 0) > (c.versie || 0) && d.basis.waarden[key] !== undefined) { return String(d.basis.waarden[key]); }
    if (d.overgenomen && d.overgenomen[key] !== undefined) { return d.overgenomen[key]; }
    var w = (c.waarden || {})[key];
    return w === undefined || w === null ? "" : String(w);
  }
  function waardeVan(c, d, key) {
    if (wachtend[key] !== undefined) { return wachtend[key]; }
    return d.wijzigingen[key] ? d.wijzigingen[key].waarde : basisVan(c, d, key);
  }
  /* A tap (radio, checkbox, select) is stored at once; typing after 300 ms of quiet. */
  function zetVeld(key, waarde, direct) {
    clearTimeout(timers[key]);
    wachtend[key] = waarde;
    zegOpgeslagen("Wordt opgeslagen op dit apparaat…", "bezig");
    var bewaar = function () {
      delete timers[key];
      wijzig(function (d, c) {
        var bestaand = d.wijzigingen[key];
        var basis = bestaand ? bestaand.basis : basisVan(c, d, key);
        if (waarde === basis && !(d.verzending && d.verzending.wijzigingen[key])) { delete d.wijzigingen[key]; }
        else { d.wijzigingen[key] = { waarde: waarde, basis: basis }; }
      }).then(function () { if (wachtend[key] === waarde) { delete wachtend[key]; } controleerWoning(); });
    };
    if (direct) { bewaar(); } else { timers[key] = setTimeout(bewaar, 300); }
  }
  function controleerWoning() {
    var box = document.getElementById("woning-fout");
    if (!box || !huidig) { return; }
    var fout = waardeVan(huidig.c, huidig.d, "is_woning") === "ja" && waardeVan(huidig.c, huidig.d, "toegang") === "openbare_inrichting";
    box.textContent = fout ? WONING_MELDING : "";
    box.hidden = !fout;
  }

  function veldRadio(key, waarden, legend, c, d, id) {
    var huidigeWaarde = waardeVan(c, d, key);
    var fs = el("fieldset", { class: "hh-item__keuze" }, [el("legend", { class: "utrecht-form-label", text: legend })]);
    var rij = el("div", { class: "hh-keuzes" });
    waarden.forEach(function (o, i) {
      var input = el("input", { type: "radio", class: "utrecht-radio-button utrecht-radio-button--html-input", name: key, id: id + "-" + i, value: o[0], checked: huidigeWaarde === o[0] });
      input.addEventListener("change", function () { if (input.checked) { zetVeld(key, o[0], true); } });
      rij.appendChild(el("label", { class: "hh-check", for: id + "-" + i }, [input, " " + o[1]]));
    });
    fs.appendChild(rij);
    return fs;
  }
  function invoer(key, soort, c, d, id, extra) {
    var w = waardeVan(c, d, key), e;
    if (soort === "tekst" || soort === "textarea") {
      e = el("textarea", Object.assign({ id: id, name: key, rows: "2", class: "utrecht-textarea utrecht-textarea--html-textarea" }, extra || {}));
      e.value = w;
    } else if (soort === "keuze") {
      e = el("select", Object.assign({ id: id, name: key, class: "utrecht-select utrecht-select--html-select" }, extra || {}), [el("option", { value: "", text: "— kies —" })]);
      (extra && extra._keuzes || []).forEach(function (k) { e.appendChild(el("option", { value: k[0], text: k[1], selected: w === k[0] })); });
      e.removeAttribute("_keuzes");
      e.value = w;
    } else {
      var type = soort === "datum" ? "date" : soort === "tijd" ? "time" : "text";
      e = el("input", Object.assign({ id: id, name: key, type: type, class: "utrecht-textbox utrecht-textbox--html-input hh-textbox--kort", value: w },
        soort === "getal" ? { inputmode: "decimal" } : {}, extra || {}));
    }
    // A choice is stored at once; text after a pause, and at once when the field is left.
    e.addEventListener("input", function () { zetVeld(key, e.value, soort === "keuze"); });
    e.addEventListener("change", function () { zetVeld(key, e.value, true); });
    return e;
  }

  function toonItem(item, c, d) {
    var key = "a:" + item.id, tkey = "t:" + item.id, iid = "off-item-" + item.id;
    var tekst = item.tekst + (item.verplicht ? " (verplicht)" : "");
    var div = el("div", { class: "hh-item" + (item.verplicht ? " hh-item--verplicht" : ""), "data-item": String(item.id), "data-code": item.code || "" });
    var hint = item.hulptekst ? el("p", { class: "utrecht-form-field-description", id: iid + "-hint", text: item.hulptekst }) : null;
    if (item.soort === "ja_nee") {
      var fs = veldRadio(key, [["ja", "Ja"], ["nee", "Nee"], ["nvt", "n.v.t."]], tekst, c, d, iid);
      if (hint) { fs.insertBefore(hint, fs.children[1]); }
      div.appendChild(fs);
    } else {
      div.appendChild(el("label", { class: "utrecht-form-label", for: iid, text: tekst }));
      if (hint) { div.appendChild(hint); }
      div.appendChild(invoer(key, item.soort, c, d, iid, Object.assign(hint ? { "aria-describedby": iid + "-hint" } : {},
        item.soort === "keuze" ? { _keuzes: opties(item.keuzes) } : {})));
    }
    if (item.norm) { div.appendChild(el("p", { class: "hh-muted hh-item__norm", text: "Norm: " + item.norm })); }
    var t = waardeVan(c, d, tkey);
    div.appendChild(el("details", { class: "hh-details hh-item__toelichting", id: iid + "-td", open: t ? true : null }, [
      el("summary", {}, ["Toelichting", el("span", { class: "hh-visually-hidden", text: " bij " + item.tekst })]),
      el("label", { class: "hh-visually-hidden", for: iid + "-t", text: "Toelichting bij " + item.tekst }),
      invoer(tkey, "tekst", c, d, iid + "-t")
    ]));
    return div;
  }

  // --- permit voorschriften (issue 15): one check per voorschrift, keys v:<id> and vt:<id> ---
  var OORDELEN = [["nageleefd", "Nageleefd"], ["overtreden", "Overtreden"], ["niet_gecontroleerd", "Niet gecontroleerd"]];
  function voorschriftKeuzes(c) {
    var uit = [];
    (c.vergunningen || []).forEach(function (v) {
      (v.voorschriften || []).forEach(function (vs) {
        var tekst = String(vs.tekst || "");
        uit.push([String(vs.id), "Voorschrift " + vs.nummer + " (" + v.zaaknummer + "): " + (tekst.length > 60 ? tekst.slice(0, 59) + "…" : tekst)]);
      });
    });
    return uit;
  }
  function voorschriftNaam(c, id) {
    if (id === null || id === undefined || id === "") { return ""; }
    var k = voorschriftKeuzes(c).filter(function (x) { return x[0] === String(id); })[0];
    return k ? k[1] : "voorschrift van de vergunning";
  }
  function sectieVoorschriften(c, d) {
    var vergunningen = c.vergunningen || [];
    if (!vergunningen.length) { return null; }
    var blok = el("div", { class: "hh-stack", id: "off-voorschriften" }, [el("h3", { class: "utrecht-heading-2", text: "Voorschriften van de vergunning" })]);
    vergunningen.forEach(function (v, n) {
      var fs = el("fieldset", { class: "hh-card utrecht-form-fieldset hh-sectie", id: "off-vergunning-" + n }, [
        el("legend", { class: "utrecht-form-fieldset__legend utrecht-heading-3", text: "Vergunning " + v.zaaknummer + " – " + (v.soort || "") }),
        el("p", { class: "utrecht-form-field-description", text: "Houder: " + (v.houder || "—") + (v.vervaldatum ? " · geldig tot " + v.vervaldatum.split("-").reverse().join("-") : "") })]);
      (v.voorschriften || []).forEach(function (vs) {
        var key = "v:" + vs.id, tkey = "vt:" + vs.id, vid = "off-voorschrift-" + vs.id;
        var div = el("div", { class: "hh-item", "data-voorschrift": String(vs.id) });
        var keuze_ = veldRadio(key, OORDELEN, "Voorschrift " + vs.nummer + ": " + vs.tekst, c, d, vid);
        keuze_.insertBefore(el("p", { class: "utrecht-form-field-description", text: (vs.categorie || "") + (vs.bron_artikel ? " · " + vs.bron_artikel : "") }), keuze_.children[1]);
        div.appendChild(keuze_);
        var t = waardeVan(c, d, tkey);
        div.appendChild(el("details", { class: "hh-details hh-item__toelichting", id: vid + "-td", open: t ? true : null }, [
          el("summary", {}, ["Toelichting", el("span", { class: "hh-visually-hidden", text: " bij voorschrift " + vs.nummer + " van " + v.zaaknummer })]),
          el("label", { class: "hh-visually-hidden", for: vid + "-t", text: "Toelichting bij voorschrift " + vs.nummer + " van " + v.zaaknummer }),
          invoer(tkey, "tekst", c, d, vid + "-t")
        ]));
        fs.appendChild(div);
      });
      blok.appendChild(fs);
    });
    return blok;
  }

  // Fields outside the draft (the "toevoegen" forms) carry data-vrij: a redraw keeps what they hold.
  function selectVeld(id, label, keuzes, leeg) {
    var s = el("select", { id: id, class: "utrecht-select utrecht-select--html-select", "data-vrij": true }, leeg ? [el("option", { value: "", text: leeg })] : []);
    keuzes.forEach(function (k) { s.appendChild(el("option", { value: k[0], text: k[1] })); });
    return [el("div", { class: "utrecht-form-field hh-field" }, [el("div", { class: "utrecht-form-field__label" }, [el("label", { class: "utrecht-form-label", for: id, text: label })]),
      el("div", { class: "utrecht-form-field__input" }, [s])]), s];
  }
  function tekstVeld(id, label, multi) {
    var i = multi ? el("textarea", { id: id, rows: "3", class: "utrecht-textarea utrecht-textarea--html-textarea", "data-vrij": true }) :
      el("input", { id: id, type: "text", class: "utrecht-textbox utrecht-textbox--html-input", "data-vrij": true });
    return [el("div", { class: "utrecht-form-field hh-field" }, [el("div", { class: "utrecht-form-field__label" }, [el("label", { class: "utrecht-form-label", for: id, text: label })]),
      el("div", { class: "utrecht-form-field__input" }, [i])]), i];
  }
  function vinkVeld(id, label) {
    var i = el("input", { id: id, type: "checkbox", class: "utrecht-checkbox utrecht-checkbox--html-input", "data-vrij": true });
    return [el("div", { class: "hh-field" }, [el("label", { class: "hh-check", for: id }, [i, " " + label])]), i];
  }
  function melding(doel, tekst) { doel.textContent = tekst; doel.hidden = !tekst; }

  function sectieBevindingen(c, d) {
    var p = pakket;
    var sec = el("section", { class: "hh-card", id: "off-bevindingen", "aria-labelledby": "off-bev-kop" }, [el("h3", { class: "utrecht-heading-2", id: "off-bev-kop", text: "Bevindingen" })]);
    var ul = el("ul", { class: "hh-compact-list", id: "off-bev-lijst" });
    var overtreden = function (b) { var n = voorschriftNaam(c, b.voorschrift_id); return n ? " [overtreden: " + n + "]" : ""; };
    (c.bevindingen || []).forEach(function (b) { ul.appendChild(el("li", { text: (b.categorie_label || b.categorie) + " (" + (b.ernst_label || b.ernst) + "): " + b.omschrijving + overtreden(b) + " – op de server" })); });
    // ``verstuurd``: drafts of before issue 23 (now the package holds what was sent); never twice.
    var opServer = {};
    (c.bevindingen || []).forEach(function (b) { opServer[b.uuid] = true; });
    ((d.verstuurd || {}).bevindingen || []).forEach(function (b) { if (!opServer[b.uuid]) { ul.appendChild(el("li", { text: b.categorie + ": " + b.omschrijving + overtreden(b) + " – verstuurd" })); } });
    (d.bevindingen || []).forEach(function (b) {
      var li = el("li", { text: b.categorie + " (" + b.ernst + "): " + b.omschrijving + overtreden(b) + (b.waargenomen_op ? " – waargenomen " + new Date(b.waargenomen_op).toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" }) : "") + " – op dit apparaat " });
      var inBundel = d.verzending && d.verzending.bevindingen.some(function (x) { return x.uuid === b.uuid; });
      if (!inBundel) {
        var weg = el("button", { type: "button", class: "utrecht-button utrecht-button--subtle hh-button--small", text: "Verwijderen" }, [el("span", { class: "hh-visually-hidden", text: ": " + b.omschrijving.slice(0, 60) })]);
        weg.addEventListener("click", function () { wijzig(function (x) { x.bevindingen = x.bevindingen.filter(function (y) { return y.uuid !== b.uuid; }); }, true); });
        li.appendChild(weg);
      }
      ul.appendChild(li);
    });
    if (!ul.children.length) { ul.appendChild(el("li", { text: "Nog geen bevindingen." })); }
    sec.appendChild(ul);
    var cat = selectVeld("off-bev-categorie", "Categorie", keuze(p, "categorie"), "— kies —");
    var oms = tekstVeld("off-bev-omschrijving", "Wat hebt u vastgesteld?", true);
    var wrn = selectVeld("off-bev-waarneming", "Bron", keuze(p, "waarneming"));
    var ern = selectVeld("off-bev-ernst", "Ernst", keuze(p, "ernst"));
    if (keuze(p, "ernst").some(function (k) { return k[0] === "matig"; })) { ern[1].value = "matig"; }
    var nrm = tekstVeld("off-bev-norm", "Overtreden norm (artikel of voorschrift)");
    var vsKeuzes = voorschriftKeuzes(c);
    var vsr = vsKeuzes.length ? selectVeld("off-bev-voorschrift", "Overtreden voorschrift (van de vergunning)", vsKeuzes, "Geen") : null;
    var fout = el("p", { class: "utrecht-form-field-error-message", role: "alert", hidden: true });
    var knopB = el("button", { type: "button", class: "utrecht-button utrecht-button--primary-action", text: "Bevinding vastleggen" });
    knopB.addEventListener("click", function () {
      if (!cat[1].value || !oms[1].value.trim()) { melding(fout, "Kies een categorie en beschrijf wat u hebt vastgesteld."); return; }
      melding(fout, "");
      var b = { uuid: store.uuid4(), categorie: cat[1].value, omschrijving: oms[1].value.trim(), waarneming: wrn[1].value, ernst: ern[1].value, norm: nrm[1].value.trim(), waargenomen_op: new Date().toISOString() };
      if (vsr && vsr[1].value) { b.voorschrift_id = parseInt(vsr[1].value, 10); }
      wijzig(function (x, cx) {
        x.bevindingen = (x.bevindingen || []).concat([b]);
        if (b.voorschrift_id) {
          // The server makes the named voorschrift ‘overtreden’; the form shows it at once.
          var key = "v:" + b.voorschrift_id, bestaand = x.wijzigingen[key];
          x.wijzigingen[key] = { waarde: "overtreden", basis: bestaand ? bestaand.basis : basisVan(cx, x, key) };
        }
      }).then(function (ok) {
        if (!ok) { return; }
        [cat[1], oms[1], nrm[1], vsr ? vsr[1] : null].forEach(function (f) { if (f) { f.value = ""; } });
        toonFormulier();
      });
    });
    sec.appendChild(el("details", { class: "hh-details", id: "off-bev-toevoegen", "data-bewerk": true }, [el("summary", { text: "Bevinding toevoegen" }),
      el("div", { class: "hh-stack" }, [cat[0], oms[0], el("div", { class: "hh-columns" }, [wrn[0], ern[0]]), nrm[0], vsr ? vsr[0] : null, fout, knopB])]));
    return sec;
  }

  function sectieEerdere(c, d) {
    var eerdere = c.eerdere_bevindingen || [];
    if (!eerdere.length) { return null; }
    var sec = el("section", { class: "hh-card", "aria-labelledby": "off-eerdere-kop" }, [el("h3", { class: "utrecht-heading-2", id: "off-eerdere-kop", text: "Eerdere bevindingen op dit adres" })]);
    var ul = el("ul", { class: "hh-compact-list" });
    eerdere.forEach(function (b) {
      var gekozen = (d.opgelost || []).filter(function (o) { return o.bevinding_id === b.id; })[0];
      var opgelost = gekozen ? gekozen.opgelost : !!(b.opgelost_hier || b.opgelost);
      var li = el("li", { text: (b.datum ? b.datum + " – " : "") + (b.categorie_label || b.categorie || "") + ": " + (b.omschrijving || "") + (opgelost ? " – opgelost " : " ") });
      var k = el("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action hh-button--small", text: opgelost ? "Toch niet opgelost" : "Opgelost" },
        [el("span", { class: "hh-visually-hidden", text: ": " + String(b.omschrijving || "").slice(0, 60) })]);
      k.addEventListener("click", function () {
        wijzig(function (x) { x.opgelost = (x.opgelost || []).filter(function (o) { return o.bevinding_id !== b.id; }).concat([{ bevinding_id: b.id, opgelost: !opgelost }]); }, true);
      });
      li.appendChild(k);
      ul.appendChild(li);
    });
    sec.appendChild(ul);
    return sec;
  }

  function sectiePersonen(c, d) {
    var sec = el("section", { class: "hh-card", id: "off-personen", "aria-labelledby": "off-pers-kop" }, [el("h3", { class: "utrecht-heading-2", id: "off-pers-kop", text: "Aangetroffen personen" })]);
    var n = (c.aantal_personen || 0) + ((d.verstuurd || {}).personen || []).length;
    var ul = el("ul", { class: "hh-compact-list" });
    if (n) { ul.appendChild(el("li", { text: n + " al op de server" })); }
    (d.personen || []).forEach(function (p) {
      ul.appendChild(el("li", { text: (p.rol || "") + (p.naam ? ": " + p.naam : "") + (p.sekswerker && p.sekswerker.werknaam ? ": " + p.sekswerker.werknaam : "") + " – op dit apparaat" }));
    });
    if (!ul.children.length) { ul.appendChild(el("li", { text: "Nog geen personen vastgelegd." })); }
    sec.appendChild(ul);
    var rol = selectVeld("off-pers-rol", "Rol", keuze(pakket, "rol"), "— kies —");
    var naam = tekstVeld("off-pers-naam", "Naam (niet bij sekswerkers)");
    var lft = vinkVeld("off-pers-leeftijd", "Leeftijd gecontroleerd");
    var opm = tekstVeld("off-pers-opmerking", "Opmerking", true);
    var idg = vinkVeld("off-pers-id", "Identiteitsbewijs gezien (Awb 5:16a)");
    var wn = tekstVeld("off-pers-werknaam", "Werknaam");
    var gj = tekstVeld("off-pers-geboortejaar", "Geboortejaar (van het identiteitsbewijs)");
    gj[1].setAttribute("inputmode", "numeric");
    var brp = selectVeld("off-pers-brp", "Ingeschreven in BRP of RNI", [["ja", "Ja"], ["nee", "Nee"]], "Niet nagegaan");
    var gsp = vinkVeld("off-pers-gesprek", "Gesprek zonder exploitant of beheerder aangeboden");
    var tolk = vinkVeld("off-pers-tolk", "Met tolk");
    var toel = tekstVeld("off-pers-toelichting", "Toelichting", true);
    var anders = el("div", {}, [naam[0], lft[0], opm[0]]);
    var sw = el("div", { hidden: true }, [el("p", { class: "utrecht-paragraph hh-muted", text: "Leg alleen vast wat nodig is: gegevens van sekswerkers zijn bijzondere persoonsgegevens." }), wn[0], gj[0], brp[0], gsp[0], tolk[0], toel[0]]);
    rol[1].addEventListener("change", function () { var s = rol[1].value === "sekswerker"; sw.hidden = !s; anders.hidden = s; });
    var fout = el("p", { class: "utrecht-form-field-error-message", role: "alert", hidden: true });
    var k = el("button", { type: "button", class: "utrecht-button utrecht-button--primary-action", text: "Persoon vastleggen" });
    k.addEventListener("click", function () {
      if (!rol[1].value) { melding(fout, "Kies de rol van de persoon."); return; }
      var jaar = gj[1].value.trim();
      if (jaar && !/^(19|20)\d\d$/.test(jaar)) { melding(fout, "Vul een geldig geboortejaar in."); return; }
      melding(fout, "");
      var s = rol[1].value === "sekswerker";
      var p = { uuid: store.uuid4(), rol: rol[1].value, naam: s ? "" : naam[1].value.trim(), id_gezien: idg[1].checked,
        leeftijd_gecontroleerd: s ? false : lft[1].checked, opmerking: s ? "" : opm[1].value.trim(),
        sekswerker: s ? { werknaam: wn[1].value.trim(), id_gezien: idg[1].checked, geboortejaar: jaar ? parseInt(jaar, 10) : null, ingeschreven_brp_rni: brp[1].value,
          gesprek_aangeboden: gsp[1].checked, tolk: tolk[1].checked, toelichting: toel[1].value.trim() } : null };
      wijzig(function (x) { x.personen = (x.personen || []).concat([p]); }).then(function (ok) {
        if (!ok) { return; }
        [rol[1], naam[1], opm[1], wn[1], gj[1], brp[1], toel[1]].forEach(function (f) { f.value = ""; });
        [lft[1], idg[1], gsp[1], tolk[1]].forEach(function (f) { f.checked = false; });
        toonFormulier();
      });
    });
    sec.appendChild(el("details", { class: "hh-details", id: "off-pers-toevoegen", "data-bewerk": true }, [el("summary", { text: "Persoon toevoegen" }),
      el("div", { class: "hh-stack" }, [rol[0], anders, idg[0], sw, fout, k])]));
    return sec;
  }

  function sectieFotos(c, d) {
    var sec = el("section", { class: "hh-card", id: "off-fotos", "aria-labelledby": "off-foto-kop" }, [el("h3", { class: "utrecht-heading-2", id: "off-foto-kop", text: "Foto's" })]);
    var ul = el("ul", { class: "hh-compact-list", id: "off-foto-lijst" });
    if (c.aantal_fotos) { ul.appendChild(el("li", { text: c.aantal_fotos + " al op de server" })); }
    sec.appendChild(ul);
    store.overzicht().then(function (ov) {
      var eigen = ov.records.filter(function (r) { return r.soort === "foto" && r.controle_id === c.id; });
      return Promise.all(eigen.map(function (r) { return store.lees(r.key); })).then(function (items) {
        items.filter(Boolean).forEach(function (it) {
          var f = it.waarde;
          var li = el("li", { text: "Foto" + (f.bijschrift ? " ‘" + f.bijschrift + "’" : "") + " (" + (f.grootte / 1048576).toFixed(1).replace(".", ",") + " MB) – " +
            (f.status === "geweigerd" ? "geweigerd: " + f.melding : "op dit apparaat, wacht op verzending") });
          if (f.status === "geweigerd") { li.appendChild(verwijderBlok("foto", it.rec.key, f.bijschrift)); }
          ul.appendChild(li);
        });
      });
    });
    var input = el("input", { id: "off-foto", type: "file", accept: "image/*", capture: "environment", class: "utrecht-textbox utrecht-textbox--html-input", "aria-describedby": "off-foto-hint" });
    var bij = tekstVeld("off-foto-bijschrift", "Bijschrift");
    var bevKeuzes = (d.bevindingen || []).concat(((d.verstuurd || {}).bevindingen) || [], c.bevindingen || []).filter(function (b) { return b.uuid; })
      .map(function (b) { return [b.uuid, String(b.omschrijving || "").slice(0, 60)]; });
    var bev = selectVeld("off-foto-bevinding", "Hoort bij bevinding", bevKeuzes, "Geen");
    var fout = el("p", { class: "utrecht-form-field-error-message", role: "alert", hidden: true });
    var k = el("button", { type: "button", class: "utrecht-button utrecht-button--primary-action", text: "Foto bewaren op dit apparaat" });
    k.addEventListener("click", function () {
      // The chosen file's input may be the one kept from before a redraw (herstelStaat).
      var gekozen = document.getElementById("off-foto") || input;
      var file = gekozen.files && gekozen.files[0];
      if (!file) { melding(fout, "Kies of maak eerst een foto."); return; }
      if (file.type && file.type.indexOf("image/") !== 0) { melding(fout, "Dit bestand is geen foto."); return; }
      melding(fout, "");
      k.disabled = true;
      zegOpgeslagen("Foto wordt versleuteld opgeslagen…", "bezig");
      file.arrayBuffer().then(function (bytes) {
        var uuid = store.uuid4();
        return store.bewaar({ key: "foto:" + uuid, soort: "foto", controle_id: c.id, status: "wacht" },
          { uuid: uuid, controle_id: c.id, bijschrift: bij[1].value.trim(), bevinding_uuid: bev[1].value || null, type: file.type, grootte: bytes.byteLength, status: "wacht" }, bytes);
      }).then(function () {
        zegOpgeslagen("Foto opgeslagen op dit apparaat.", "opgeslagen");
        if (HH.status) { HH.status.render(); }
        sync.binnenkort();
        gekozen.value = ""; bij[1].value = ""; bev[1].value = "";
        toonFormulier();
      }, function (e) { k.disabled = false; melding(fout, "De foto is niet opgeslagen: " + ((e && e.message) || e)); });
    });
    sec.appendChild(el("div", { class: "hh-stack", "data-bewerk": true }, [
      el("div", { class: "hh-field" }, [el("label", { class: "utrecht-form-label", for: "off-foto", text: "Foto maken of kiezen" }),
        el("p", { class: "utrecht-form-field-description", id: "off-foto-hint", text: "De foto blijft versleuteld op dit apparaat tot de server haar heeft. Locatie- en cameragegevens verwijdert de server." }), input]),
      bij[0], bev[0], fout, k]));
    return sec;
  }

  function ontbrekend(c, d) {
    var uit = [];
    if (!waardeVan(c, d, "toegang")) { uit.push("Binnentreden: kies op welke basis"); }
    if (waardeVan(c, d, "is_woning") === "ja" && waardeVan(c, d, "toegang") === "openbare_inrichting") { uit.push("Binnentreden: een woning alleen met toestemming of machtiging"); }
    (c.secties || []).forEach(function (s) {
      (s.items || []).forEach(function (i) { if (i.verplicht && !waardeVan(c, d, "a:" + i.id)) { uit.push(s.titel + ": " + i.tekst); } });
    });
    return uit;
  }

  function sectieConflict(c, d) {
    if (d.status !== "conflict" || !(d.conflicten || []).length) { return null; }
    var sec = el("div", { class: "hh-card hh-conflict", role: "region", "aria-labelledby": "off-conflict-kop" }, [
      el("h3", { class: "utrecht-heading-2", id: "off-conflict-kop", tabindex: "-1", text: "Een collega heeft dezelfde velden gewijzigd" }),
      el("p", { class: "utrecht-paragraph", text: d.melding || "Kies per veld welke versie blijft." })]);
    var tbody = el("tbody", { class: "utrecht-table__body" });
    d.conflicten.forEach(function (x) {
      var mijn = el("button", { type: "button", class: "utrecht-button utrecht-button--primary-action hh-button--small", text: "Mijn versie" }, [el("span", { class: "hh-visually-hidden", text: ": " + x.label })]);
      var hun = el("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action hh-button--small", text: "Versie collega" }, [el("span", { class: "hh-visually-hidden", text: ": " + x.label })]);
      var kies = function (k) {
        sync.kiesConflict(c.id, x.veld, k).then(function (nd) {
          if (nd) { huidig.d = nd; }
          toonFormulier();
          var kop = document.getElementById("off-conflict-kop") || document.getElementById("off-titel");
          if (kop) { kop.focus(); }
          if (HH.status) { HH.status.render(); }
          // Every field chosen: send on at once (the draft carries the server's versie now).
          if (nd && !(nd.conflicten || []).length) { sync.run().then(function () { sync.binnenkort(); }); } else { sync.binnenkort(); }
        });
      };
      mijn.addEventListener("click", function () { kies("mijn"); });
      hun.addEventListener("click", function () { kies("hun"); });
      tbody.appendChild(el("tr", { class: "utrecht-table__row" }, [el("td", { class: "utrecht-table__cell", text: x.label }), el("td", { class: "utrecht-table__cell", text: x.uw_waarde || "—" }),
        el("td", { class: "utrecht-table__cell", text: x.huidige_waarde || "—" }), el("td", { class: "utrecht-table__cell" }, [mijn, " ", hun])]));
    });
    sec.appendChild(el("table", { class: "utrecht-table hh-table hh-table--compact" }, [el("thead", { class: "utrecht-table__header" }, [el("tr", { class: "utrecht-table__row" },
      ["Veld", "Uw invoer", "Van uw collega", "Keuze"].map(function (t) { return el("th", { class: "utrecht-table__header-cell", scope: "col", text: t }); }))]), tbody]));
    return sec;
  }

  function alleenLezen(c) { return c.bewerkbaar === false || (!!c.status && BEWERKBARE_STATUS.indexOf(c.status) === -1); }
  function redenAlleenLezen(c, d) {
    var reden = c.status && BEWERKBARE_STATUS.indexOf(c.status) === -1 ?
      "Deze controle heeft de status ‘" + (c.status_label || c.status) + "’ en kan op dit apparaat niet meer worden gewijzigd." :
      "U kunt deze controle niet (meer) wijzigen: u staat niet (meer) in het team.";
    var open = d && (Object.keys(d.wijzigingen || {}).length || (d.bevindingen || []).length || (d.personen || []).length);
    return reden + " U kunt hier alleen lezen wat is vastgelegd." + (open ? " Wat nog op dit apparaat staat, wordt wel verstuurd; de server beslist." : "");
  }

  /* "Verwijderen van dit apparaat" for a draft or photo the server refused, with a confirmation
   * step in the page. Nothing is audited on the client: the server never had it. */
  function verwijderBlok(soort, key, naam) {
    var concept = soort === "concept";
    var tekst = concept ? "Concept verwijderen van dit apparaat" : "Foto verwijderen van dit apparaat";
    var vraagId = "off-verwijder-vraag-" + key.replace(/[^a-z0-9]/gi, "-");
    var blok = el("div", { class: "hh-actions hh-verwijder" });
    var k = el("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action hh-button--small", "data-lezen-ok": true, text: tekst },
      concept ? [] : [el("span", { class: "hh-visually-hidden", text: naam ? ": " + naam : "" })]);
    k.addEventListener("click", function () {
      var vraag = el("p", { class: "utrecht-paragraph", id: vraagId, tabindex: "-1", text: concept ?
        "Weet u zeker dat u dit concept van dit apparaat wilt verwijderen? Wat erin staat, heeft de server niet en gaat verloren." :
        "Weet u zeker dat u deze foto van dit apparaat wilt verwijderen? De server heeft haar niet; ze gaat verloren." });
      var ja = el("button", { type: "button", class: "utrecht-button utrecht-button--primary-action hh-button--small", "data-lezen-ok": true, text: "Ja, verwijderen" });
      var nee = el("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action hh-button--small", "data-lezen-ok": true, text: "Annuleren" });
      blok.textContent = "";
      blok.appendChild(el("div", { class: "hh-card hh-verwijder__bevestig", role: "group", "aria-labelledby": vraagId, id: "off-verwijder-bevestig" },
        [vraag, el("p", { class: "hh-actions" }, [ja, " ", nee])]));
      vraag.focus();
      nee.addEventListener("click", function () { blok.textContent = ""; blok.appendChild(k); k.focus(); });
      ja.addEventListener("click", function () {
        ja.disabled = true;
        store.wijzig(key, function () { return null; }).then(function () {
          verwijderd = concept ? "Het concept is van dit apparaat verwijderd." : "De foto is van dit apparaat verwijderd.";
          if (concept && huidig) { huidig.d = leegConcept(huidig.c); huidig.opgeslagen = false; wachtend = {}; }
          if (HH.status) { HH.status.render(); }
          toonFormulier();
          var m = document.getElementById("off-verwijderd");
          if (m) { m.focus(); }
        }, function (e) { ja.disabled = false; vraag.textContent = "Verwijderen is niet gelukt: " + ((e && e.message) || e); });
      });
    });
    blok.appendChild(k);
    return blok;
  }

  /* Redraw the form and keep what the user is doing: focus, caret, scroll, open details, what
   * is typed in the "toevoegen" fields and a chosen photo (a draft field's pending value comes
   * from ``wachtend``). */
  function bewaarStaat() {
    if (!huidig || formInhoud.getAttribute("data-controle") !== String(huidig.c.id)) { return null; }
    var st = { focus: null, vrij: {}, open: {}, bestanden: {}, scroll: [window.scrollX, window.scrollY] };
    var a = document.activeElement;
    if (a && a.id && formInhoud.contains(a)) {
      st.focus = { id: a.id };
      try { st.focus.start = a.selectionStart; st.focus.eind = a.selectionEnd; } catch (e) { /* no caret in this kind of input */ }
    }
    formInhoud.querySelectorAll("[data-vrij]").forEach(function (e) { st.vrij[e.id] = e.type === "checkbox" ? e.checked : e.value; });
    formInhoud.querySelectorAll("input[type=file]").forEach(function (e) { if (e.files && e.files.length) { st.bestanden[e.id] = e; } });
    formInhoud.querySelectorAll("details[id]").forEach(function (e) { st.open[e.id] = e.open; });
    return st;
  }
  function herstelStaat(st) {
    if (!st) { return; }
    Object.keys(st.open).forEach(function (id) { var e = document.getElementById(id); if (e && e.tagName === "DETAILS") { e.open = st.open[id]; } });
    Object.keys(st.vrij).forEach(function (id) {
      var e = document.getElementById(id);
      if (!e || !e.hasAttribute("data-vrij")) { return; }
      if (e.type === "checkbox") { e.checked = st.vrij[id]; } else if (e.value !== st.vrij[id]) {
        e.value = st.vrij[id];
        if (e.tagName === "SELECT") { e.dispatchEvent(new Event("change")); }
      }
    });
    Object.keys(st.bestanden).forEach(function (id) { var e = document.getElementById(id); if (e && e.type === "file") { e.replaceWith(st.bestanden[id]); } });
    if (st.focus) {
      var f = document.getElementById(st.focus.id);
      if (f && !f.disabled) {
        f.focus({ preventScroll: true });
        if (typeof st.focus.start === "number") { try { f.setSelectionRange(st.focus.start, st.focus.eind); } catch (e) { /* no caret */ } }
      }
    }
    window.scrollTo(st.scroll[0], st.scroll[1]);
  }
  function toonFormulier() {
    if (!huidig) { return; }
    var st = bewaarStaat();
    teken();
    herstelStaat(st);
  }

  function teken() {
    var c = huidig.c, d = huidig.d || leegConcept(c);
    var lezen = alleenLezen(c);
    formInhoud.textContent = "";
    formInhoud.setAttribute("data-controle", String(c.id));
    app.setAttribute("data-alleen-lezen", lezen ? "ja" : "nee");
    var kop = el("div", { class: "hh-vastleg-kop" }, [el("h3", { class: "utrecht-heading-2", id: "off-titel", tabindex: "-1", text: c.titel || "Controle" })]);
    status = el("p", { class: "hh-opslagstatus", id: "opslagstatus", role: "status", "aria-live": "polite", "data-status": "opgeslagen" });
    kop.appendChild(status);
    if (laatsteStatus) { zegOpgeslagen(laatsteStatus[0], laatsteStatus[1]); }
    formInhoud.appendChild(el("p", {}, [el("a", { class: "utrecht-link", href: "#", text: "← Terug naar de lijst" })]));
    formInhoud.appendChild(kop);
    formInhoud.appendChild(el("p", { class: "utrecht-paragraph hh-lead", text: (c.adres ? c.adres.volledig : "Zonder adres") + " · gepland " + tijd(c.gepland_op) + " · " + (c.status_label || c.status) }));
    if (c.team) { formInhoud.appendChild(el("p", { class: "utrecht-paragraph", text: "Team: " + namen(c.team) + (c.partners && c.partners.length ? " · partners: " + namen(c.partners) : "") })); }
    if (c.rechtsgronden && c.rechtsgronden.length) { formInhoud.appendChild(el("p", { class: "utrecht-paragraph hh-muted", text: "Rechtsgronden: " + namen(c.rechtsgronden) })); }
    if (c.briefing) { formInhoud.appendChild(el("p", { class: "utrecht-paragraph hh-pre", text: "Briefing: " + c.briefing })); }
    if (verwijderd) {
      formInhoud.appendChild(el("div", { class: "utrecht-alert hh-alert hh-alert--success", role: "status", id: "off-verwijderd", tabindex: "-1" }, [
        el("div", { class: "utrecht-alert__content" }, [el("p", { class: "utrecht-paragraph", text: verwijderd })])]));
    }
    if (d.status === "geweigerd" && huidig.opgeslagen) {
      formInhoud.appendChild(el("div", { class: "utrecht-alert hh-alert hh-alert--error", role: "alert" }, [el("div", { class: "utrecht-alert__content" }, [
        el("p", { class: "utrecht-paragraph", text: "De server weigerde dit concept: " + (d.melding || "") + " Het concept blijft op dit apparaat; pas het aan, neem contact op met de coördinator of verwijder het van dit apparaat." })])]));
      formInhoud.appendChild(verwijderBlok("concept", "concept:" + c.id));
    }
    var conflict = sectieConflict(c, d);
    if (conflict) { formInhoud.appendChild(conflict); }
    if (lezen) {
      formInhoud.appendChild(el("div", { class: "utrecht-alert hh-alert hh-alert--info", role: "note", id: "off-alleen-lezen" }, [el("div", { class: "utrecht-alert__content" }, [
        el("p", { class: "utrecht-paragraph", text: redenAlleenLezen(c, d) })])]));
    }
    var gestart = c.gestart_op || (d.start && d.start.op) || d.gestart_verstuurd;
    var startBlok = el("div", { class: "hh-card hh-stack", id: "off-start" });
    if (gestart) {
      startBlok.appendChild(el("p", { class: "utrecht-paragraph", text: "Gestart om " + tijd(gestart) + (d.start && d.start.lat ? " (locatie vastgelegd)" : "") + "." }));
    } else if (lezen) {
      startBlok.appendChild(el("p", { class: "utrecht-paragraph", text: "Niet ter plaatse gestart." }));
    } else {
      var locatie = el("span", { class: "hh-muted", role: "status" });
      var sk = el("button", { type: "button", class: "utrecht-button utrecht-button--primary-action", text: "Start controle ter plaatse" });
      sk.addEventListener("click", function () {
        sk.disabled = true;
        var op = new Date().toISOString();
        var klaar = function (pos) {
          wijzig(function (x) {
            x.start = { op: op, lat: pos ? pos.coords.latitude : null, lon: pos ? pos.coords.longitude : null, nauwkeurigheid: pos ? pos.coords.accuracy : null };
          }, true);
        };
        if (!navigator.geolocation) { klaar(null); return; }
        locatie.textContent = "Locatie wordt bepaald…";
        navigator.geolocation.getCurrentPosition(klaar, function () { klaar(null); }, { timeout: 8000, maximumAge: 60000 });
      });
      startBlok.appendChild(el("p", { class: "utrecht-paragraph", text: "Start de controle als u ter plaatse bent. Het tijdstip wordt vastgelegd en, als u toestemming geeft, de locatie van dit apparaat." }));
      startBlok.appendChild(el("p", { class: "hh-actions" }, [sk, " ", locatie]));
    }
    formInhoud.appendChild(startBlok);
    // Read-only: what was recorded is shown (disabled), also when the controle never started here.
    if (!gestart && !lezen) { return; }

    var form = el("form", { id: "off-vastlegging", class: "hh-stack", novalidate: true });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    var bin = el("fieldset", { class: "hh-card utrecht-form-fieldset", id: "off-binnentreden" }, [
      el("legend", { class: "utrecht-form-fieldset__legend utrecht-heading-2", text: "Binnentreden" }),
      el("p", { class: "utrecht-form-field-description", id: "off-toegang-hint", text: "Awb 5:15: elke plaats mag worden betreden, een woning alleen met toestemming van de bewoner of met een machtiging." })]);
    bin.appendChild(veldRadio("toegang", keuze(pakket, "toegang").length ? keuze(pakket, "toegang") : TOEGANG, "Binnentreden op basis van", c, d, "off-toegang"));
    var woning = el("input", { type: "checkbox", id: "off-woning", class: "utrecht-checkbox utrecht-checkbox--html-input", checked: waardeVan(c, d, "is_woning") === "ja" });
    woning.addEventListener("change", function () { zetVeld("is_woning", woning.checked ? "ja" : "nee", true); });
    bin.appendChild(el("label", { class: "hh-check", for: "off-woning" }, [woning, " (Een deel van) het object is een woning"]));
    bin.appendChild(el("p", { class: "utrecht-form-field-error-message", id: "woning-fout", role: "alert", hidden: true }));
    form.appendChild(bin);
    (c.secties || []).forEach(function (s) {
      var fs = el("fieldset", { class: "hh-card utrecht-form-fieldset hh-sectie" + (s.signalen ? " hh-sectie--signalen" : ""), id: "off-sectie-" + s.id },
        [el("legend", { class: "utrecht-form-fieldset__legend utrecht-heading-2", text: s.titel })]);
      if (s.toelichting) { fs.appendChild(el("p", { class: "utrecht-form-field-description", text: s.toelichting })); }
      (s.items || []).forEach(function (i) { fs.appendChild(toonItem(i, c, d)); });
      form.appendChild(fs);
    });
    var voorschriften = sectieVoorschriften(c, d);
    if (voorschriften) { form.appendChild(voorschriften); }
    form.appendChild(el("div", { class: "hh-card" }, [el("label", { class: "utrecht-form-label", for: "off-notities" }, [el("span", { class: "utrecht-heading-2", text: "Notities" })]),
      invoer("notities", "tekst", c, d, "off-notities", { rows: "4" })]));
    formInhoud.appendChild(form);
    [sectieBevindingen(c, d), sectieEerdere(c, d), sectiePersonen(c, d), sectieFotos(c, d)].forEach(function (s) { if (s) { formInhoud.appendChild(s); } });

    var afr = el("section", { class: "hh-card", "aria-labelledby": "off-afronden-kop", id: "off-afronden", "data-bewerk": true }, [el("h3", { class: "utrecht-heading-2", id: "off-afronden-kop", text: "Afronden" })]);
    var afrFout = el("div", { class: "utrecht-form-field-error-message", role: "alert", hidden: true });
    if (d.afronden) {
      afr.appendChild(el("p", { class: "utrecht-paragraph", text: "Gemarkeerd om af te ronden. De server controleert dit als het concept aankomt." }));
      var terug = el("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action", text: "Toch niet afronden" });
      terug.addEventListener("click", function () { wijzig(function (x) { x.afronden = false; }, true); });
      afr.appendChild(terug);
    } else {
      var ak = el("button", { type: "button", class: "utrecht-button utrecht-button--primary-action", text: "Afronden" });
      ak.addEventListener("click", function () {
        var uit = ontbrekend(c, huidig.d || d);
        if (uit.length) {
          afrFout.textContent = "";
          afrFout.appendChild(el("p", { text: "Nog niet compleet:" }));
          afrFout.appendChild(el("ul", {}, uit.map(function (u) { return el("li", { text: u }); })));
          afrFout.hidden = false;
          return;
        }
        wijzig(function (x) { x.afronden = true; }, true);
      });
      afr.appendChild(el("p", { class: "utrecht-paragraph hh-muted", text: "Afronden mag offline; de server controleert het bij aankomst opnieuw en weigert met een reden als de controle intussen is gewijzigd." }));
      afr.appendChild(ak);
    }
    afr.appendChild(afrFout);
    formInhoud.appendChild(afr);
    controleerWoning();
    if (lezen) {
      // No way to change anything: no add forms or buttons (except discarding a refused draft), inputs disabled.
      formInhoud.querySelectorAll("[data-bewerk]").forEach(function (e) { e.remove(); });
      formInhoud.querySelectorAll("button:not([data-lezen-ok])").forEach(function (e) { e.remove(); });
      formInhoud.querySelectorAll("input, select, textarea").forEach(function (e) { e.disabled = true; });
    }
  }

  function vind(id) { return pakket ? (pakket.controles || []).filter(function (x) { return String(x.id) === String(id); })[0] : null; }
  /* The draft of a controle, read in turn with the writes to it (a plain read could overtake a write). */
  function leesConcept(id) {
    var gevonden = false;
    return store.wijzig("concept:" + id, function (d) { gevonden = !!d; return undefined; }).then(function (d) { return gevonden ? d : null; });
  }
  /* The stored package and draft into memory (they are what sync.js writes). */
  function laadHuidig() {
    return Promise.all([store.lees("pakket"), huidig ? leesConcept(huidig.c.id) : null]).then(function (res) {
      if (res[0]) { pakket = res[0].waarde; }
      if (!huidig) { return false; }
      var c = vind(huidig.c.id);
      if (!c) { return false; }
      var voor = JSON.stringify([huidig.c, huidig.d, huidig.opgeslagen]);
      huidig.c = c; huidig.d = res[1] || leegConcept(c); huidig.opgeslagen = !!res[1];
      return JSON.stringify([huidig.c, huidig.d, huidig.opgeslagen]) !== voor;
    });
  }
  function fotoStand(id) {
    return store.overzicht().then(function (ov) {
      return ov.records.filter(function (r) { return r.soort === "foto" && r.controle_id === id; }).map(function (r) { return r.key + r.status; }).join(",");
    });
  }
  /* After every step of the sync loop: show the truth (the refreshed package + what is still on
   * the device) without disturbing what the user is doing; redraw only if something changed. */
  var verversBezig = null, verversOpnieuw = false, vorigeFotos = "";
  function verversScherm() {
    if (verversBezig) { verversOpnieuw = true; return verversBezig; }
    verversBezig = laadHuidig().then(function (anders) {
      if (!huidig) { return document.getElementById("lijst").hidden ? null : Promise.all([toonLijst(), toonInfo("")]); }
      return fotoStand(huidig.c.id).then(function (fotos) {
        if (anders || fotos !== vorigeFotos) { vorigeFotos = fotos; toonFormulier(); }
      });
    }).catch(function () { /* the next update tries again */ }).then(function () {
      verversBezig = null;
      if (verversOpnieuw) { verversOpnieuw = false; return verversScherm(); }
    });
    return verversBezig;
  }

  function toonOnbekend(id, online) {
    huidig = null;
    document.getElementById("lijst").hidden = true;
    formSectie.hidden = false;
    formInhoud.textContent = "";
    formInhoud.removeAttribute("data-controle");
    var url = (app.getAttribute("data-controle-url") || "/controles/0").replace(/0$/, String(id));
    formInhoud.appendChild(el("p", {}, [el("a", { class: "utrecht-link", href: "#", text: "← Terug naar de lijst" })]));
    formInhoud.appendChild(el("div", { class: "hh-card", id: "off-onbekend" }, [
      el("h3", { class: "utrecht-heading-2", id: "off-titel", tabindex: "-1", text: "Deze controle staat niet op dit apparaat" }),
      el("p", { class: "utrecht-paragraph", text: online ?
        "Ze hoort niet bij uw controles van vandaag: ze is niet voor vandaag gepland of u staat niet in het team. Daarom kan ze niet offline worden klaargezet." :
        "Zet haar klaar terwijl u verbinding hebt (‘Klaarzetten voor offline’), of open haar online." }),
      el("p", { class: "utrecht-paragraph" }, [el("a", { class: "utrecht-link", href: url, text: "Open de controle online" })])]));
    app.setAttribute("data-formulier", "onbekend");
    return Promise.resolve();
  }

  var automatisch = {};
  function route() {
    var m = /^#controle-(\d+)$/.exec(location.hash);
    var c = m ? vind(m[1]) : null;
    if (!m) {
      huidig = null; formSectie.hidden = true; formInhoud.textContent = ""; formInhoud.removeAttribute("data-controle");
      document.getElementById("lijst").hidden = false;
      return Promise.resolve();
    }
    if (!c) {
      if (automatisch[m[1]] === "bezig") { return Promise.resolve(); }
      if (automatisch[m[1]]) { return toonOnbekend(m[1], automatisch[m[1]] === "online"); }
      // Opened from "Vandaag → Openen" with a connection: klaarzetten as the button does, then the form.
      automatisch[m[1]] = "bezig";
      return store.haalSleutel().catch(function () { return null; }).then(function (k) {
        if (k && !k.verlopen) { automatisch[m[1]] = "online"; return klaarzetten(); }
        automatisch[m[1]] = "offline";
        return toonOnbekend(m[1], false);
      });
    }
    return leesConcept(c.id).then(function (d) {
      if (!huidig || huidig.c.id !== c.id) { laatsteStatus = null; verwijderd = null; wachtend = {}; }
      huidig = { c: c, d: d || leegConcept(c), opgeslagen: !!d };
      document.getElementById("lijst").hidden = true;
      formSectie.hidden = false;
      toonFormulier();
      app.setAttribute("data-formulier", "klaar");
      if (window.performance && performance.mark) { performance.mark("hh-formulier-klaar"); }
    });
  }

  function laad() {
    return store.opruimen().then(function () { return store.lees("pakket"); }).then(function (item) {
      pakket = item ? item.waarde : null;
      return toonInfo("");
    }).then(toonLijst).then(route).catch(function (e) {
      info.textContent = "De gegevens op dit apparaat zijn niet te lezen: " + ((e && e.message) || e);
    }).then(function () { app.setAttribute("data-klaar", "ja"); });
  }

  knop.addEventListener("click", klaarzetten);
  sync.onUpdate(function () { verversScherm(); });
  window.addEventListener("hashchange", function () { app.removeAttribute("data-formulier"); route(); });
  registreer();
  laad().then(function () {
    // With a connection: take the key of this session (new records use it) and a fresh CSRF token.
    return store.haalSleutel().then(function (k) { sync.state.online = !!k; if (HH.status) { HH.status.render(); } });
  });
})();
