/* Sync of the offline tablet (issue 14): sends the drafts and photos on the device.
 *
 * No Background Sync: the page retries on load, on `online`, on `visibilitychange` and with
 * back-off (5 s, 15 s, 60 s, 5 min). A draft is sent as one bundle with a client uuid; the
 * bundle (uuid + body) is frozen on the device before it is sent, so a resend after a lost
 * answer is the same request (the server answers `herhaald`). A draft is deleted only after
 * a 200, a photo only after the server has its last chunk (201 / klaar). Bundles first
 * (they create the bevindingen the photos belong to), then photos in 1 MiB chunks that
 * resume at the offset the server reports. */
(function () {
  "use strict";
  var HH = window.HH = window.HH || {};
  var store = HH.store;
  var SYNC_URL = "/controles/sync";
  var PAKKET_URL = "/controles/offline/pakket";
  var CHUNK = 1024 * 1024;
  var BACKOFF = [5000, 15000, 60000, 300000];
  var poging = 0, timer = null, bezig = null, luisteraars = [];
  // The server answered something about its state in this run (confirmed, conflict, refused):
  // then the package is fetched again. Not for a photo refused in an earlier run and not resent.
  var gehoord = false;
  var state = { bezig: false, fout: null, volgende: null, sessieVerlopen: false, online: navigator.onLine };

  function melden() { luisteraars.forEach(function (f) { try { f(state); } catch (e) { /* a listener never stops sync */ } }); }
  function onUpdate(f) { luisteraars.push(f); }

  function antwoord(r) {
    var naarLogin = r.redirected && r.url.indexOf("/inloggen") !== -1;
    return r.json().catch(function () { return {}; }).then(function (body) {
      return { status: naarLogin ? 401 : r.status, body: body || {} };
    });
  }
  function post(url, headers, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", cache: "no-store", headers: headers, body: body }).then(antwoord);
  }

  // --- drafts ----------------------------------------------------------------------
  function bundel(d) {
    return {
      uuid: store.uuid4(), controle_id: d.controle_id, versie: d.versie, start: d.start || null,
      wijzigingen: JSON.parse(JSON.stringify(d.wijzigingen || {})),
      bevindingen: (d.bevindingen || []).slice(), personen: (d.personen || []).slice(),
      opgelost: (d.opgelost || []).slice(), afronden: !!d.afronden
    };
  }
  function plainVan(d) { return { soort: "concept", controle_id: d.controle_id, status: d.status || "wacht" }; }
  /* The server's value of each field the bundle sent (issue 23: the answer carries them; an answer
   * of an older server falls back on what was sent). */
  function serverWaarden(b, res) {
    if (res.waarden && typeof res.waarden === "object") { return res.waarden; }
    var uit = {};
    Object.keys(b.wijzigingen).forEach(function (k) { uit[k] = b.wijzigingen[k].waarde; });
    return uit;
  }
  /* The draft's own basis: server values this draft knows of and the package may not have yet
   * (a confirmed bundle, or a colleague's value chosen in a conflict). Used while it is newer. */
  function zetBasis(d, versie, waarden) {
    var oud = d.basis || { versie: 0, waarden: {} };
    d.basis = { versie: Math.max(oud.versie || 0, versie || 0), waarden: Object.assign({}, oud.waarden, waarden) };
  }
  /* The stored package holds the server's version after a confirmed bundle, also when the package
   * cannot be fetched again (the server went away right after answering). */
  function pasControleAan(c, b, res, basis) {
    if (typeof res.versie === "number" && res.versie < (c.versie || 0)) { return; }  // the package is newer
    c.versie = res.versie;
    c.waarden = c.waarden || {};
    if (basis && basis.versie <= res.versie) { Object.assign(c.waarden, basis.waarden); }
    Object.assign(c.waarden, serverWaarden(b, res));
    if (res.status) { c.status = res.status; c.status_label = res.status_label || c.status_label; }
    if (res.gestart_op) { c.gestart_op = res.gestart_op; } else if (b.start && !c.gestart_op) { c.gestart_op = b.start.op; }
    if (typeof res.bewerkbaar === "boolean") { c.bewerkbaar = res.bewerkbaar; }
    c.bevindingen = c.bevindingen || [];
    b.bevindingen.forEach(function (x) {
      if (c.bevindingen.some(function (y) { return y.uuid === x.uuid; })) { return; }
      c.bevindingen.push({ uuid: x.uuid, categorie: x.categorie, ernst: x.ernst, omschrijving: x.omschrijving, voorschrift_id: x.voorschrift_id || null });
    });
    if (!res.herhaald) { c.aantal_personen = (c.aantal_personen || 0) + b.personen.length; }
    b.opgelost.forEach(function (o) {
      (c.eerdere_bevindingen || []).forEach(function (e) { if (e.id === o.bevinding_id) { e.opgelost_hier = !!o.opgelost; } });
    });
  }
  function werkPakketBij(controleId, b, res, basis) {
    return store.wijzig("pakket", function (p) {
      var c = p && (p.controles || []).filter(function (x) { return x.id === controleId; })[0];
      if (!c) { return undefined; }
      pasControleAan(c, b, res, basis);
      return { plain: { soort: "pakket", status: "klaar" }, waarde: p };
    });
  }
  /* What the server confirmed is removed from the draft; what changed meanwhile stays, with the
   * server's value as its basis (so a correction of one's own synced answer is no conflict). */
  function verwerkBevestiging(d, b, res) {
    var server = serverWaarden(b, res);
    Object.keys(b.wijzigingen).forEach(function (k) {
      var nu = d.wijzigingen[k];
      if (!nu) { return; }
      if (nu.waarde === b.wijzigingen[k].waarde || nu.waarde === server[k]) { delete d.wijzigingen[k]; }
      else { nu.basis = server[k] !== undefined ? server[k] : b.wijzigingen[k].waarde; }
    });
    zetBasis(d, res.versie, server);
    var verstuurd = function (lijst) { var s = {}; lijst.forEach(function (x) { s[x.uuid || x.bevinding_id] = true; }); return s; };
    var bev = verstuurd(b.bevindingen), pers = verstuurd(b.personen), opg = verstuurd(b.opgelost);
    d.bevindingen = (d.bevindingen || []).filter(function (x) { return !bev[x.uuid]; });
    d.personen = (d.personen || []).filter(function (x) { return !pers[x.uuid]; });
    d.opgelost = (d.opgelost || []).filter(function (x) { return !opg[x.bevinding_id]; });
    // What was sent now lives in the stored package (werkPakketBij), not in the draft.
    delete d.verstuurd;
    if (b.start) { d.start = null; d.gestart_verstuurd = b.start.op; }
    if (b.afronden) { d.afronden = false; }
    d.versie = res.versie;
    if (d.verzending && d.verzending.uuid === b.uuid) { d.verzending = null; }
    d.status = "wacht"; d.melding = null;
    return !d.verzending && !Object.keys(d.wijzigingen).length && !d.bevindingen.length && !d.personen.length &&
      !d.opgelost.length && !d.start && !d.afronden;
  }
  function stuurConcept(item, csrf, handmatig) {
    var key = item.rec.key, b = null, basis = null;
    // Frozen on the device before it leaves: a resend is the same uuid with the same inzending.
    return store.wijzig(key, function (d) {
      if (!d || d.status === "conflict" || (d.status === "geweigerd" && !handmatig)) { return undefined; }
      if (!d.verzending) { d.verzending = bundel(d); }
      d.status = "wacht"; d.melding = null;
      b = d.verzending; basis = d.basis || null;
      return { plain: plainVan(d), waarde: d };
    }).then(function () {
      if (!b) { return null; }
      return post(SYNC_URL, { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
        JSON.stringify({ verzonden_op: new Date().toISOString(), inzending: b }));
    }).then(function (res) {
      if (!res) { return "overgeslagen"; }
      if (res.status === 200 || res.status === 201) {
        // The package first, then the draft: whoever finds the draft gone reads a current package.
        return werkPakketBij(b.controle_id, b, res.body, basis).then(function () {
          return store.wijzig(key, function (d) {
            if (!d) { return undefined; }
            return verwerkBevestiging(d, b, res.body) ? null : { plain: plainVan(d), waarde: d };
          });
        }).then(function () { gehoord = true; melden(); return "ok"; });
      }
      if (res.status === 401) { return "verlopen"; }
      if (res.status === 400 && !res.body.melding) { return "fout"; }  // e.g. a CSRF token of an old session: retry
      var conflict = res.status === 409 && res.body.fout === "verouderde_versie";
      if (conflict || res.status === 400 || res.status === 403 || res.status === 409 || res.status === 422) {
        // Refused: nothing was written on the server. Keep the draft and say why; a new bundle uuid next time.
        return store.wijzig(key, function (d) {
          if (!d) { return undefined; }
          if (d.verzending && d.verzending.uuid === b.uuid) { d.verzending = null; }
          if (conflict) {
            d.status = "conflict"; d.conflicten = res.body.conflicten || []; d.conflict_versie = res.body.versie;
            d.melding = res.body.melding || "Een collega heeft deze controle intussen gewijzigd. Kies per veld welke versie blijft.";
          } else {
            d.status = "geweigerd"; d.melding = res.body.melding || ("De server weigerde dit concept (" + res.status + ").");
          }
          return { plain: plainVan(d), waarde: d };
        }).then(function () { gehoord = true; melden(); return conflict ? "conflict" : "geweigerd"; });
      }
      return "fout";
    });
  }
  /* The user chose per field (409): "mijn" resends with the current value as basis, "hun" drops it. */
  function kiesConflict(controleId, veld, keuze) {
    return store.wijzig("concept:" + controleId, function (d) {
      if (!d) { return undefined; }
      var c = (d.conflicten || []).filter(function (x) { return x.veld === veld; })[0];
      if (!c) { return undefined; }
      if (keuze === "mijn" && d.wijzigingen[veld]) { d.wijzigingen[veld].basis = c.huidige_waarde; }
      if (keuze === "hun") { delete d.wijzigingen[veld]; var w = {}; w[veld] = c.huidige_waarde; zetBasis(d, d.conflict_versie, w); }
      d.conflicten = d.conflicten.filter(function (x) { return x.veld !== veld; });
      if (!d.conflicten.length) { d.status = "wacht"; d.melding = null; d.versie = d.conflict_versie; }
      return { plain: plainVan(d), waarde: d };
    });
  }

  // --- photos ----------------------------------------------------------------------
  function delenUrl(f) { return "/controles/" + encodeURIComponent(f.controle_id) + "/fotos/" + encodeURIComponent(f.uuid) + "/delen"; }
  function stuurFoto(item, csrf, handmatig) {
    var rec = item.rec, f = item.waarde;
    if (f.status === "geweigerd" && !handmatig) { return Promise.resolve("geweigerd"); }
    var bytes = item.bytes, totaal = bytes.byteLength, url = delenUrl(f), sha = "";
    function weiger(melding) {
      gehoord = true;
      f.status = "geweigerd"; f.melding = melding;
      return store.bewaar({ key: rec.key, soort: "foto", controle_id: f.controle_id, status: "geweigerd", aangemaakt_op: rec.aangemaakt_op }, f, bytes)
        .then(function () { return "geweigerd"; });
    }
    function klaar() { gehoord = true; return store.verwijder(rec.key).then(function () { return "ok"; }); }
    function stuk(offset) {
      var q = "?offset=" + offset + "&totaal=" + totaal + "&bijschrift=" + encodeURIComponent(f.bijschrift || "") +
        "&bevinding_uuid=" + encodeURIComponent(f.bevinding_uuid || "") + "&sha256=" + sha;
      return post(url + q, { "Content-Type": "application/octet-stream", "Accept": "application/json", "X-CSRFToken": csrf },
        bytes.slice(offset, Math.min(totaal, offset + CHUNK))).then(function (res) {
        if (res.status === 201 || (res.status === 200 && res.body.klaar)) { return klaar(); }
        if (res.status === 200) { return stuk(res.body.ontvangen); }
        if (res.status === 409 && typeof res.body.ontvangen === "number") { return stuk(res.body.ontvangen); }
        if (res.status === 401) { return "verlopen"; }
        if (res.status === 400 && !res.body.melding) { return "fout"; }
        if (res.status === 400 || res.status === 403 || res.status === 409 || res.status === 413 || res.status === 422) {
          return weiger(res.body.melding || "De server weigerde deze foto (" + res.status + ").");
        }
        return "fout";
      });
    }
    return crypto.subtle.digest("SHA-256", bytes).then(function (h) {
      sha = Array.prototype.map.call(new Uint8Array(h), function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
      return fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } });
    }).then(antwoord)
      .then(function (res) {
        if (res.status === 200 && res.body.klaar) { return klaar(); }
        if (res.status === 200) { return stuk(res.body.ontvangen || 0); }
        if (res.status === 404) { return stuk(0); }
        if (res.status === 401) { return "verlopen"; }
        if (res.status === 403 || res.status === 422) { return weiger(res.body.melding || "De server weigerde deze foto (" + res.status + ")."); }
        return "fout";
      });
  }

  // --- the loop --------------------------------------------------------------------
  function plan(fout) {
    clearTimeout(timer);
    if (!fout) { poging = 0; state.volgende = null; return; }
    var wacht = BACKOFF[Math.min(poging, BACKOFF.length - 1)];
    poging += 1;
    state.volgende = Date.now() + wacht;
    timer = setTimeout(function () { run(); }, wacht);
  }
  function run(opties) {
    if (bezig) { return bezig; }
    var handmatig = !!(opties && opties.handmatig);
    state.bezig = true; gehoord = false; melden();
    bezig = store.opruimen().then(function () { return store.overzicht(); }).then(function (ov) {
      var wachtend = ov.records.filter(function (r) { return r.soort === "concept" || r.soort === "foto"; });
      if (!wachtend.length) { return "leeg"; }
      return store.haalSleutel().then(function (k) {
        if (!k) { state.online = false; return "fout"; }
        state.online = true;
        if (k.verlopen) { state.sessieVerlopen = true; return "verlopen"; }
        state.sessieVerlopen = false;
        var uitkomsten = [];
        return store.leesAlle("concept").then(function (concepten) {
          return concepten.reduce(function (p, item) {
            return p.then(function (u) { if (u === "verlopen") { return u; } return stuurConcept(item, k.csrf, handmatig).then(function (x) { uitkomsten.push(x); return x; }); });
          }, Promise.resolve(null)).then(function () { return concepten; });
        }).then(function () {
          if (uitkomsten.indexOf("verlopen") !== -1) { return null; }
          // Photos of a bevinding that is still in an unsent draft wait for that draft.
          return store.leesAlle("concept").then(function (rest) {
            var open = {};
            rest.forEach(function (c) { (c.waarde.bevindingen || []).forEach(function (b) { open[b.uuid] = true; }); });
            return store.overzicht().then(function (ov2) {
              var fotos = ov2.records.filter(function (r) { return r.soort === "foto"; });
              return fotos.reduce(function (p, r) {
                return p.then(function (u) {
                  if (u === "verlopen") { return u; }
                  return store.lees(r.key, true).then(function (item) {
                    if (!item || open[item.waarde.bevinding_uuid]) { return null; }
                    return stuurFoto(item, k.csrf, handmatig).then(function (x) { uitkomsten.push(x); return x; });
                  });
                });
              }, Promise.resolve(null));
            });
          });
        }).then(function () {
          if (uitkomsten.indexOf("verlopen") !== -1) { state.sessieVerlopen = true; return store.setMeta("sessie_verlopen", true).then(function () { return "verlopen"; }); }
          var eind = uitkomsten.indexOf("fout") !== -1 ? "fout" :
            (uitkomsten.indexOf("geweigerd") !== -1 || uitkomsten.indexOf("conflict") !== -1) ? "geweigerd" : "ok";
          // A refusal or conflict is news about the server's state too (closed, changed): refresh then as well.
          var eerst = uitkomsten.indexOf("ok") !== -1 ? store.setMeta("laatste_sync", Date.now()) : Promise.resolve();
          if (gehoord) { return eerst.then(ververs).then(function () { melden(); return eind; }); }
          return eind;
        });
      });
    }).catch(function (e) {
      state.fout = (e && e.message) || String(e);
      return "fout";
    }).then(function (uitkomst) {
      if (uitkomst !== "fout") { state.fout = null; }
      plan(uitkomst === "fout");
      bezig = null; state.bezig = false; state.uitkomst = uitkomst; melden();
      return uitkomst;
    });
    return bezig;
  }
  /* After a sync the package on the device is refreshed (the server's state of today). */
  function ververs() {
    return store.overzicht().then(function (ov) {
      if (!ov.records.some(function (r) { return r.soort === "pakket"; })) { return null; }
      return haalPakket().catch(function () { return null; });
    });
  }
  function haalPakket() {
    return fetch(PAKKET_URL, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (r.status === 401 || (r.redirected && r.url.indexOf("/inloggen") !== -1)) { throw new Error("Log opnieuw in om de controles klaar te zetten."); }
        if (!r.ok) { throw new Error("De server gaf de controles van vandaag niet (" + r.status + ")."); }
        return r.json();
      }).then(function (pakket) {
        // Through wijzig: serialised with a confirmation that writes into the same record.
        return store.wijzig("pakket", function () { return { plain: { soort: "pakket", status: "klaar", aangemaakt_op: Date.now() }, waarde: pakket }; }).then(function () {
          return store.setMeta("pakket_op", Date.now());
        }).then(function () { return pakket; });
      });
  }

  /* A change was stored: send it within a few seconds unless a retry is already planned. */
  function binnenkort() {
    if (bezig || state.volgende) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () { run(); }, 3000);
  }

  function start() {
    window.addEventListener("online", function () { state.online = true; melden(); run(); });
    window.addEventListener("offline", function () { state.online = false; melden(); });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") { run(); } });
    run();
  }

  HH.sync = { run: run, binnenkort: binnenkort, start: start, onUpdate: onUpdate, state: state, kiesConflict: kiesConflict, haalPakket: haalPakket };
})();
