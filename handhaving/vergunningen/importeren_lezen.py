"""Reading an existing permit register: columns by name, one row per voorschrift.

No database here. The file (CSV or Excel workbook) is opened by ``importeren_bestand``, the
header checked (an unknown, missing or repeated column is one Dutch message and nothing is
read), and every row checked on its own with its line number and column. Rows with the same
zaaknummer are one permit: the permit columns are repeated per voorschrift row (later rows may
leave them empty), so a sheet exported from Excel needs no second file. Documented in
``docs/vergunningen-import.md``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property

from handhaving.errors import OngeldigeInvoer
from handhaving.subjecten.namen import VOORVOEGSELS, normaliseer_kvk, splits_achternaam, zoeknaam_persoon
from handhaving.vergunningen.importeren_adres import Ongeldig as OngeldigHuisnummer
from handhaving.vergunningen.importeren_adres import splits_huisnummer
from handhaving.vergunningen.importeren_bestand import ImportFout, getal, kop_bij_upload, open_tabel
from handhaving.vergunningen.models import VergunningSoort, VergunningStatus, VoorschriftCategorie

# (column, required, what it holds): the order of the example file and the documentation.
KOLOMMEN: list[tuple[str, bool, str]] = [
    ("zaaknummer", True, "sleutel van de vergunning; rijen met hetzelfde zaaknummer zijn één vergunning"),
    ("soort", True, "soort vergunning (waarde of omschrijving)"),
    ("status", True, "status (waarde of omschrijving)"),
    ("houder_naam", False, "naam van de onderneming (houder is rechtspersoon)"),
    ("houder_kvk", False, "KvK-nummer van de onderneming (8 cijfers)"),
    ("houder_voornamen", False, "voornamen (houder is natuurlijk persoon)"),
    ("houder_voorvoegsel", False, "voorvoegsel, zoals ‘de’ of ‘van der’"),
    ("houder_geslachtsnaam", False, "achternaam zonder voorvoegsel"),
    ("houder_geboortedatum", False, "geboortedatum"),
    ("postcode", False, "postcode van de inrichting (BAG-adres in de gemeente)"),
    ("huisnummer", False, "huisnummer"),
    ("huisletter", False, "huisletter"),
    ("toevoeging", False, "huisnummertoevoeging"),
    ("inrichting_naam", False, "naam van de inrichting"),
    ("werkruimten", False, "aantal werkruimten of kamers"),
    ("max_personen", False, "maximaal aantal personen"),
    ("openingstijden", False, "openingstijden (tekst)"),
    ("aanvraagdatum", False, "datum van de aanvraag"),
    ("besluitdatum", False, "datum van het besluit"),
    ("ingangsdatum", False, "ingangsdatum"),
    ("vervaldatum", False, "vervaldatum"),
    ("bibob_getoetst_op", False, "datum van de laatste Bibob-toets (alleen de datum)"),
    ("beheerders", False, "namen van beheerders, gescheiden door |"),
    ("voorschrift_nummer", False, "nummer van het voorschrift binnen de vergunning"),
    ("voorschrift_tekst", False, "tekst van het voorschrift (leeg: deze rij heeft geen voorschrift)"),
    ("voorschrift_categorie", False, "categorie van het voorschrift"),
    ("voorschrift_artikel", False, "bronartikel van het voorschrift"),
]
NAMEN = [k for k, _, _ in KOLOMMEN]
VERPLICHT = [k for k, v, _ in KOLOMMEN if v]
# The permit's own columns: repeated on every row of one zaaknummer (or left empty there).
VERGUNNING_KOLOMMEN = [k for k in NAMEN if k != "zaaknummer" and not k.startswith("voorschrift_")]
VOORSCHRIFT_KOLOMMEN = [k for k in NAMEN if k.startswith("voorschrift_")]
HOUDER_KOLOMMEN = [k for k in NAMEN if k.startswith("houder_")]

MAX_FOUTEN = 500
MAX_TEKST = 5000
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
_DATUM_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATUM_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass
class Fout:
    regel: int
    kolom: str
    melding: str

    def als_dict(self) -> dict:
        return {"regel": self.regel, "kolom": self.kolom, "melding": self.melding}


@dataclass
class Houder:
    """A holder as read: a company (kvk) or a person (zoeknaam + geboortedatum)."""
    kvk: str | None = None
    naam: str = ""
    voornamen: str = ""
    voorvoegsel: str = ""
    geslachtsnaam: str = ""
    geboortedatum: date | None = None

    @cached_property
    def sleutel(self) -> tuple:
        """Computed once, after the row is read (the name normalisation is the costly part)."""
        if self.kvk:
            return ("kvk", self.kvk)
        return ("persoon", zoeknaam_persoon(self.voornamen, self.voorvoegsel, self.geslachtsnaam), self.geboortedatum)


@dataclass
class VoorschriftRij:
    regel: int
    nummer: str
    tekst: str
    categorie: VoorschriftCategorie
    bron_artikel: str


@dataclass
class VergunningRij:
    """One permit: the values of its first row, the voorschriften of all its rows."""
    regel: int
    zaaknummer: str
    velden: dict                      # column → parsed value, only for columns in the file
    houder: Houder | None
    adres: tuple | None               # (postcode, huisnummer, huisletter, toevoeging)
    beheerders: list[Houder] | None   # None: column absent (leave the aanhangsel as it is)
    voorschriften: list[VoorschriftRij] = field(default_factory=list)
    ruw: dict = field(default_factory=dict)


@dataclass
class Gelezen:
    encoding: str
    scheidingsteken: str
    kolommen: list[str]
    rijen: int = 0
    vergunningen: dict[str, VergunningRij] = field(default_factory=dict)
    fouten: list[Fout] = field(default_factory=list)


# --- header ---------------------------------------------------------------------------------------

def _kopnaam(naam: str | None) -> str:
    return "_".join((naam or "").strip().strip('"').strip().lower().split())


def _opsomming(namen: list[str], maximum: int = 10) -> str:
    meer = len(namen) - maximum
    return ", ".join(namen[:maximum]) + (f" en nog {getal(meer)}" if meer > 0 else "")


def _plekken(posities: list[int]) -> str:
    if len(posities) == 2:
        return f"kolom {posities[0]} en {posities[1]}"
    return f"{len(posities)} keer: kolom {', '.join(map(str, posities[:3]))}{', …' if len(posities) > 3 else ''}"


def controleer_kolommen(cellen: list[str]) -> list[str]:
    """The header's cells → column names. Linear in the number of columns (one pass, dicts and
    sets), and the message names at most ten columns per kind however wide the header.

    :raise ImportFout: unknown or missing columns, a column more than once; the message names
        the columns (a duplicate with its positions) and lists the expected ones.
    """
    kop = [_kopnaam(k) for k in cellen]
    posities: dict[str, list[int]] = {}
    for i, k in enumerate(kop, 1):
        posities.setdefault(k, []).append(i)
    bekend = set(NAMEN)
    onbekend = [k or "(leeg)" for k in kop if k not in bekend]
    ontbreekt = [k for k in VERPLICHT if k not in posities]
    dubbel = sorted((k, p) for k, p in posities.items() if k in bekend and len(p) > 1)
    verwacht = f"Verwachte kolommen (volgorde maakt niet uit): {', '.join(NAMEN)}."
    problemen = []
    if onbekend:
        problemen.append(("Onbekende kolom" if len(onbekend) == 1 else f"Onbekende kolommen ({getal(len(onbekend))})")
                         + f" in de kopregel: {_opsomming(onbekend)}.")
    if ontbreekt:
        problemen.append(("Deze verplichte kolom ontbreekt" if len(ontbreekt) == 1
                          else "Deze verplichte kolommen ontbreken") + f": {', '.join(ontbreekt)}.")
    if dubbel:
        problemen.append(("Deze kolom staat" if len(dubbel) == 1 else "Deze kolommen staan")
                         + " meer dan eens in de kopregel: "
                         + _opsomming([f"{k} ({_plekken(p)})" for k, p in dubbel]) + ".")
    if not problemen and "houder_kvk" not in posities and "houder_geslachtsnaam" not in posities:
        problemen.append("Er is geen kolom voor de vergunninghouder: houder_kvk en houder_naam (onderneming) of "
                         "houder_geslachtsnaam (persoon).")
    if problemen:
        raise ImportFout(" ".join(problemen) + f" {verwacht} Er is niets geïmporteerd.", problemen + [verwacht])
    return kop


def controleer_kopregel(raw: bytes, bestandsnaam: str = "") -> list[str] | None:
    """In the upload request: only a CSV's first line (or a workbook's structure), so the form
    answers at once without reading the file. The column names, or None for a workbook (the job
    checks its header and reports)."""
    kop = kop_bij_upload(raw, bestandsnaam)
    return None if kop is None else controleer_kolommen(kop[1])


# --- values ---------------------------------------------------------------------------------

class Ongeldig(ValueError):
    """One cell is wrong; the message is Dutch."""


def _schoon(value: str | None) -> str:
    return " ".join((value or "").split())


def datum(value: str) -> date | None:
    value = _schoon(value)
    if not value:
        return None
    m = _DATUM_NL.match(value)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _DATUM_ISO.match(value)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise Ongeldig(f"‘{value[:20]}’ bestaat niet als datum.") from None
    raise Ongeldig(f"‘{value[:20]}’ is geen datum: gebruik dd-mm-jjjj of jjjj-mm-dd.")


def aantal(value: str, maximum: int) -> int | None:
    value = _schoon(value)
    if not value:
        return None
    if not value.isdigit() or int(value) > maximum:
        raise Ongeldig(f"‘{value[:20]}’ is geen aantal tussen 0 en {maximum}.")
    return int(value)


@cache
def _waarden(enum) -> dict:
    """Value, label and value with spaces, lower case → member."""
    uit = {}
    for m in enum:
        for sleutel in (m.value, m.label.lower(), m.value.replace("_", " ")):
            uit.setdefault(sleutel, m)
    return uit


def _keuze(enum, value: str, wat: str):
    value = _schoon(value)
    if not value:
        return None
    m = _waarden(enum).get(value.lower())
    if m is not None:
        return m
    opties = ", ".join(m.value for m in enum)
    raise Ongeldig(f"‘{value[:60]}’ is geen bekende {wat}. Kies uit: {opties}.")


def tekst(value: str, maximum: int, wat: str) -> str:
    value = (value or "").strip()
    if len(value) > maximum:
        raise Ongeldig(f"{wat} is langer dan {maximum} tekens.")
    return value


def persoonsnaam(naam: str) -> Houder:
    """``'Jan de Vries'`` or ``'Vries, Jan de'`` → voornamen, voorvoegsel, achternaam."""
    naam = _schoon(naam)
    if "," in naam:
        achter, _, voor = naam.partition(",")
        woorden = voor.split()
        vv = ""
        for v in VOORVOEGSELS:
            if " ".join(woorden).lower().endswith(" " + v) or " ".join(woorden).lower() == v:
                vv, woorden = v, woorden[:len(woorden) - len(v.split())]
                break
        return Houder(voornamen=" ".join(woorden), voorvoegsel=vv, geslachtsnaam=achter.strip())
    woorden = naam.split()
    for i in range(1, len(woorden)):
        vv, achternaam = splits_achternaam(" ".join(woorden[i:]))
        if vv:
            return Houder(voornamen=" ".join(woorden[:i]), voorvoegsel=vv, geslachtsnaam=achternaam)
    return Houder(voornamen=" ".join(woorden[:-1]), geslachtsnaam=woorden[-1] if woorden else "")


# --- rows -----------------------------------------------------------------------------------

def _houder(rij: dict, fouten: list[Fout], regel: int) -> Houder | None:
    kvk_ruw = _schoon(rij.get("houder_kvk"))
    if kvk_ruw:
        try:
            kvk = normaliseer_kvk(kvk_ruw)
        except OngeldigeInvoer as e:
            fouten.append(Fout(regel, "houder_kvk", e.message))
            return None
        naam = _schoon(rij.get("houder_naam"))
        if not naam:
            fouten.append(Fout(regel, "houder_naam", "Vul de naam van de onderneming in (bij een KvK-nummer)."))
            return None
        if len(naam) > 200:
            fouten.append(Fout(regel, "houder_naam", "De naam is langer dan 200 tekens."))
            return None
        return Houder(kvk=kvk, naam=naam)
    achternaam = _schoon(rij.get("houder_geslachtsnaam"))
    if not achternaam:
        fouten.append(Fout(regel, "houder_kvk", "Vul houder_kvk en houder_naam in (onderneming) of "
                                                "houder_geslachtsnaam (persoon)."))
        return None
    voorvoegsel = _schoon(rij.get("houder_voorvoegsel")).lower()
    if not voorvoegsel:
        voorvoegsel, achternaam = splits_achternaam(achternaam)
    h = Houder(voornamen=_schoon(rij.get("houder_voornamen")), voorvoegsel=voorvoegsel, geslachtsnaam=achternaam)
    if len(h.voornamen) > 200 or len(h.geslachtsnaam) > 200 or len(h.voorvoegsel) > 20:
        fouten.append(Fout(regel, "houder_geslachtsnaam", "Naam te lang (voornamen en achternaam maximaal 200, "
                                                          "voorvoegsel 20 tekens)."))
        return None
    try:
        h.geboortedatum = datum(rij.get("houder_geboortedatum"))
    except Ongeldig as e:
        fouten.append(Fout(regel, "houder_geboortedatum", str(e)))
        return None
    if h.geboortedatum and not date(1900, 1, 1) <= h.geboortedatum <= date.today():
        fouten.append(Fout(regel, "houder_geboortedatum", "De geboortedatum ligt in de toekomst of vóór 1900."))
        return None
    return h


def _adres(rij: dict, fouten: list[Fout], regel: int) -> tuple | None:
    """(postcode, huisnummer, huisletter, toevoeging) as the file says it; matched to the BAG by
    ``importeren_adres`` (which also takes '12' + toevoeging 'A' for huisletter A)."""
    postcode = _schoon(rij.get("postcode")).replace(" ", "").upper()
    nummer = _schoon(rij.get("huisnummer"))
    if not postcode and not nummer:
        return None
    if not postcode or not POSTCODE_RE.match(postcode):
        fouten.append(Fout(regel, "postcode", f"‘{postcode[:10]}’ is geen postcode (1234AB)." if postcode
                           else "Vul bij een huisnummer ook de postcode in."))
        return None
    if not nummer:
        fouten.append(Fout(regel, "huisnummer", "Vul bij een postcode ook het huisnummer in."))
        return None
    try:
        huisnummer, letter, toevoeging = splits_huisnummer(nummer)
    except OngeldigHuisnummer as e:
        fouten.append(Fout(regel, "huisnummer", str(e)))
        return None
    letter_kolom = _schoon(rij.get("huisletter")).upper() or None
    toevoeging_kolom = _schoon(rij.get("toevoeging")).upper().lstrip("-").strip() or None
    if (letter or toevoeging) and (letter_kolom or toevoeging_kolom):
        fouten.append(Fout(regel, "huisnummer", f"Het huisnummer ‘{nummer[:10]}’ heeft al een huisletter of "
                                                "toevoeging: laat de kolommen huisletter en toevoeging dan leeg."))
        return None
    return (postcode, huisnummer, letter or letter_kolom, toevoeging or toevoeging_kolom)


_DATUMS = ("aanvraagdatum", "besluitdatum", "ingangsdatum", "vervaldatum", "bibob_getoetst_op")


def _velden(rij: dict, kop: set[str], fouten: list[Fout], regel: int) -> dict:
    velden: dict = {}
    parsers = {
        "soort": lambda v: _keuze(VergunningSoort, v, "soort vergunning"),
        "status": lambda v: _keuze(VergunningStatus, v, "status"),
        "inrichting_naam": lambda v: _schoon(tekst(v, 200, "De naam van de inrichting")),
        "werkruimten": lambda v: aantal(v, 10000),
        "max_personen": lambda v: aantal(v, 100000),
        "openingstijden": lambda v: tekst(v, 1000, "De openingstijden"),
        **{d: datum for d in _DATUMS},
    }
    for kolom, parse in parsers.items():
        if kolom not in kop:
            continue
        try:
            velden[kolom] = parse(rij.get(kolom))
        except Ongeldig as e:
            fouten.append(Fout(regel, kolom, str(e)))
    for kolom in ("soort", "status"):
        if kolom in velden and velden[kolom] is None:
            fouten.append(Fout(regel, kolom, f"Vul de {kolom} van de vergunning in."))
    d = {k: velden.get(k) for k in _DATUMS}
    if d["ingangsdatum"] and d["vervaldatum"] and d["vervaldatum"] < d["ingangsdatum"]:
        fouten.append(Fout(regel, "vervaldatum", "De vervaldatum ligt vóór de ingangsdatum."))
    if d["aanvraagdatum"] and d["besluitdatum"] and d["besluitdatum"] < d["aanvraagdatum"]:
        fouten.append(Fout(regel, "besluitdatum", "De besluitdatum ligt vóór de aanvraagdatum."))
    for k in _DATUMS:
        if d[k] and not date(1950, 1, 1) <= d[k] <= date(2100, 12, 31):
            fouten.append(Fout(regel, k, f"De datum {d[k].strftime('%d-%m-%Y')} is niet aannemelijk."))
    if d["aanvraagdatum"] and d["aanvraagdatum"] > date.today():
        fouten.append(Fout(regel, "aanvraagdatum", "De aanvraagdatum ligt in de toekomst."))
    if velden.get("status") == VergunningStatus.VERLEEND and "ingangsdatum" in kop and not d["ingangsdatum"]:
        fouten.append(Fout(regel, "ingangsdatum", "Vul bij een verleende vergunning de ingangsdatum in."))
    return velden


def _beheerders(rij: dict, fouten: list[Fout], regel: int) -> list[Houder]:
    uit: list[Houder] = []
    for naam in (rij.get("beheerders") or "").split("|"):
        if not _schoon(naam):
            continue
        h = persoonsnaam(naam)
        if not h.geslachtsnaam or len(h.geslachtsnaam) > 200 or len(h.voornamen) > 200:
            fouten.append(Fout(regel, "beheerders", f"‘{_schoon(naam)[:60]}’ is geen naam van een persoon."))
            continue
        if h.sleutel not in {b.sleutel for b in uit}:
            uit.append(h)
    return uit


def _voorschrift(rij: dict, fouten: list[Fout], regel: int) -> VoorschriftRij | None:
    tekst_ = (rij.get("voorschrift_tekst") or "").strip()
    nummer = _schoon(rij.get("voorschrift_nummer"))
    if not tekst_:
        if nummer:
            fouten.append(Fout(regel, "voorschrift_tekst", f"Voorschrift {nummer[:10]} heeft geen tekst."))
        return None
    try:
        if len(tekst_) > MAX_TEKST:
            raise Ongeldig(f"Een voorschrift is maximaal {MAX_TEKST} tekens.")
        categorie = _keuze(VoorschriftCategorie, rij.get("voorschrift_categorie"), "categorie")
    except Ongeldig as e:
        fouten.append(Fout(regel, "voorschrift_categorie" if "categorie" in str(e) else "voorschrift_tekst", str(e)))
        return None
    artikel = _schoon(rij.get("voorschrift_artikel"))
    if len(nummer) > 10 or len(artikel) > 120:
        fouten.append(Fout(regel, "voorschrift_nummer" if len(nummer) > 10 else "voorschrift_artikel",
                           "Nummer maximaal 10 en bronartikel maximaal 120 tekens."))
        return None
    return VoorschriftRij(regel, nummer, tekst_, categorie or VoorschriftCategorie.OVERIG, artikel)


def lees(raw: bytes, bestandsnaam: str = "") -> Gelezen:
    """Parse and check the whole file (CSV or workbook). Row errors are collected (up to
    MAX_FOUTEN); a file that cannot be read at all raises ImportFout."""
    tabel = open_tabel(raw, bestandsnaam)
    kop = controleer_kolommen(tabel.kop)
    uit = Gelezen(encoding=tabel.encoding, scheidingsteken=tabel.scheidingsteken, kolommen=kop)
    kopset = set(kop)
    for regel, cellen in tabel.rijen:
        if not any(c.strip() for c in cellen):
            continue
        uit.rijen += 1
        if len(cellen) > len(kop) and any(c.strip() for c in cellen[len(kop):]):
            uit.fouten.append(Fout(regel, "", _te_veel(len(cellen), len(kop), tabel.scheidingsteken)))
            continue
        _rij(uit, dict(zip(kop, cellen)), kopset, regel)
        if len(uit.fouten) >= MAX_FOUTEN:
            break
    if not uit.rijen:
        raise ImportFout("Het bestand bevat alleen een kopregel: er zijn geen vergunningen om te importeren.")
    return uit


def _te_veel(velden: int, kolommen: int, scheiding: str) -> str:
    if not scheiding:  # a workbook
        return "Deze rij heeft een waarde rechts van de laatste kolom van de kopregel."
    return (f"Deze regel heeft {velden} velden; de kopregel heeft er {kolommen}. Staat er een {scheiding} in een "
            "waarde zonder aanhalingstekens?")


def _rij(uit: Gelezen, rij: dict, kop: set[str], regel: int) -> None:
    zaaknummer = _schoon(rij.get("zaaknummer"))
    if not zaaknummer:
        uit.fouten.append(Fout(regel, "zaaknummer", "Vul het zaaknummer in."))
        return
    if len(zaaknummer) > 40:
        uit.fouten.append(Fout(regel, "zaaknummer", "Het zaaknummer is langer dan 40 tekens."))
        return
    eerder = uit.vergunningen.get(zaaknummer)
    fouten: list[Fout] = []
    if eerder is None:
        v = VergunningRij(regel=regel, zaaknummer=zaaknummer, velden=_velden(rij, kop, fouten, regel),
                          houder=_houder(rij, fouten, regel), adres=_adres(rij, fouten, regel),
                          beheerders=_beheerders(rij, fouten, regel) if "beheerders" in kop else None,
                          ruw={k: _schoon(rij.get(k)) for k in VERGUNNING_KOLOMMEN if k in kop})
        uit.vergunningen[zaaknummer] = v
    else:
        # A next row of the same permit: its permit columns are empty or the same as the first row's.
        v = eerder
        for k in VERGUNNING_KOLOMMEN:
            waarde = _schoon(rij.get(k))
            if k in kop and waarde and waarde != v.ruw.get(k):
                fouten.append(Fout(regel, k, f"Wijkt af van regel {v.regel} van zaak {zaaknummer} "
                                             f"(‘{waarde[:40]}’ tegenover ‘{v.ruw.get(k, '')[:40]}’). Laat de "
                                             "vergunningkolommen leeg of gelijk op volgende rijen."))
                break
    vs = _voorschrift(rij, fouten, regel)
    if vs is not None:
        if not vs.nummer:
            vs.nummer = str(len(v.voorschriften) + 1)
        if any(x.nummer == vs.nummer for x in v.voorschriften):
            fouten.append(Fout(regel, "voorschrift_nummer", f"Voorschrift {vs.nummer} staat al bij zaak "
                                                            f"{zaaknummer} (regel "
                                                            f"{next(x.regel for x in v.voorschriften if x.nummer == vs.nummer)})."))
        else:
            v.voorschriften.append(vs)
    uit.fouten.extend(fouten)
