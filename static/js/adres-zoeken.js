// Address search as you type: suggestions from /locaties/zoek as an ARIA combobox.
// Without JavaScript the form still works (server-side results).
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("input[role=combobox]");
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var status = document.getElementById("q-status");
  var url = form.getAttribute("data-suggest-url");
  var timer = null, active = -1, items = [], controller = null;

  function close() {
    list.hidden = true; input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant"); active = -1;
  }
  function select(index) {
    var options = list.querySelectorAll("li");
    options.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
  }
  function render(data) {
    items = data; list.textContent = "";
    data.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "q-optie-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      li.textContent = item.label;
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); window.location.href = item.url; });
      list.appendChild(li);
    });
    list.hidden = data.length === 0;
    input.setAttribute("aria-expanded", data.length ? "true" : "false");
    status.textContent = data.length ? data.length + " suggesties" : "Geen suggesties";
  }
  function lookup() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(q), { signal: controller.signal, credentials: "same-origin",
      headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(render)
      .catch(function (err) { if (err.name !== "AbortError") close(); });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 150); });
  input.addEventListener("keydown", function (ev) {
    if (list.hidden) return;
    if (ev.key === "ArrowDown") { ev.preventDefault(); select(Math.min(active + 1, items.length - 1)); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); select(Math.max(active - 1, 0)); }
    else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); window.location.href = items[active].url; }
    else if (ev.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
