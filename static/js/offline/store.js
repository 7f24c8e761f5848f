/* The device store of the offline tablet (issue 14): IndexedDB + WebCrypto.
 *
 * Every record (the day's package, a draft per controle, each photo) is AES-GCM encrypted
 * with the device key of the login session: the server hands out the raw key once per
 * session (GET /controles/offline/sleutel, no-store); it is imported as a NON-extractable
 * CryptoKey and only that object is kept (IndexedDB keeps it across restarts). Plain per
 * record: key, kind, controle id, state and timestamps (to count and expire without the key).
 * A record that fails to decrypt or parse is moved aside ("apart"), never crashes the page. */
(function () {
  "use strict";
  var HH = window.HH = window.HH || {};
  var DB_NAAM = "handhaving-offline", DB_VERSIE = 1;
  var RETENTIE_MS = 72 * 3600 * 1000;
  var SLEUTEL_URL = "/controles/offline/sleutel";
  var dbPromise = null;
  var enc = new TextEncoder(), dec = new TextDecoder();

  function req2p(r) {
    return new Promise(function (ok, fail) { r.onsuccess = function () { ok(r.result); }; r.onerror = function () { fail(r.error); }; });
  }
  function open() {
    if (dbPromise) { return dbPromise; }
    dbPromise = new Promise(function (ok, fail) {
      if (!window.indexedDB) { fail(new Error("IndexedDB ontbreekt")); return; }
      var r = indexedDB.open(DB_NAAM, DB_VERSIE);
      r.onupgradeneeded = function () {
        var db = r.result;
        if (!db.objectStoreNames.contains("sleutels")) { db.createObjectStore("sleutels", { keyPath: "id" }); }
        if (!db.objectStoreNames.contains("records")) { db.createObjectStore("records", { keyPath: "key" }); }
        if (!db.objectStoreNames.contains("apart")) { db.createObjectStore("apart", { keyPath: "key" }); }
        if (!db.objectStoreNames.contains("meta")) { db.createObjectStore("meta", { keyPath: "naam" }); }
      };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
      r.onblocked = function () { fail(new Error("IndexedDB geblokkeerd")); };
    });
    return dbPromise;
  }
  function tx(store, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (ok, fail) {
        var t = db.transaction(store, mode), result;
        var s = t.objectStore(store);
        Promise.resolve(fn(s)).then(function (v) { result = v; });
        t.oncomplete = function () { ok(result); };
        t.onerror = function () { fail(t.error); };
        t.onabort = function () { fail(t.error || new Error("afgebroken")); };
      });
    });
  }
  function get(store, key) { return tx(store, "readonly", function (s) { return req2p(s.get(key)); }); }
  function getAll(store) { return tx(store, "readonly", function (s) { return req2p(s.getAll()); }); }
  function put(store, value) { return tx(store, "readwrite", function (s) { return req2p(s.put(value)); }); }
  function del(store, key) { return tx(store, "readwrite", function (s) { return req2p(s.delete(key)); }); }

  function meta(naam) { return get("meta", naam).then(function (r) { return r ? r.waarde : undefined; }); }
  function setMeta(naam, waarde) { return put("meta", { naam: naam, waarde: waarde }); }

  // --- the key --------------------------------------------------------------------
  function b64(s) { var bin = atob(s), out = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); } return out; }

  /* Ask the server for the key of this session. Resolves to {id, csrf} when online and
   * logged in, {verlopen: true} when the session is gone, null when the server is away. */
  var sleutelOnderweg = null;
  function haalSleutel() {
    // One request at a time: two parallel ones could each make a CSRF token for a new session.
    if (!sleutelOnderweg) {
      sleutelOnderweg = haalSleutelNu().then(function (r) { sleutelOnderweg = null; return r; },
        function (e) { sleutelOnderweg = null; throw e; });
    }
    return sleutelOnderweg;
  }
  function haalSleutelNu() {
    // No JSON Accept header and redirect "manual": without a session the policy answers with a
    // redirect to the login page, which we see as an opaque redirect (no console error).
    return fetch(SLEUTEL_URL, { credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (r) {
        if (r.type === "opaqueredirect" || r.status === 401 || r.status === 403) {
          return setMeta("sessie_verlopen", true).then(function () { return { verlopen: true }; });
        }
        if (!r.ok) { return null; }
        return r.json().then(function (body) {
          var raw = b64(body.sleutel);
          return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
            .then(function (key) {
              raw.fill(0);
              return put("sleutels", { id: body.id, key: key, opgehaald_op: Date.now() });
            })
            .then(function () { return setMeta("huidige_sleutel", body.id); })
            .then(function () { return setMeta("sessie_verlopen", false); })
            .then(function () { HH.csrf = body.csrf; return { id: body.id, csrf: body.csrf }; });
        });
      }, function () { return null; });
  }
  function huidigeSleutel() {
    return meta("huidige_sleutel").then(function (id) {
      if (!id) { return null; }
      return get("sleutels", id).then(function (r) { return r || null; });
    });
  }

  // --- records --------------------------------------------------------------------
  function versleutel(key, aad, bytes) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: enc.encode(aad) }, key, bytes)
      .then(function (ct) { return { iv: iv, ct: ct }; });
  }
  /* Store ``waarde`` (JSON-able) and optionally ``bytes`` (ArrayBuffer) under ``plain.key``. */
  function bewaar(plain, waarde, bytes) {
    return huidigeSleutel().then(function (s) {
      if (!s) { throw new Error("Dit apparaat heeft nog geen sleutel. Open de offline pagina met verbinding en kies ‘Klaarzetten voor offline’."); }
      var jobs = [versleutel(s.key, plain.key + "|json", enc.encode(JSON.stringify(waarde)))];
      if (bytes) { jobs.push(versleutel(s.key, plain.key + "|blob", bytes)); }
      return Promise.all(jobs).then(function (res) {
        var rec = {
          key: plain.key, soort: plain.soort, controle_id: plain.controle_id || null, status: plain.status || "wacht",
          aangemaakt_op: plain.aangemaakt_op || Date.now(), bijgewerkt_op: Date.now(), sleutel_id: s.id,
          iv: res[0].iv, data: res[0].ct
        };
        if (res[1]) { rec.blob_iv = res[1].iv; rec.blob = res[1].ct; }
        return put("records", rec).then(function () { return rec; });
      });
    });
  }
  function onleesbaar(reden) { var e = new Error(reden); e.reden = reden; return e; }
  function ontsleutel(rec, metBlob) {
    if (rec.sleutel_id == null || !rec.iv || !rec.data) { return Promise.reject(onleesbaar("record onvolledig")); }
    return get("sleutels", rec.sleutel_id).then(function (s) {
      if (!s) { throw onleesbaar("de sleutel van dit record ontbreekt op dit apparaat"); }
      var jobs = [crypto.subtle.decrypt({ name: "AES-GCM", iv: rec.iv, additionalData: enc.encode(rec.key + "|json") }, s.key, rec.data)];
      if (metBlob && rec.blob) {
        jobs.push(crypto.subtle.decrypt({ name: "AES-GCM", iv: rec.blob_iv, additionalData: enc.encode(rec.key + "|blob") }, s.key, rec.blob));
      }
      return Promise.all(jobs);
    }).then(function (res) {
      return { rec: rec, waarde: JSON.parse(dec.decode(res[0])), bytes: res[1] || null };
    });
  }
  /* Decrypt one record; a record that cannot be read is moved aside (and null returned). */
  function lees(key, metBlob) {
    return get("records", key).then(function (rec) {
      if (!rec) { return null; }
      return ontsleutel(rec, metBlob).catch(function (e) { return zetApart(rec, e).then(function () { return null; }); });
    });
  }
  function zetApart(rec, e) {
    // Only Dutch reasons reach the user: a browser's own error text (English) is not shown.
    var reden = (e && e.name === "OperationError") ? "ontsleutelen mislukt" : ((e && e.reden) || "record beschadigd");
    // The same record read by two readers at once (status bar and sync) is set aside once: a
    // key derived from the record, not from the clock.
    var apart = { key: rec.key + "@" + (rec.bijgewerkt_op || rec.aangemaakt_op || 0), oorspronkelijk: rec.key, soort: rec.soort, controle_id: rec.controle_id,
      apart_op: Date.now(), reden: reden, rec: rec };
    return put("apart", apart).then(function () { return del("records", rec.key); });
  }
  /* All records of a kind, decrypted; unreadable ones go aside. */
  function leesAlle(soort, metBlob) {
    return getAll("records").then(function (recs) {
      return Promise.all(recs.filter(function (r) { return !soort || r.soort === soort; }).map(function (rec) {
        return ontsleutel(rec, metBlob).catch(function (e) { return zetApart(rec, e).then(function () { return null; }); });
      }));
    }).then(function (list) { return list.filter(Boolean); });
  }
  function overzicht() {
    // Plain meta data only (no key needed): for counts and the status bar.
    return Promise.all([getAll("records"), getAll("apart")]).then(function (res) {
      return {
        records: res[0].map(function (r) {
          return { key: r.key, soort: r.soort, controle_id: r.controle_id, status: r.status, aangemaakt_op: r.aangemaakt_op,
            bijgewerkt_op: r.bijgewerkt_op, bytes: (r.data ? r.data.byteLength : 0) + (r.blob ? r.blob.byteLength : 0) + 12 * (r.blob ? 2 : 1) };
        }),
        apart: res[1].map(function (a) { return { key: a.key, soort: a.soort, controle_id: a.controle_id, reden: a.reden, apart_op: a.apart_op }; })
      };
    });
  }
  function verwijder(key) { return del("records", key); }
  function verwijderApart(key) { return del("apart", key); }

  /* 72 hours at most on the device; keys no record uses are deleted too. */
  function opruimen() {
    var nu = Date.now();
    return Promise.all([getAll("records"), getAll("sleutels"), meta("huidige_sleutel"), getAll("apart")]).then(function (res) {
      var oud = res[0].filter(function (r) { return nu - r.aangemaakt_op > RETENTIE_MS; });
      var oudApart = res[3].filter(function (a) { return nu - a.apart_op > RETENTIE_MS; });
      var jobs = oud.map(function (r) { return del("records", r.key); })
        .concat(oudApart.map(function (a) { return del("apart", a.key); }));
      var inGebruik = {};
      res[0].forEach(function (r) { if (oud.indexOf(r) === -1) { inGebruik[r.sleutel_id] = true; } });
      res[3].forEach(function (a) { if (a.rec) { inGebruik[a.rec.sleutel_id] = true; } });
      res[1].forEach(function (s) { if (!inGebruik[s.id] && s.id !== res[2]) { jobs.push(del("sleutels", s.id)); } });
      var concepten = oud.filter(function (r) { return r.soort !== "pakket"; }).length;
      return Promise.all(jobs).then(function () {
        if (!oud.length) { return null; }
        return setMeta("verlopen_verwijderd", { aantal: concepten, pakket: oud.length - concepten, op: nu });
      });
    });
  }

  /* Read-modify-write of one record, serialised per key within this page (the form and the
   * sync loop both change a draft). ``fn(waarde, rec)`` returns {plain, waarde} to store,
   * null to delete, or undefined to leave the record as it is. */
  var slots = {};
  function wijzig(key, fn) {
    var prev = slots[key] || Promise.resolve();
    var p = prev.catch(function () { return null; }).then(function () { return lees(key); }).then(function (item) {
      var r = fn(item ? item.waarde : null, item ? item.rec : null);
      if (r === undefined) { return item ? item.waarde : null; }
      if (r === null) { return del("records", key).then(function () { return null; }); }
      var plain = Object.assign({ key: key, aangemaakt_op: item ? item.rec.aangemaakt_op : undefined }, r.plain);
      return bewaar(plain, r.waarde).then(function () { return r.waarde; });
    });
    slots[key] = p;
    return p;
  }

  function uuid4() {
    if (crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16)); b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  HH.store = {
    open: open, haalSleutel: haalSleutel, huidigeSleutel: huidigeSleutel, bewaar: bewaar, lees: lees, leesAlle: leesAlle,
    overzicht: overzicht, wijzig: wijzig, verwijder: verwijder, verwijderApart: verwijderApart, opruimen: opruimen, meta: meta, setMeta: setMeta,
    uuid4: uuid4, RETENTIE_MS: RETENTIE_MS
  };
})();
