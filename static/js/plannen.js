// Planning form: add addresses by search (as a list of checkboxes), and tick a type's default
// partners and legal bases when the type changes. Server hands over the URLs and defaults
// (planning.standaard_keuzes); it ticks the opening type's defaults itself, so nothing here runs
// on load: after a refused post the user's own ticks stay.
(function () {
  "use strict";
  var box = document.getElementById("adres-zoeker");
  var standaard = JSON.parse((document.getElementById("type-standaard") || {}).textContent || "{}");
  var typeSelect = document.querySelector("select[name=controletype_id]");
  if (typeSelect) {
    typeSelect.addEventListener("change", function () {
      var d = standaard[typeSelect.value];
      if (!d) { return; }
      document.querySelectorAll("input[name=partners]").forEach(function (el) { el.checked = d.partners.indexOf(el.value) >= 0; });
      document.querySelectorAll("input[name=rechtsgronden]").forEach(function (el) { el.checked = d.rechtsgronden.indexOf(el.value) >= 0; });
    });
  }
  if (!box) { return; }
  var input = document.getElementById("adres-zoek"), list = document.getElementById("adres-opties");
  var chosen = document.getElementById("gekozen-adressen"), status = document.getElementById("adres-status");
  var url = box.getAttribute("data-suggest-url"), timer = null, items = [], active = -1, controller = null;
  function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
  function add(item) {
    if (chosen.querySelector("input[value='" + item.id + "']")) { close(); input.value = ""; return; }
    var li = document.createElement("li"), label = document.createElement("label"), cb = document.createElement("input");
    label.className = "hh-check"; cb.type = "checkbox"; cb.name = "adres_ids"; cb.value = item.id; cb.checked = true;
    cb.className = "utrecht-checkbox utrecht-checkbox--html-input";
    label.appendChild(cb); label.appendChild(document.createTextNode(" " + item.label));
    li.appendChild(label); chosen.appendChild(li);
    status.textContent = item.label + " toegevoegd";
    input.value = ""; close(); input.focus();
  }
  function select(i) {
    var options = list.querySelectorAll("li");
    options.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
    active = i; if (i >= 0) { input.setAttribute("aria-activedescendant", options[i].id); }
  }
  function render(data) {
    items = data; list.textContent = "";
    data.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "adres-optie-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      li.textContent = item.label;
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); add(item); });
      list.appendChild(li);
    });
    list.hidden = !data.length; input.setAttribute("aria-expanded", data.length ? "true" : "false");
    status.textContent = data.length ? data.length + " adressen gevonden" : "Geen adressen gevonden";
  }
  function lookup() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (controller) { controller.abort(); }
    controller = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(q), { signal: controller.signal, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(render).catch(function (err) { if (err.name !== "AbortError") { close(); } });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 150); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); if (active >= 0) { add(items[active]); } return; }
    if (list.hidden) { return; }
    if (ev.key === "ArrowDown") { ev.preventDefault(); select(Math.min(active + 1, items.length - 1)); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); select(Math.max(active - 1, 0)); }
    else if (ev.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
