// Address map: the address and its neighbours (WGS84 from the server; stored in RD New).
// Background tiles only when the installation configures a tile server (MAP_TILE_URL).
(function () {
  "use strict";
  var el = document.getElementById("kaart");
  var dataEl = document.getElementById("kaart-data");
  if (!el || !dataEl || !window.L || !window.Handhaving) return;
  var tekst = window.Handhaving.tekst;
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(el, { maxZoom: 19, zoomControl: true }).setView([data.lat, data.lon], 18);
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attributie || "" }).addTo(map);
  }
  data.punten.forEach(function (p) {
    if (p.hier) return;
    L.circleMarker([p.lat, p.lon], { radius: 6, color: "#0b5ea7", weight: 1, fillOpacity: 0.4 })
      .bindTooltip(tekst(p.label)).on("click", function () { window.location.href = p.url; })
      .addTo(map);
  });
  L.circleMarker([data.lat, data.lon], { radius: 10, color: "#1a1a1a", weight: 3, fillColor: "#1a1a1a", fillOpacity: 0.9 })
    .bindTooltip(tekst("Dit adres"), { permanent: false }).addTo(map);
})();
