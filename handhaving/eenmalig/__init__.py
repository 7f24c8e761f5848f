"""One submit, one result: every form that creates something carries a per-render key
(``forms.EenmaligForm``); its view is decorated with ``views.eenmalig``. The second submit of
the same rendered form (double click, back button, a retry while the first was still busy)
gets the first result instead of a duplicate. See ``docs/eenmalig-verzenden.md``."""
