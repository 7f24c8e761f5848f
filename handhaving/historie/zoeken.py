"""Finding subjects by name, KvK number or address, with a score and the reasons for it.

Two steps. SQL finds candidates in the user's gemeenten (at most ``MAX_KANDIDATEN``, the best
first): the sound-alike keys of the query's words against ``subject.zoeksleutel``
(``namen.zoeksleutel``: Janssen ~ Jansen, Dykstra ~ Dijkstra) and, for the weaker ones, their
first four letters (Jansma for Jansen), each word as a prefix of a word of
``zoeknaam`` (also rows whose key is still empty), the halves of a word for a typing error,
the KvK number exactly, and who is linked to the address (``op_adres``: permits, the subjects
register, controles). Python then ranks them with rapidfuzz:

* a person: the surname (particles left out, so "Vries, J. de" = "J. de Vries"; or written
  together with them, "Vanderberg") and the first names or initials separately (``J.`` fits
  any first name that starts with J; "v.d." is a particle, not two initials); which query
  words are the surname is tried both ways ("jan vries", "vries jan");
* a company: its name and trade names (``token_set_ratio``, an exact name above a name that
  only contains the words);
* a date of birth, when given, excludes persons with another one (in SQL) and raises those
  with the same one; day and month swapped is kept, lower.

Each criterion given (name, KvK number, address) weighs the same; the score is 0-100.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz
from sqlalchemy import case, literal, or_, select
from sqlalchemy.orm import Session

from handhaving.historie.op_adres import op_adres
from handhaving.subjecten.models import Subject, SubjectSoort
from handhaving.subjecten.namen import VOORVOEGSELS, klanksleutel, zoektekst, zonder_accenten

MAX_KANDIDATEN = 500
MAX_WOORDEN = 6
# Below this a name is too unlike the query to show (unless the KvK number or address fits).
DREMPEL = 55
# An exact name only (without first name or initials matched) and a sound-alike surname.
KLANK_MINIMUM = 90

_PARTIKELS = frozenset(w for vv in VOORVOEGSELS for w in vv.replace("'", "").split())
# "Vanderberg", "Devries": particles written together with the surname, longest first.
_AANEEN = sorted({vv.replace("'", "").replace(" ", "") for vv in VOORVOEGSELS}, key=len, reverse=True)
# "v.d.", "vd", "v/d": van der / van den / van de — a particle, not two initials.
_AFGEKORT = frozenset({"vd"})
_RECHTSVORMEN = frozenset({"bv", "nv", "vof", "cv", "b", "v", "n", "o", "f", "c", "holding"})
_AFKORTINGEN = frozenset({"bv", "nv", "vof", "cv"})
_VOORLETTERS = re.compile(r"^(?:[a-z]\.)+[a-z]?$|^[a-z]$")


@dataclass
class Zoekvraag:
    naam: str = ""
    geboortedatum: date | None = None
    kvk: str | None = None        # normalised, 8 digits
    adres: str = ""

    @property
    def leeg(self) -> bool:
        return not (self.naam.strip() or self.kvk or self.adres.strip())


def verwisseld(d: date | None) -> date | None:
    """The date with day and month swapped (4-9 for 9-4), None where that is no date or the same."""
    if d is None or d.day > 12 or d.day == d.month:
        return None
    try:
        return d.replace(month=d.day, day=d.month)
    except ValueError:
        return None


@dataclass
class Naamvraag:
    """The name as typed, taken apart: surname words (when a comma told which they are), the
    other words, initials and particles; all lower case without diacritics."""
    achternaam: list[str] | None
    woorden: list[str]
    voorletters: list[str]
    partikels: list[str]
    tekst: str

    @property
    def alle_woorden(self) -> list[str]:
        return [*(self.achternaam or []), *self.woorden]


@dataclass
class Treffer:
    subject_id: int
    gemeente_id: int
    score: int
    redenen: list[str] = field(default_factory=list)
    sorteer: str = ""


def _woorden(tekst: str) -> tuple[list[str], list[str], list[str]]:
    """(words, initials, particles) of a piece of the query."""
    woorden, voorletters, partikels = [], [], []
    tekst = zonder_accenten(tekst).lower().replace("’", "'")
    for ruw in re.split(r"[\s\-]+", tekst):
        if ruw in ("'t", "t'"):
            partikels.append("t")
            continue
        token = re.sub(r"[^a-z0-9.]", "", ruw)
        if not token.strip(".") or token.replace(".", "") in _AFKORTINGEN:
            continue  # "B.V." is a legal form, not two initials
        if token.replace(".", "") in _AFGEKORT:
            partikels.append(token.replace(".", "") + ".")   # compared by initials: "vd." ~ "van der"
        elif _VOORLETTERS.match(token):
            voorletters += token.replace(".", "")
        elif token.strip(".") in _PARTIKELS:
            partikels.append(token.strip("."))
        else:
            woorden.append(token.replace(".", ""))
    return woorden, voorletters, partikels


def ontleed_naam(tekst: str) -> Naamvraag:
    """``'Vries, J. de'`` → surname ``['vries']``, initials ``['j']``, particles ``['de']``."""
    tekst = " ".join((tekst or "").split())[:100]
    if "," in tekst:
        voor, _, na = tekst.partition(",")
        achternaam, vl1, p1 = _woorden(voor)
        woorden, vl2, p2 = _woorden(na)
        return Naamvraag(achternaam[:MAX_WOORDEN] or None, woorden[:MAX_WOORDEN], vl1 + vl2, p1 + p2, tekst)
    woorden, voorletters, partikels = _woorden(tekst)
    return Naamvraag(None, woorden[:MAX_WOORDEN], voorletters, partikels, tekst)


@lru_cache(maxsize=20000)
def _kern(naam: str) -> str:
    """A surname without particles, lower case, no diacritics: ``'van der Berg'`` → ``'berg'``."""
    return " ".join(w for w in zoektekst(naam).replace("'", "").split() if w not in _PARTIKELS)


def zonder_aaneen_partikel(woord: str) -> str | None:
    """``'vanderberg'`` → ``'berg'``; None when the word does not start with particles (or
    would leave fewer than three letters)."""
    for p in _AANEEN:
        if woord.startswith(p) and len(woord) - len(p) >= 3:
            return woord[len(p):]
    return None


def _partikels_passen(gevraagd: list[str], voorvoegsel: str) -> bool:
    """The particles typed fit the person's: the same words, or for an abbreviation ("v.d.")
    the same initials ("van der", "van den", "van de")."""
    eigen = voorvoegsel.replace("'", "").lower().split()
    if any(p.endswith(".") for p in gevraagd):
        return "".join(p.rstrip(".") for p in gevraagd) == "".join(w[0] for w in eigen)
    return set(gevraagd) == set(eigen)


def _bedrijfsnaam(naam: str) -> str:
    return " ".join(w for w in zoektekst(naam).replace("'", "").split() if w not in _RECHTSVORMEN)


@lru_cache(maxsize=20000)
def _klank(tekst: str) -> str:
    return " ".join(k for k in (klanksleutel(w) for w in tekst.split()) if k)


def _gelijkenis(a: str, b: str) -> tuple[int, bool]:
    """(0-100, sounds alike) of two lower-case strings."""
    if not a or not b:
        return 0, False
    r = fuzz.ratio(a, b)
    klinkt = r < 100 and _klank(a) != "" and _klank(a) == _klank(b)
    if klinkt:
        r = max(r, KLANK_MINIMUM)
    elif " " in b or " " in a:
        # "Groot Koerkamp" found as "Koerkamp": all words present counts, a bit below the whole.
        r = max(r, 0.9 * fuzz.token_set_ratio(a, b))
    return round(r), klinkt


# ---------------------------------------------------------------------------- candidates (SQL)

def _buren(w: str) -> list[str]:
    """``LIKE`` patterns for the words one typing error away from ``w``: a letter replaced, left
    out or swapped with the next (``_`` is one letter), and ``w`` with one letter too many."""
    uit = {w[:i] + "_" + w[i + 1:] for i in range(len(w))}
    uit |= {w[:i] + "_" + w[i:] for i in range(len(w) + 1)}
    uit |= {w[:i] + w[i + 1:] for i in range(len(w))}
    uit |= {w[:i] + w[i + 1] + w[i] + w[i + 2:] for i in range(len(w) - 1)}
    uit.discard(w)
    return sorted(uit)


def _woorden_met_aaneen(vraag: Naamvraag) -> list[str]:
    """The query's words, and for "vanderberg" also "berg"."""
    woorden = list(dict.fromkeys(vraag.alle_woorden))
    return woorden + [k for k in (zonder_aaneen_partikel(w) for w in woorden) if k and k not in woorden]


