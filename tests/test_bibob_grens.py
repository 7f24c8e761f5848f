"""No module outside ``handhaving/bibob/`` reads Bibob's tables (Wet Bibob art. 28): other
domains go through ``handhaving.bibob.api``, which applies Bibob's own need-to-know and audit.

Parsed with ``ast`` over every module of ``handhaving/`` (recursive), so an import in a function
or under ``if TYPE_CHECKING`` counts too, and so does a dotted name in a string (``import_module``)
or a Bibob table named in a string (raw SQL). No exclusions: the demo seeds Bibob through
``handhaving.bibob.demo``."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from handhaving.bibob import models as bibob_models
from handhaving.db import Base

PAKKET = Path(__file__).resolve().parent.parent / "handhaving"
BIBOB = PAKKET / "bibob"
MODELLEN = "handhaving.bibob.models"
# Bibob's tables, from its models (a new table is covered without touching this test).
TABELLEN = sorted({m.__tablename__ for m in vars(bibob_models).values()
                   if isinstance(m, type) and issubclass(m, Base) and m is not Base})
TABEL_RE = re.compile(r"\b(" + "|".join(TABELLEN) + r")\b")


def _module(pad: Path) -> str:
    return ".".join(pad.relative_to(PAKKET.parent).with_suffix("").parts)


def _verwijzingen(pad: Path) -> list[tuple[int, str]]:
    """Every (line, module) the file imports, resolved from relative imports, plus dotted strings."""
    boom = ast.parse(pad.read_text(encoding="utf-8"), filename=str(pad))
    eigen = _module(pad).split(".")
    pakket = eigen if pad.name == "__init__.py" else eigen[:-1]
    uit = []
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.Import):
            uit.extend((knoop.lineno, a.name) for a in knoop.names)
        elif isinstance(knoop, ast.ImportFrom):
            basis = knoop.module or ""
            if knoop.level:
                basis = ".".join(pakket[:len(pakket) - knoop.level + 1] + ([basis] if basis else []))
            uit.append((knoop.lineno, basis))
            # ``from handhaving.bibob import models``
            uit.extend((knoop.lineno, f"{basis}.{a.name}") for a in knoop.names)
        elif isinstance(knoop, ast.Constant) and isinstance(knoop.value, str):
            if knoop.value.startswith(MODELLEN):
                uit.append((knoop.lineno, knoop.value))
            elif TABEL_RE.search(knoop.value):
                uit.append((knoop.lineno, MODELLEN + ".<tabel in tekst>"))
    return uit


def _overtredingen(bestanden) -> list[str]:
    return sorted({f"{pad.relative_to(PAKKET.parent)}:{regel}"
                   for pad in bestanden if BIBOB not in pad.parents
                   for regel, naam in _verwijzingen(pad) if naam == MODELLEN or naam.startswith(MODELLEN + ".")})


def test_no_module_outside_bibob_imports_bibobs_models():
    assert {"bibob_onderzoek", "bibob_betrokkene", "bibob_mandaat"} <= set(TABELLEN)
    bestanden = sorted(PAKKET.rglob("*.py"))
    assert len(bestanden) > 100 and any(p.parent != PAKKET and BIBOB not in p.parents for p in bestanden)
    assert _overtredingen(bestanden) == []


def test_the_boundary_check_catches_every_form_of_import(tmp_path, monkeypatch):
    """Positive control: each way of reaching the models is found, also nested and relative."""
    nep = tmp_path / "handhaving"
    (nep / "bibob").mkdir(parents=True)
    (nep / "historie" / "diep").mkdir(parents=True)
    vormen = {
        "a.py": "from handhaving.bibob.models import BibobOnderzoek\n",
        "b.py": "import handhaving.bibob.models as m\n",
        "c.py": "from handhaving.bibob import models\n",
        "diep/d.py": "def f():\n    from ...bibob.models import BibobMandaat\n",
        "diep/e.py": "import importlib\nM = importlib.import_module('handhaving.bibob.models')\n",
        "f.py": "from sqlalchemy import text\nQ = text('SELECT zaaknummer FROM bibob_onderzoek WHERE id = :i')\n",
    }
    for naam, code in vormen.items():
        (nep / "historie" / naam).write_text(code, encoding="utf-8")
    (nep / "historie" / "schoon.py").write_text(
        "from handhaving.bibob import api\nACTIE = 'beheer.bibob_mandaat_verlenen'\nX = 'bibob_mandaten'\n",
        encoding="utf-8")
    (nep / "bibob" / "views.py").write_text("from handhaving.bibob.models import BibobOnderzoek\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PAKKET", nep)
    monkeypatch.setitem(globals(), "BIBOB", nep / "bibob")
    gevonden = _overtredingen(sorted(nep.rglob("*.py")))
    assert sorted(regel.split(":")[0].rsplit("/", 1)[-1] for regel in gevonden) == ["a.py", "b.py", "c.py", "d.py",
                                                                                   "e.py", "f.py"]
