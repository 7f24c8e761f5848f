// Map page: loads the layers the user may see (list and URLs handed over by the server in
// #kaart-instellingen) into the Folium-built map, by bounding box, with filters, clusters,
// popups and the list of what lies in a drawn shape. Everything from data goes into the page
// as text (textContent / Handhaving.tekst), never as HTML.
(function () {
  "use strict";
  var instellingenEl = document.getElementById("kaart-instellingen");
  if (!instellingenEl || !window.L || !window.Handhaving) return;
  var instellingen = JSON.parse(instellingenEl.textContent);
  var map = window[instellingen.map];
  var getekend = window[instellingen.getekend];
  if (!map) return;
  var tekst = window.Handhaving.tekst;
  var statusEl = document.getElementById("kaart-status");
  var selectieEl = document.getElementById("kaart-selectie");
  var wisKnop = document.getElementById("selectie-wissen");
  var beeldKnop = document.getElementById("selectie-beeld");

  // Outlines under the points, so a buurt never takes the click meant for a marker.
  map.createPane("hh-vlakken");
  map.getPane("hh-vlakken").style.zIndex = 350;

  var NAAMWOORD = {
    buurten: ["wijk of buurt", "wijken en buurten"],
    overbewoning_buurten: ["buurt", "buurten"],
    vergunningen: ["vergunning", "vergunningen"],
    controles: ["controle", "controles"],
    bevindingen: ["open bevinding", "open bevindingen"],
    overbewoning: ["object met signaal", "objecten met signaal"]
  };
  var LINKTEKST = {
    vergunningen: "Naar de vergunning", controles: "Naar de controle",
    bevindingen: "Naar de controle", overbewoning: "Naar het adres"
  };

  function el(naam, klasse, inhoud) {
    var e = document.createElement(naam);
    if (klasse) e.className = klasse;
    if (inhoud !== undefined && inhoud !== null) e.textContent = String(inhoud);
    return e;
  }

  function link(href, inhoud) {
    var a = el("a", "utrecht-link", inhoud);
    a.href = href;
    return a;
  }

  function aantalTekst(sleutel, n) {
    var w = NAAMWOORD[sleutel] || ["object", "objecten"];
    return n + " " + (n === 1 ? w[0] : w[1]);
  }

  // --- filters -------------------------------------------------------------------------

  var form = document.getElementById("kaart-keuzes");
  function veld(id) {
    var e = document.getElementById(id);
    return e ? e.value : "";
  }

  function filterParams(laag, params) {
    if (laag.filters.indexOf("periode") >= 0) {
      if (veld("filter-van")) params.set("van", veld("filter-van"));
      if (veld("filter-tot")) params.set("tot", veld("filter-tot"));
    }
    if (laag.filters.indexOf("vergunningsoort") >= 0 && veld("filter-vergunningsoort")) {
      params.set("soort", veld("filter-vergunningsoort"));
    }
    if (laag.filters.indexOf("controlesoort") >= 0 && veld("filter-controlesoort")) {
      params.set("soort", veld("filter-controlesoort"));
    }
    return params;
  }

  // --- popups and tooltips (DOM nodes with text only) -----------------------------------

  function popupKnoop(p) {
    var div = el("div", "hh-kaart-popup");
    div.appendChild(el("h3", null, p.titel));
    if (p.adres) div.appendChild(el("p", null, p.adres));
    var dl = el("dl");
    (p.regels || []).forEach(function (r) {
      dl.appendChild(el("dt", null, r[0]));
      dl.appendChild(el("dd", null, r[1]));
    });
    div.appendChild(dl);
    if (p.url) {
      var pUrl = el("p");
      pUrl.appendChild(link(p.url, LINKTEKST[p.laag] || "Openen"));
      div.appendChild(pUrl);
    }
    if (p.adres_url && p.adres_url !== p.url) {
      var pAdres = el("p");
      pAdres.appendChild(link(p.adres_url, "Naar het adres"));
      div.appendChild(pAdres);
    }
    return div;
  }

  function clusterIcoon(sleutel) {
    return function (cluster) {
      var n = cluster.getChildCount();
      var maat = n < 10 ? 30 : n < 100 ? 36 : 44;
      var div = el("div", "hh-cluster hh-cluster--" + sleutel);
      div.appendChild(el("span", null, n));
      // The cluster is a focusable button; its name comes from this text.
      div.appendChild(el("span", "hh-visueel-verborgen", " " + aantalTekst(sleutel, n) + ", inzoomen"));
      return L.divIcon({ html: div, className: "hh-cluster-icoon", iconSize: L.point(maat, maat) });
    };
  }

  function puntLaag(sleutel, feature) {
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    var straal = sleutel === "bevindingen" ? ({ gering: 6, matig: 8, ernstig: 11 }[p.klasse] || 8) : 8;
    var marker = L.circleMarker([c[1], c[0]], {
      radius: straal, weight: 2,
      className: "hh-kaart-punt hh-kaart-punt--" + sleutel + " hh-kaart-punt--" + p.klasse
    });
    marker.bindTooltip(tekst(p.titel + (p.adres ? " – " + p.adres : "")));
    marker.on("click", function () {
      // A popup built from DOM nodes (Leaflet's content option), never an HTML string.
      L.popup({ content: popupKnoop(p), maxWidth: 300 }).setLatLng(marker.getLatLng()).openOn(map);
    });
    return marker;
  }

  function vlakLaag(sleutel, feature) {
    var p = feature.properties;
    var klasse = sleutel === "buurten" ? "hh-kaart-" + p.niveau : "hh-kaart-choro hh-kaart-choro--" + p.klasse;
    var laag = L.geoJSON(feature, { pane: "hh-vlakken", className: klasse, interactive: true });
    var label = sleutel === "buurten"
      ? (p.niveau === "wijk" ? "Wijk " : "Buurt ") + p.naam + " (" + p.code + ")"
      : "Buurt " + p.naam + ": " + p.omschrijving;
    laag.bindTooltip(tekst(label), { sticky: true });
    return laag;
  }

  // --- layers --------------------------------------------------------------------------

  var lagen = instellingen.lagen.map(function (cfg) {
    var groep = cfg.soort === "punten"
      ? L.markerClusterGroup({ iconCreateFunction: clusterIcoon(cfg.sleutel), showCoverageOnHover: false,
                               maxClusterRadius: 50, spiderfyOnMaxZoom: true })
      : L.featureGroup();
    return { cfg: cfg, groep: groep, vak: document.getElementById("laag-" + cfg.sleutel),
             aantal: document.getElementById("aantal-" + cfg.sleutel), verzoek: null, tekst: "" };
  });

  function zichtbaar(laag) {
    return laag.vak && laag.vak.checked;
  }

  function bboxVan(bounds) {
    return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (g) { return g.toFixed(6); }).join(",");
  }

  function teGroot(laag, bounds) {
    var max = instellingen.max_graden[laag.cfg.soort];
    return bounds.getEast() - bounds.getWest() > max || bounds.getNorth() - bounds.getSouth() > max;
  }

  function meldStatus() {
    var delen = lagen.filter(zichtbaar).map(function (l) { return l.cfg.titel + ": " + l.tekst; });
    statusEl.textContent = delen.length ? delen.join(" · ") : "Geen lagen gekozen.";
  }

  function zetAantal(laag, tekstWaarde) {
    laag.tekst = tekstWaarde;
    if (laag.aantal) laag.aantal.textContent = tekstWaarde;
  }

  function laad(laag) {
    if (laag.verzoek) laag.verzoek.abort();
    laag.verzoek = null;
    if (!zichtbaar(laag)) {
      map.removeLayer(laag.groep);
      laag.groep.clearLayers();
      zetAantal(laag, "");
      return Promise.resolve();
    }
    var bounds = map.getBounds();
    if (teGroot(laag, bounds)) {
      laag.groep.clearLayers();
      zetAantal(laag, "zoom in");
      return Promise.resolve();
    }
    var params = filterParams(laag.cfg, new URLSearchParams({ bbox: bboxVan(bounds) }));
    params.set("zoom", String(map.getZoom()));
    var verzoek = new AbortController();
    laag.verzoek = verzoek;
    zetAantal(laag, "laden…");
    return fetch(laag.cfg.url + "?" + params.toString(), {
      headers: { Accept: "application/json" }, credentials: "same-origin", signal: verzoek.signal
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (antwoord) {
      if (verzoek.signal.aborted) return;
      laag.verzoek = null;
      laag.groep.clearLayers();
      if (!antwoord.ok) {
        zetAantal(laag, antwoord.data.melding || "niet geladen");
        return;
      }
      var data = antwoord.data;
      var nieuw = data.features.map(function (f) {
        return laag.cfg.soort === "punten" ? puntLaag(laag.cfg.sleutel, f) : vlakLaag(laag.cfg.sleutel, f);
      });
      if (laag.cfg.soort === "punten") {
        laag.groep.addLayers(nieuw);
      } else {
        nieuw.forEach(function (l) { laag.groep.addLayer(l); });
      }
      if (!map.hasLayer(laag.groep)) map.addLayer(laag.groep);
      zetAantal(laag, aantalTekst(laag.cfg.sleutel, data.aantal) + (data.afgekapt ? " (meer: zoom in)" : ""));
    }).catch(function (fout) {
      if (fout && fout.name === "AbortError") return;
      laag.verzoek = null;
      zetAantal(laag, "niet geladen (verbinding?)");
    });
  }

  function laadAlles() {
    return Promise.all(lagen.map(laad)).then(meldStatus);
  }

  var wacht = null;
  map.on("moveend", function () {
    clearTimeout(wacht);
    wacht = setTimeout(laadAlles, 200);
  });
  lagen.forEach(function (laag) {
    if (laag.vak) laag.vak.addEventListener("change", function () {
      laad(laag).then(meldStatus);
      if (huidigeVorm) toonSelectie(huidigeVorm);
    });
  });
  if (form) {
    form.addEventListener("change", function (e) {
      if (e.target && e.target.name === "laag") return;
      lagen.forEach(function (laag) {
        if (laag.cfg.filters.length) laad(laag).then(meldStatus);
      });
      if (huidigeVorm) toonSelectie(huidigeVorm);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  // --- what lies in a drawn shape ----------------------------------------------------------

  var huidigeVorm = null;

  function vormVan(latlngs) {
    return latlngs.map(function (ll) { return ll.lng.toFixed(6) + " " + ll.lat.toFixed(6); }).join(",");
  }

  function selectieItem(sleutel, f) {
    var p = f.properties;
    var li = el("li");
    if (sleutel === "buurten") {
      li.textContent = (p.niveau === "wijk" ? "Wijk " : "Buurt ") + p.naam + " (" + p.code + ")";
    } else if (sleutel === "overbewoning_buurten") {
      li.textContent = p.naam + ": " + p.omschrijving;
    } else {
      if (p.url) li.appendChild(link(p.url, p.titel)); else li.appendChild(el("span", null, p.titel));
      var rest = [p.adres].concat((p.regels || []).filter(function (r) { return r[0] !== "Signaal"; })
        .map(function (r) { return r[0] + " " + r[1]; })).filter(Boolean);
      li.appendChild(document.createTextNode(" – " + rest.join(", ")));
    }
    return li;
  }

  function toonSelectie(vorm) {
    huidigeVorm = vorm;
    wisKnop.hidden = false;
    while (selectieEl.firstChild) selectieEl.removeChild(selectieEl.firstChild);
    var bezig = el("p", "utrecht-paragraph hh-muted", "Bezig met zoeken…");
    selectieEl.appendChild(bezig);
    var zichtbareLagen = lagen.filter(zichtbaar);
    if (!zichtbareLagen.length) {
      bezig.textContent = "Kies eerst een of meer lagen.";
      return Promise.resolve();
    }
    return Promise.all(zichtbareLagen.map(function (laag) {
      var params = filterParams(laag.cfg, new URLSearchParams({ vorm: vorm }));
      params.set("zoom", String(map.getZoom()));
      return fetch(laag.cfg.url + "?" + params.toString(), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      }).then(function (r) {
        return r.json().then(function (data) { return { laag: laag, ok: r.ok, data: data }; });
      }).catch(function () {
        return { laag: laag, ok: false, data: { melding: "Niet geladen; controleer de verbinding." } };
      });
    })).then(function (antwoorden) {
      if (vorm !== huidigeVorm) return;  // a newer shape was drawn meanwhile
      selectieEl.removeChild(bezig);
      var samenvatting = [];
      antwoorden.forEach(function (a) {
        var sectie = el("section");
        var kop = el("h3");
        sectie.appendChild(kop);
        if (!a.ok) {
          kop.textContent = a.laag.cfg.titel;
          sectie.appendChild(el("p", "utrecht-paragraph hh-kaart__melding", a.data.melding || "Niet geladen."));
        } else {
          kop.textContent = a.laag.cfg.titel + " (" + a.data.aantal + (a.data.afgekapt ? "+" : "") + ")";
          samenvatting.push(aantalTekst(a.laag.cfg.sleutel, a.data.aantal));
          if (a.data.features.length) {
            var ul = el("ul", "utrecht-unordered-list");
            a.data.features.forEach(function (f) { ul.appendChild(selectieItem(a.laag.cfg.sleutel, f)); });
            sectie.appendChild(ul);
          } else {
            sectie.appendChild(el("p", "utrecht-paragraph hh-muted", "Niets in dit gebied."));
          }
          if (a.data.afgekapt) {
            sectie.appendChild(el("p", "utrecht-paragraph hh-muted", "Niet alles getoond; teken een kleiner gebied."));
          }
        }
        selectieEl.appendChild(sectie);
      });
      statusEl.textContent = "In het gebied: " + (samenvatting.join(", ") || "niets");
    });
  }

  function wisSelectie() {
    huidigeVorm = null;
    if (getekend) getekend.clearLayers();
    while (selectieEl.firstChild) selectieEl.removeChild(selectieEl.firstChild);
    wisKnop.hidden = true;
    meldStatus();
  }

  // While drawing, markers and clusters must not take the mouse (a press on a cluster would
  // zoom in instead of starting the shape): kaart.css switches their pointer events off.
  map.on("draw:drawstart", function () { map.getContainer().classList.add("hh-kaart--tekenen"); });
  map.on("draw:drawstop", function () { map.getContainer().classList.remove("hh-kaart--tekenen"); });

  map.on("draw:created", function (e) {
    // Folium's handler has added the shape to the group already: keep only the newest one.
    if (getekend) {
      getekend.eachLayer(function (l) { if (l !== e.layer) getekend.removeLayer(l); });
    }
    var punten = e.layer.getLatLngs()[0];
    if (punten.length > instellingen.max_punten_vorm) {
      selectieEl.textContent = "De vorm heeft te veel punten (hoogstens " + instellingen.max_punten_vorm + ").";
      return;
    }
    toonSelectie(vormVan(punten));
  });
  wisKnop.addEventListener("click", wisSelectie);
  beeldKnop.addEventListener("click", function () {
    if (getekend) getekend.clearLayers();
    var b = map.getBounds();
    toonSelectie(vormVan([b.getSouthWest(), b.getSouthEast(), b.getNorthEast(), b.getNorthWest()]));
  });

  laadAlles();
})();