def _naam_voorwaarden(vraag: Naamvraag) -> tuple[list, list]:
    """SQL for the name: (conditions, one of which makes a candidate; weights to order by).

    One ``LIKE`` per word decides (a full scan: with 50 000 rows each ``LIKE`` costs, so the
    exact comparisons are only made in ``ORDER BY``, on the rows that passed): the first four
    letters of the word's key anywhere in ``zoeksleutel``, or for a row whose key is still
    empty the word in ``zoeknaam``. The order: the exact key, then the word starting a name.

    "Vanderberg" also looks for "berg". Typing errors: ``_tikfout_voorwaarden``.
    """
    voorwaarden, gewichten = [], []
    sleutelveld = literal(" ") + Subject.zoeksleutel + literal(" ")
    for w in _woorden_met_aaneen(vraag):
        k = klanksleutel(w)
        if k:
            voorwaarden.append(Subject.zoeksleutel.like(f"%{k[:4]}%"))
            gewichten.append(case((sleutelveld.like(f"% {k} %"), 3), else_=0))
        if len(w) >= 2:
            voorwaarden.append((Subject.zoeksleutel == "") & Subject.zoeknaam.like(f"%{w}%"))
            gewichten.append(case((or_(Subject.zoeknaam.like(f"{w}%"), Subject.zoeknaam.like(f"% {w}%")), 2),
                                  else_=0))
    return voorwaarden, gewichten


