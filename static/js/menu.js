// The main menu folds behind a "Menu" button on narrow screens (NL Design System pattern: a real
// button with aria-expanded and aria-controls). Without this script the button stays hidden and
// the menu is shown stacked, so every page stays reachable. The breakpoint lives in the CSS only.
(function () {
  'use strict';
  var knop = document.getElementById('hoofdmenu-knop');
  var nav = document.getElementById('hoofdmenu');
  if (!knop || !nav) return;
  var header = knop.closest('.hh-header');

  function zet(open) {
    knop.setAttribute('aria-expanded', open ? 'true' : 'false');
    header.classList.toggle('hh-header--open', open);
  }

  header.classList.add('hh-header--inklapbaar');
  knop.addEventListener('click', function () {
    zet(knop.getAttribute('aria-expanded') !== 'true');
  });
  // Escape closes the open menu and puts focus back on its button (WAI-ARIA disclosure pattern).
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && knop.getAttribute('aria-expanded') === 'true') {
      zet(false);
      knop.focus();
    }
  });
})();
