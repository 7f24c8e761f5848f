// Dutch texts for the draw toolbar of the map page. Loaded right after leaflet.draw.js and
// before the map is built: the toolbar reads L.drawLocal when it is added to the map.
(function () {
  "use strict";
  if (!window.L || !L.drawLocal) return;
  var d = L.drawLocal.draw;
  d.toolbar.actions = { title: "Tekenen annuleren", text: "Annuleren" };
  d.toolbar.finish = { title: "Tekenen afronden", text: "Afronden" };
  d.toolbar.undo = { title: "Laatste punt verwijderen", text: "Laatste punt verwijderen" };
  d.toolbar.buttons.polygon = "Veelhoek tekenen";
  d.toolbar.buttons.rectangle = "Rechthoek tekenen";
  d.handlers.polygon.tooltip = {
    start: "Klik om de vorm te beginnen.",
    cont: "Klik om verder te tekenen.",
    end: "Klik op het eerste punt om de vorm te sluiten."
  };
  d.handlers.polyline.error = "<strong>Let op:</strong> randen mogen elkaar niet kruisen.";
  d.handlers.rectangle.tooltip = { start: "Klik en sleep om een rechthoek te tekenen." };
  d.handlers.simpleshape.tooltip = { end: "Laat de muis los om af te ronden." };
})();