def _tikfout_voorwaarden(woorden: list[str]) -> tuple[list, list]:
    """SQL for words that may hold a typing error (which changes their key too): a candidate has
    the word's first half starting a word of ``zoeknaam`` or its second half ending one (one
    error leaves one half whole); ordered by whether a word of the name is one error away
    (``_buren``). Only asked for words the first search found nothing like (``zoek``): these
    halves are short, so they let many rows through."""
    voorwaarden, gewichten = [], []
    naamveld = literal(" ") + Subject.zoeknaam + literal(" ")
    for w in woorden:
        h = len(w) // 2
        voorwaarden += [naamveld.like(f"% {w[:h]}%"), naamveld.like(f"%{w[h:]} %")]
        gewichten.append(case((or_(*(naamveld.like(f"% {b} %") for b in _buren(w))), 2), else_=0))
    return voorwaarden, gewichten


def _zonder_gelijke(naam: Naamvraag, rijen: list) -> list[str]:
    """Words of five letters or more that no candidate has, not even as a sound-alike: those may
    hold a typing error. A word found without its particles ("devries" → "vries") counts as found."""
    gezien: set[str] = set()
    for rij in rijen:
        for tekst in (rij.geslachtsnaam, rij.voornamen, f"{rij.voorvoegsel}{rij.geslachtsnaam}", rij.naam,
                      *(rij.handelsnamen or [])):
            for w in zoektekst(tekst or "").replace("'", "").split():
                gezien.add(w)
                gezien.add(klanksleutel(w))
    uit = []
    for w in dict.fromkeys(naam.alle_woorden):
        kern = zonder_aaneen_partikel(w)
        if len(w) < 5 or not w.isalpha() or any(x in gezien for x in (w, klanksleutel(w), kern) if x):
            continue
        uit.append(w)
    return uit


