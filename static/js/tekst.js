// Text that comes from data (street names, names, findings) goes into the page as
// text, never as HTML: Leaflet's bindTooltip/bindPopup/setContent read a string as
// HTML, so every caller passes Handhaving.tekst(value) instead (a test checks this).
(function () {
  "use strict";
  window.Handhaving = window.Handhaving || {};
  window.Handhaving.tekst = function (value) {
    var span = document.createElement("span");
    span.textContent = value === null || value === undefined ? "" : String(value);
    return span;
  };
})();
