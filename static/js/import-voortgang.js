// Import status page: poll the import's JSON state (URL from the page) and show the progress;
// reload the page when the job is done, so the report is rendered by the server.
(function () {
  "use strict";
  var box = document.getElementById("import-voortgang");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var melding = document.getElementById("import-melding");
  var balk = document.getElementById("import-balk");
  var wacht = 1000;
  function toon(data) {
    var tekst = data.melding;
    if (data.totaal) {
      tekst += ": " + data.gedaan + " van " + data.totaal;
      balk.max = data.totaal;
      balk.value = data.gedaan;
    } else {
      balk.removeAttribute("value");
    }
    if (melding.textContent !== tekst) { melding.textContent = tekst; }
  }
  function vraag() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("status " + r.status); } return r.json(); })
      .then(function (data) {
        if (data.klaar) { window.location.reload(); return; }
        toon(data);
        wacht = 1000;
        window.setTimeout(vraag, wacht);
      })
      .catch(function () {
        wacht = Math.min(wacht * 2, 15000);
        window.setTimeout(vraag, wacht);
      });
  }
  window.setTimeout(vraag, wacht);
}());