_KOLOMMEN = (Subject.id, Subject.gemeente_id, Subject.soort, Subject.voornamen, Subject.voorvoegsel,
             Subject.geslachtsnaam, Subject.geboortedatum, Subject.naam, Subject.handelsnamen, Subject.kvk_nummer)


def kandidaten(session: Session, gemeente_ids: list[int], vraag: Zoekvraag, naam: Naamvraag | None,
               adres_subjecten: dict[int, str], tikfouten: list[str] | None = None) -> list:
    """Rows (``_KOLOMMEN``) that may match, the most promising first, at most ``MAX_KANDIDATEN``.
    With ``tikfouten``: only the rows one typing error away from those words."""
    voorwaarden, gewichten = [], []
    if tikfouten:
        voorwaarden, gewichten = _tikfout_voorwaarden(tikfouten)
    elif naam is not None:
        voorwaarden, gewichten = _naam_voorwaarden(naam)
    if vraag.kvk and not tikfouten:
        c = Subject.kvk_nummer == vraag.kvk
        voorwaarden.append(c)
        gewichten.append(case((c, 10), else_=0))
    if adres_subjecten and not tikfouten:
        c = Subject.id.in_(list(adres_subjecten))
        voorwaarden.append(c)
        gewichten.append(case((c, 5), else_=0))
    if not voorwaarden or not gemeente_ids:
        return []
    gemeente = Subject.gemeente_id
    if naam is not None and session.get_bind().dialect.name == "sqlite":
        # With LIKE '%…%' every row is read anyway: SQLite's full scan is 3× faster than fetching
        # each row through the gemeente index (its planner cannot see that); PostgreSQL chooses well.
        gemeente = gemeente + 0
    stmt = select(*_KOLOMMEN).where(gemeente.in_(gemeente_ids), or_(*voorwaarden))
    if vraag.geboortedatum is not None:
        # Narrows persons: another date of birth is another person. Companies stay. Day and
        # month swapped is a typing error, not another person: kept, lower (``rangschik``).
        data = [d for d in (vraag.geboortedatum, verwisseld(vraag.geboortedatum)) if d]
        stmt = stmt.where(or_(Subject.soort != SubjectSoort.PERSOON, Subject.geboortedatum.is_(None),
                              Subject.geboortedatum.in_(data)))
    rang = gewichten[0]
    for gw in gewichten[1:]:
        rang = rang + gw
    return list(session.execute(stmt.order_by(rang.desc(), Subject.id).limit(MAX_KANDIDATEN)).all())


# ---------------------------------------------------------------------------- ranking (rapidfuzz)

def _voornamen_score(woorden: list[str], voorletters: list[str], voornamen: list[str],
                     redenen: list[str]) -> float | None:
    """How well the first names and initials fit (None: the query named none). A name or initial
    in the same place counts fully, elsewhere a little less: "Jan de Vries" is Jan Willem
    before Ahmed Jan."""
    delen: list[float] = []
    for i, w in enumerate(woorden):
        if not voornamen:
            delen.append(50)
            continue
        beste, welke = 0.0, ""
        for j, v in enumerate(voornamen):
            r = _gelijkenis(w, v)[0] * (1 if i == j else 0.95)
            if r > beste:
                beste, welke = r, v
        delen.append(beste)
        if beste >= 95:
            redenen.append(f"Voornaam ‘{welke.capitalize()}’ klopt")
        elif beste >= 70:
            redenen.append(f"Voornaam lijkt op ‘{welke.capitalize()}’ ({round(beste)}%)")
    for i, letter in enumerate(voorletters):
        if i < len(voornamen) and voornamen[i].startswith(letter):
            delen.append(100)
            redenen.append(f"Voorletter {letter.upper()} klopt")
        elif any(v.startswith(letter) for v in voornamen):
            delen.append(90)
            redenen.append(f"Voorletter {letter.upper()} klopt (niet als eerste voornaam)")
        else:
            delen.append(0 if voornamen else 50)
            if voornamen:
                redenen.append(f"Voorletter {letter.upper()} klopt niet")
    return sum(delen) / len(delen) if delen else None


