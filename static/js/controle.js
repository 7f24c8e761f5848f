// The controle page: the device location at start (only with the browser's consent) and the signature pad.
(function () {
  "use strict";
  var start = document.querySelector("[data-start-form]");
  if (start && navigator.geolocation) {
    var sent = false;
    start.addEventListener("submit", function (ev) {
      if (sent) { return; }
      ev.preventDefault();
      var note = start.querySelector("[data-locatie-status]");
      note.textContent = "Locatie opvragen…";
      var go = function () { sent = true; start.submit(); };
      navigator.geolocation.getCurrentPosition(function (pos) {
        start.querySelector("input[name=lat]").value = pos.coords.latitude;
        start.querySelector("input[name=lon]").value = pos.coords.longitude;
        start.querySelector("input[name=nauwkeurigheid]").value = pos.coords.accuracy;
        go();
      }, go, { timeout: 5000, maximumAge: 60000 });
    });
  }

  var form = document.querySelector("[data-handtekening-form]");
  if (!form) { return; }
  var wijze = form.querySelector("select[name=wijze]");
  var canvas = form.querySelector("canvas");
  var hidden = form.querySelector("input[name=handtekening]");
  var ctx = canvas.getContext("2d"), drawing = false, drawn = false;
  function toggle() {
    form.querySelector("[data-wijze=handtekening]").hidden = wijze.value !== "handtekening";
    form.querySelector("[data-wijze=verklaring]").hidden = wijze.value !== "verklaring";
  }
  wijze.addEventListener("change", toggle); toggle();
  ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.strokeStyle = "#000";
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  function point(ev) {
    var r = canvas.getBoundingClientRect();
    return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
  }
  canvas.addEventListener("pointerdown", function (ev) { drawing = true; var p = point(ev); ctx.beginPath(); ctx.moveTo(p.x, p.y); canvas.setPointerCapture(ev.pointerId); ev.preventDefault(); });
  canvas.addEventListener("pointermove", function (ev) { if (!drawing) { return; } var p = point(ev); ctx.lineTo(p.x, p.y); ctx.stroke(); drawn = true; ev.preventDefault(); });
  canvas.addEventListener("pointerup", function () { drawing = false; });
  canvas.addEventListener("pointercancel", function () { drawing = false; });
  form.querySelector("[data-handtekening-wissen]").addEventListener("click", function () {
    ctx.fillRect(0, 0, canvas.width, canvas.height); drawn = false; hidden.value = "";
  });
  form.addEventListener("submit", function () {
    hidden.value = (wijze.value === "handtekening" && drawn) ? canvas.toDataURL("image/png") : "";
  });
})();
