"""Submit a rendered form twice with the same key: the shared check of every creating form."""
from __future__ import annotations

from html.parser import HTMLParser

from handhaving.eenmalig.forms import VELD


class _Formulieren(HTMLParser):
    """The hidden inputs of every <form method="post"> on a page, by its action."""

    def __init__(self):
        super().__init__()
        self.formulieren: list[tuple[str, dict]] = []
        self._huidig: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._huidig = {}
            if (a.get("method") or "").lower() == "post":
                self.formulieren.append((a.get("action") or "", self._huidig))
        elif tag == "input" and self._huidig is not None and a.get("type") == "hidden" and a.get("name"):
            self._huidig.setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._huidig = None


def verborgen_velden(html: str, action: str, kies: dict | None = None) -> dict:
    """The hidden fields of the one form posting to ``action`` (and holding the hidden values ``kies``)."""
    p = _Formulieren()
    p.feed(html)
    gevonden = [velden for a, velden in p.formulieren
                if a.split("#")[0] == action and all(velden.get(k) == v for k, v in (kies or {}).items())]
    assert gevonden, f"geen formulier naar {action} op de pagina"
    assert len(gevonden) == 1, f"{len(gevonden)} formulieren naar {action}"
    return gevonden[0]


def tweemaal(client, pagina: str, action: str, data: dict, tel, files=None, action_post: str | None = None,
             kies: dict | None = None):
    """Open ``pagina``, fill the form that posts to ``action`` and send it twice, unchanged.

    (``action_post``: where it posts, when the form's action attribute is empty; ``kies``: hidden
    values that pick one of several forms to the same action.) ``tel()`` counts
    the rows the form creates. The first submit creates one and redirects;
    the second creates nothing and is sent (303) to the same place. Returns both responses.
    """
    resp = client.get(pagina)
    assert resp.status_code == 200, resp.status_code
    velden = verborgen_velden(resp.get_data(as_text=True), action, kies)
    assert velden.get(VELD), f"het formulier naar {action} heeft geen {VELD}"
    gegevens = {**velden, **data}
    action = action_post or action
    voor = tel()
    eerste = client.post(action, data={**gegevens, **(files() if files else {})})
    assert eerste.status_code in (201, 302, 303), eerste.get_data(as_text=True)[:3000]
    assert tel() == voor + 1
    tweede = client.post(action, data={**gegevens, **(files() if files else {})})
    assert tel() == voor + 1, "de tweede verzending maakte een dubbel"
    assert tweede.status_code == 303 and tweede.headers["Location"] == eerste.headers["Location"]
    assert "al verstuurd" in client.get(tweede.headers["Location"]).get_data(as_text=True)
    return eerste, tweede