def _persoon_score(naam: Naamvraag, rij) -> tuple[int, list[str]]:
    achternaam = _kern(rij.geslachtsnaam)
    # "Vanderberg" typed for "van der Berg": the particles and surname as one word.
    aaneen = zoektekst(f"{rij.voorvoegsel}{rij.geslachtsnaam}").replace("'", "").replace(" ", "")
    voornamen = zoektekst(rij.voornamen).replace("'", "").split()
    # Which query words are the surname: what a comma said, else each run of one or two words.
    if naam.achternaam is not None:
        splitsingen = [(naam.achternaam, naam.woorden)]
    else:
        w = naam.woorden
        splitsingen = [(w[i:j], w[:i] + w[j:]) for i in range(len(w)) for j in range(i + 1, min(i + 2, len(w)) + 1)]
    beste: tuple[float, list[str]] = (-1, [])
    for deel, rest in splitsingen:
        redenen: list[str] = []
        a, klinkt = _gelijkenis(" ".join(deel), achternaam)
        if rij.voorvoegsel and len(deel) == 1 and a < 100:
            a2, klinkt2 = _gelijkenis(deel[0], aaneen)
            if a2 > a:
                a, klinkt = a2, klinkt2
        weergave = " ".join(p for p in (rij.voorvoegsel, rij.geslachtsnaam) if p)
        if a == 100:
            redenen.append(f"Achternaam gelijk: ‘{weergave}’")
        elif klinkt:
            redenen.append(f"Achternaam klinkt als ‘{weergave}’ ({a}%)")
        else:
            redenen.append(f"Achternaam lijkt op ‘{weergave}’ ({a}%)")
        f = _voornamen_score(rest, naam.voorletters, voornamen, redenen)
        score = a if f is None else 0.75 * a + 0.25 * f
        if naam.partikels and rij.voorvoegsel and not _partikels_passen(naam.partikels, rij.voorvoegsel):
            score -= 5
        if score > beste[0]:
            beste = (score, redenen)
    return max(0, round(beste[0])), beste[1]


def _bedrijf_score(naam: Naamvraag, rij) -> tuple[int, list[str]]:
    q = _bedrijfsnaam(naam.tekst.replace(",", " "))
    beste, reden = 0, []
    for soort, tekst in [("Naam", rij.naam), *(("Handelsnaam", h) for h in (rij.handelsnamen or []))]:
        n = _bedrijfsnaam(tekst)
        if not q or not n:
            continue
        if q == n:
            s = 100
        else:
            s = fuzz.token_set_ratio(q, n)
            # Every word of the query in the name is strong, an exact name stronger.
            s = 95 if s == 100 else s
            if s < 100 and _klank(q) and _klank(q) == _klank(n):
                s = max(s, KLANK_MINIMUM)
        if naam.voorletters:
            s *= 0.8  # "J. de Vries" is looking for a person, not for De Vries B.V.
        s = round(s)
        if s > beste:
            beste = s
            reden = [f"{soort} gelijk: ‘{tekst}’" if s == 100 else f"{soort} lijkt op ‘{tekst}’ ({s}%)"]
    return beste, reden


