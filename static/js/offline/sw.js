/* Service worker of the offline tablet (issue 14), scope /controles/.
 * Caches the app shell (/controles/offline) and its static files only. Never caches any
 * other page, JSON (the package, the key, the sync answers) or a POST: case data lives
 * only in IndexedDB, encrypted. The server fills in the version and the asset list.
 * A navigation under the scope that cannot reach the server (a plain form post included)
 * gets a small static Dutch page from the cache instead of the browser's English error
 * page: nothing was sent, and going back once the server answers brings the form back with
 * what was typed (pages are no-store, so the browser reloads it and restores the fields). */
"use strict";
var VERSIE = "__VERSIE__";
var CACHE = "hh-offline-" + VERSIE;
var SHELL = "__SHELL__";
var ASSETS = [/*__ASSETS__*/];

self.addEventListener("install", function (event) {
  // Assets only here: the shell needs the user's session and is stored by the page
  // ("Klaarzetten") or by the first network-first navigation.
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("hh-offline-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// The two static fallback pages (no case data), found by name in the asset list.
function asset(naam) { return ASSETS.filter(function (a) { return a.slice(-naam.length - 1) === "/" + naam; })[0]; }
var NIET_VERSTUURD = asset("niet-verstuurd.html");
var GEEN_VERBINDING = asset("geen-verbinding.html");

function geenServer(req) {
  var pagina = req.method === "GET" ? GEEN_VERBINDING : NIET_VERSTUURD;
  // As cached, with its own headers (CSP and all). Going back once the server answers again
  // reloads the form page, and the browser puts back what was typed in it.
  return caches.open(CACHE).then(function (c) { return pagina ? c.match(pagina) : undefined; }).then(function (hit) {
    return hit || Response.error();
  });
}

function isShell(url) { return url.origin === self.location.origin && url.pathname === SHELL; }
function isAsset(url) { return url.origin === self.location.origin && ASSETS.indexOf(url.pathname) !== -1; }
function cacheable(resp) { return resp && resp.ok && resp.type === "basic" && !resp.redirected; }

self.addEventListener("fetch", function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (req.mode === "navigate" && !isShell(url)) {
    // Passed through untouched (never cached); only a failure to reach the server is answered.
    event.respondWith(fetch(req).catch(function () { return geenServer(req); }));
    return;
  }
  if (req.method !== "GET") { return; }           // other POSTs (fetch) go straight to the network
  if (isShell(url)) {
    // Network first (fresh CSRF token and assets), the cached shell when the server is away.
    event.respondWith(fetch(req).then(function (resp) {
      if (cacheable(resp)) {
        var copy = resp.clone();
        caches.open(CACHE).then(function (c) { return c.put(SHELL, copy); });
        return resp;
      }
      if (resp.type === "opaqueredirect" || resp.redirected) {
        // The session ended (redirect to the login page): show the cached shell, so the drafts
        // on this device stay visible with "Log opnieuw in om te versturen". It holds no data.
        return caches.open(CACHE).then(function (c) { return c.match(SHELL); }).then(function (hit) { return hit || resp; });
      }
      return resp;
    }).catch(function () {
      return caches.open(CACHE).then(function (c) { return c.match(SHELL); }).then(function (hit) {
        return hit || new Response("Deze pagina staat niet op dit apparaat. Zet de controles eerst klaar voor offline.",
          { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      });
    }));
    return;
  }
  if (isAsset(url)) {
    // Static files: the network when it answers (a deploy shows at once), else the cache.
    event.respondWith(fetch(req).then(function (resp) {
      if (cacheable(resp)) {
        var copy = resp.clone();
        caches.open(CACHE).then(function (c) { return c.put(url.pathname, copy); });
      }
      return resp;
    }).catch(function () {
      return caches.open(CACHE).then(function (c) { return c.match(url.pathname); }).then(function (hit) {
        return hit || Response.error();
      });
    }));
  }
  // Everything else: not handled, never cached.
});

self.addEventListener("message", function (event) {
  // The page asks to store the shell it just loaded ("Klaarzetten voor offline").
  if (event.data && event.data.soort === "shell-opslaan") {
    var done = caches.open(CACHE).then(function (c) {
      return fetch(SHELL, { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
        if (!cacheable(resp)) { throw new Error("shell " + resp.status); }
        return Promise.all([c.put(SHELL, resp), c.addAll(ASSETS)]);
      });
    }).then(function () { return true; }, function () { return false; });
    event.waitUntil(done.then(function (ok) {
      if (event.ports && event.ports[0]) { event.ports[0].postMessage({ ok: ok }); }
    }));
  }
});
