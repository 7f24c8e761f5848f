/* The status bar of the offline tablet (issue 14): online/offline, what waits on this device,
 * the last successful sync, refused and unreadable items, an expired session. Text only
 * (textContent), in a role=status region so a screen reader hears it too. */
(function () {
  "use strict";
  var HH = window.HH = window.HH || {};
  var store = HH.store, sync = HH.sync;
  var box = document.getElementById("hh-offline-status");
  if (!box || !store || !sync) { return; }
  var tekst = document.getElementById("hh-offline-tekst");
  var waarschuwing = document.getElementById("hh-offline-waarschuwing");
  var lijst = document.getElementById("hh-offline-geweigerd");
  var inloggen = document.getElementById("hh-offline-inloggen");
  var knop = document.getElementById("hh-offline-versturen");
  var opApparaat = !!document.getElementById("hh-offline-app");

  function twee(n) { return String(n).padStart(2, "0"); }
  function tijd(ms) {
    var d = new Date(ms), nu = new Date();
    var t = twee(d.getHours()) + ":" + twee(d.getMinutes());
    return d.toDateString() === nu.toDateString() ? "vandaag " + t : twee(d.getDate()) + "-" + twee(d.getMonth() + 1) + " " + t;
  }
  function meervoud(n, een, veel) { return n + " " + (n === 1 ? een : veel); }
  var vorige = "";

  var volgnummer = 0;
  function render() {
    var mijn = ++volgnummer;  // only the latest render writes (reads finish in any order)
    return Promise.all([store.overzicht(), store.meta("laatste_sync"), store.meta("sessie_verlopen"),
      store.meta("verlopen_verwijderd"), store.leesAlle("concept"), store.leesAlle("foto")]).then(function (res) {
      var ov = res[0], laatste = res[1], verlopen = res[2] || sync.state.sessieVerlopen, weg = res[3];
      if (mijn !== volgnummer) { return; }
      var concepten = res[4], fotos = res[5];
      var online = navigator.onLine && sync.state.online !== false;
      var delen = [];
      // Only the offline app keeps input on the device; the online pages (Vandaag, a controle) do not.
      delen.push(online ? "Online." : opApparaat ? "Geen verbinding met de server: wat u invoert, blijft op dit apparaat."
        : "Geen verbinding met de server: op deze pagina kan niets worden opgeslagen. Vastleggen zonder verbinding kan in Offline controles.");
      if (concepten.length || fotos.length) {
        delen.push("Wachtend op verzending: " + meervoud(concepten.length, "concept", "concepten") + " en " +
          meervoud(fotos.length, "foto", "foto's") + ".");
      } else {
        delen.push("Geen concepten op dit apparaat.");
      }
      if (sync.state.bezig) { delen.push("Bezig met versturen…"); }
      else if (sync.state.volgende && (concepten.length || fotos.length)) { delen.push("Volgende poging om " + tijd(sync.state.volgende).replace("vandaag ", "") + "."); }
      delen.push(laatste ? "Laatst verstuurd: " + tijd(laatste) + "." : "Nog niets verstuurd vanaf dit apparaat.");
      if (verlopen && (concepten.length || fotos.length)) { delen.push("Uw sessie is verlopen. Log opnieuw in om te versturen; alles blijft op dit apparaat."); }
      var t = delen.join(" ");
      if (t !== vorige) { tekst.textContent = t; vorige = t; }
      box.setAttribute("data-online", online ? "ja" : "nee");
      box.setAttribute("data-wachtend", String(concepten.length + fotos.length));

      var warn = [];
      if (concepten.length || fotos.length) {
        warn.push("Er staan nog " + meervoud(concepten.length, "concept", "concepten") + (fotos.length ? " en " + meervoud(fotos.length, "foto", "foto's") : "") +
          " op dit apparaat; log niet uit voordat ze zijn verstuurd.");
      }
      if (weg && weg.aantal) {
        warn.push(meervoud(weg.aantal, "concept was", "concepten waren") + " ouder dan 72 uur en " + (weg.aantal === 1 ? "is" : "zijn") +
          " van dit apparaat verwijderd (" + tijd(weg.op) + ").");
      }
      waarschuwing.textContent = warn.join(" ");
      waarschuwing.hidden = !warn.length;

      lijst.textContent = "";
      concepten.concat(fotos).forEach(function (item) {
        var w = item.waarde;
        if (w.status !== "geweigerd" && w.status !== "conflict") { return; }
        var li = document.createElement("li");
        var wat = item.rec.soort === "foto" ? "Foto bij controle " + w.controle_id : "Concept van controle " + w.controle_id;
        li.textContent = wat + (w.status === "conflict" ? " – wacht op uw keuze: " : " – geweigerd: ") + (w.melding || "");
        lijst.appendChild(li);
      });
      ov.apart.forEach(function (a) {
        var li = document.createElement("li");
        li.textContent = "Onleesbaar record (" + (a.soort || "onbekend") + (a.controle_id ? ", controle " + a.controle_id : "") +
          ") apart gezet: " + a.reden + ". Het wordt niet verstuurd; neem contact op met de beheerder als het een concept was.";
        lijst.appendChild(li);
      });
      lijst.hidden = !lijst.children.length;
      inloggen.hidden = !(verlopen && (concepten.length || fotos.length));
      knop.hidden = !(concepten.length || fotos.length);
      knop.disabled = !!sync.state.bezig;
    }).catch(function (e) {
      tekst.textContent = "De opslag op dit apparaat is niet te lezen: " + ((e && e.message) || e);
    });
  }

  knop.addEventListener("click", function () { sync.run({ handmatig: true }); });
  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  sync.onUpdate(function () { render(); });
  HH.status = { render: render };
  render();
  sync.start();
})();