def rangschik(rijen: list, vraag: Zoekvraag, naam: Naamvraag | None,
              adres_subjecten: dict[int, str]) -> list[Treffer]:
    """Score and reasons per candidate; below ``DREMPEL`` left out; best first, then by name."""
    uit = []
    criteria = sum(1 for c in (naam, vraag.kvk, adres_subjecten or vraag.adres.strip()) if c)
    for rij in rijen:
        persoon = rij.soort == SubjectSoort.PERSOON
        delen, redenen = [], []
        if naam is not None:
            s, r = _persoon_score(naam, rij) if persoon else _bedrijf_score(naam, rij)
            delen.append(s)
            redenen += r
        if vraag.kvk:
            gelijk = rij.kvk_nummer == vraag.kvk
            delen.append(100 if gelijk else 0)
            if gelijk:
                redenen.append("KvK-nummer gelijk")
        if vraag.adres.strip():
            reden = adres_subjecten.get(rij.id)
            delen.append(100 if reden else 0)
            if reden:
                redenen.append(reden)
        score = sum(delen) / max(criteria, 1)
        if naam is not None and delen[0] < DREMPEL and score < DREMPEL:
            continue
        if vraag.geboortedatum is not None:
            if persoon and rij.geboortedatum == vraag.geboortedatum:
                score = 0.85 * score + 15
                redenen.append("Geboortedatum gelijk")
            elif persoon and rij.geboortedatum is not None:
                score = 0.85 * score + 5
                redenen.append(f"Geboortedatum met dag en maand verwisseld ({rij.geboortedatum:%d-%m-%Y})")
            else:
                score = 0.85 * score
                if persoon:
                    redenen.append("Geboortedatum onbekend")
        sorteer = (f"{_kern(rij.geslachtsnaam)} {rij.voorvoegsel} {zoektekst(rij.voornamen)}" if persoon
                   else zoektekst(rij.naam))
        uit.append(Treffer(rij.id, rij.gemeente_id, round(score), redenen, sorteer))
    uit.sort(key=lambda t: (-t.score, t.sorteer, t.subject_id))
    return uit


# A name noted at a controle links a subject to the address only when it fits this well.
AANGETROFFEN_MINIMUM = 90


def _adres_subjecten(session: Session, gemeente_ids: list[int], tekst: str,
                     controle_gemeenten: list[int]) -> dict[int, str]:
    """Subject id → why it is linked to the addresses the text finds (``op_adres``); the names
    of people met at controles there are matched to subjects of that gemeente by this search."""
    gevonden = op_adres(session, gemeente_ids, tekst, controle_gemeenten)
    for naam, rol, adres, gemeente_id in gevonden.aangetroffen:
        vraag = ontleed_naam(naam)
        if not vraag.alle_woorden:
            continue
        rijen = kandidaten(session, [gemeente_id], Zoekvraag(naam=naam), vraag, {})
        for t in rangschik(rijen, Zoekvraag(naam=naam), vraag, {}):
            if t.score >= AANGETROFFEN_MINIMUM:
                gevonden.voeg_toe(t.subject_id, f"Aangetroffen bij een controle op dit adres als {rol} "
                                                f"(genoteerd als ‘{naam}’, {adres})")
    return gevonden.redenen


def zoek(session: Session, gemeente_ids: list[int], vraag: Zoekvraag,
         controle_gemeenten: list[int] | None = None) -> list[Treffer]:
    """Everyone in these gemeenten who may be meant, best first (the whole ranked list).
    ``controle_gemeenten``: where the user may see controles; only there do controles link
    people and companies to an address."""
    naam = ontleed_naam(vraag.naam) if vraag.naam.strip() else None
    if naam is not None and not naam.alle_woorden:
        naam = None  # only initials or particles: nothing to compare
    adres_subjecten = (_adres_subjecten(session, gemeente_ids, vraag.adres, [
        g for g in (controle_gemeenten or []) if g in gemeente_ids]) if vraag.adres.strip() else {})
    rijen = kandidaten(session, gemeente_ids, vraag, naam, adres_subjecten)
    if naam is not None:
        # A second query only for words nothing resembled: "Fijkstra" finds Dijkstra, while
        # "Jan de Vries" costs nothing extra.
        tikfouten = _zonder_gelijke(naam, rijen)
        if tikfouten:
            bekend = {r.id for r in rijen}
            rijen += [r for r in kandidaten(session, gemeente_ids, vraag, naam, {}, tikfouten) if r.id not in bekend]
    return rangschik(rijen, vraag, naam, adres_subjecten)
