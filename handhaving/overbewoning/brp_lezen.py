"""Reading a BRP occupancy file: encoding, header, rows; what refuses it as a whole.

Nothing here touches the database (``importeren`` checks the rows against the BAG and
writes). The header is checked in linear time and its size is capped before the CSV reader
sees it, and a field over the CSV reader's limit (128 KiB) is a Dutch refusal with its
line number: both used to run a request past its timeout or into a 500.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from handhaving.errors import OngeldigeInvoer

# (column, required, what it holds): the documentation and the upload page show this table.
KOLOMMEN: list[tuple[str, bool, str]] = [
    ("nummeraanduiding_id", False, "BAG-id van het adres (16 cijfers; ‘20’ op plaats 5–6). Deze of "
                                   "verblijfsobject_id is verplicht."),
    ("verblijfsobject_id", False, "BAG-id van het verblijfsobject, de ligplaats of de standplaats (16 cijfers)"),
    ("peildatum", False, "datum van de telling (jjjj-mm-dd of dd-mm-jjjj); zonder deze kolom geldt de "
                         "peildatum die u bij de import opgeeft"),
    ("personen", True, "aantal ingeschreven personen"),
    ("volwassenen", False, "aantal ingeschreven personen van 18 jaar of ouder"),
    ("huishoudens", False, "aantal huishoudens"),
    ("achternamen", False, "aantal verschillende achternamen (alleen het aantal)"),
    ("inschrijvingen_12m", False, "aantal inschrijvingen op het adres in de laatste 12 maanden"),
    ("oppervlakte", False, "gebruiksoppervlakte in m², alleen voor een standplaats of ligplaats: de BAG geeft die "
                           "geen oppervlakte (voor een verblijfsobject geldt die uit de BAG)"),
]
NAMEN = [k for k, _, _ in KOLOMMEN]
ID_KOLOMMEN = ("nummeraanduiding_id", "verblijfsobject_id")
TELLINGEN = ("personen", "volwassenen", "huishoudens", "achternamen", "inschrijvingen_12m")
OPTIONEEL = TELLINGEN[1:]

# A column whose name contains one of these is personal data: the whole file is refused.
# (Checked after the allowed names, so ``achternamen`` — a count — passes.)
VERBODEN = ("naam", "namen", "bsn", "burgerservice", "sofi", "nationalit", "geboorte", "herkomst", "afkomst",
            "etniciteit", "geslacht", "voorletter", "voorvoegsel", "anummer", "a_nummer", "a-nummer",
            "land", "telefoon", "email", "e-mail", "identiteit", "paspoort", "persoon_id", "persoonsnummer")
# Address parts are not personal data (refused as unknown columns, with that message).
ADRES_WOORDEN = ("straat", "openbare", "woonplaats", "gemeente", "postcode", "huisnummer")
MAX_FOUTEN = 500
MAX_WAARDE = 100_000
MAX_OPPERVLAKTE = 10_000  # m²: far above any woonwagen or woonboot
# The header holds at most the 9 known names: 1 000 characters is room for quotes and spaces,
# and refuses a file that is no BRP count before the CSV reader splits a huge line.
MAX_KOP_TEKENS = 1_000
VELD_LIMIET = csv.field_size_limit()  # 128 KiB; the reader raises beyond it
_MELD_ELKE = 10_000      # rows read between two progress reports
_NEGEN = re.compile(r"^\d{9}$")
_DATUM_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATUM_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class ImportFout(OngeldigeInvoer):
    """The file as a whole is refused (encoding, header, personal data): nothing is read or written."""


# A progress callback: (step, done, total). Steps: lezen · zoeken · vergelijken · schrijven; a total
# of 0 means "not known". Optional: the CLI and the benchmark run without one.
Voortgang = Callable[[str, int, int], None]


def _stil(stap: str, gedaan: int, totaal: int) -> None:
    return None


@dataclass
class Rapport:
    """What an import did or would do. Counts and line numbers only, never the file's content."""
    proef: bool
    bestandsnaam: str = ""
    sha256: str = ""
    encoding: str = ""
    scheidingsteken: str = ""
    rijen: int = 0
    objecten: int = 0
    samengeteld: int = 0           # rows added onto an object that already had a row (nevenadressen)
    # A full file replaces: objects with a count that are not in it get 0 persons at its peildatum.
    volledig: bool = False
    vervallen: int = 0
    peildata: list[str] = field(default_factory=list)
    aantallen: dict = field(default_factory=lambda: {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 0})
    fouten: list[dict] = field(default_factory=list)
    fouten_totaal: int = 0
    uitgevoerd: bool = False
    import_id: int | None = None
    duur_s: float = 0.0

    @property
    def per_seconde(self) -> float:
        return self.rijen / self.duur_s if self.duur_s else 0.0

    def als_dict(self) -> dict:
        return {k: getattr(self, k) for k in (
            "proef", "bestandsnaam", "sha256", "encoding", "scheidingsteken", "rijen", "objecten", "samengeteld",
            "volledig", "vervallen", "peildata", "aantallen", "fouten", "fouten_totaal", "uitgevoerd", "import_id", "duur_s")}

    @classmethod
    def uit_dict(cls, data: dict) -> "Rapport":
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def samenvatting(self) -> str:
        a = self.aantallen
        kop = "Proefimport" if self.proef else ("Import uitgevoerd" if self.uitgevoerd else "Import niet uitgevoerd")
        regels = [f"{kop}: {self.rijen} rijen, {self.objecten} verblijfsobjecten "
                  f"(peildatum {', '.join(self.peildata) or '–'}).",
                  f"Nieuw {a['nieuw']}, gewijzigd {a['gewijzigd']}, ongewijzigd {a['ongewijzigd']}; "
                  f"{self.samengeteld} rijen opgeteld bij een ander adres van hetzelfde object.",
                  *([f"Volledig bestand: {self.vervallen} verblijfsobject(en) met ingeschreven personen staan er "
                     "niet in; hun telling wordt 0 op de peildatum van dit bestand."] if self.volledig else
                    ["Aanvulling: objecten die niet in het bestand staan, houden hun telling."]),
                  f"Duur {self.duur_s:.1f} s ({self.per_seconde:.0f} rijen/s)."]
        if self.fouten_totaal:
            regels.append(f"{self.fouten_totaal} fout(en); er is niets toegepast:")
            regels += [f"  regel {f['regel']}, {f['kolom'] or '–'}: {f['melding']}" for f in self.fouten]
        return "\n".join(regels)


def _fout(rapport: Rapport, regel: int, kolom: str, melding: str) -> None:
    rapport.fouten_totaal += 1
    if len(rapport.fouten) < MAX_FOUTEN:
        rapport.fouten.append({"regel": regel, "kolom": kolom, "melding": melding})


# --- reading ----------------------------------------------------------------------------------------

def decodeer(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (a BOM is dropped), else Windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            raise ImportFout("Het bestand is geen tekst in UTF-8 of Windows-1252. Sla het op als CSV (UTF-8).")


def is_bsn(waarde: str) -> bool:
    """Nine digits passing the elfproef (also RSIN): never expected in a count column."""
    if not _NEGEN.match(waarde) or waarde == "000000000":
        return False
    cijfers = [int(c) for c in waarde]
    som = sum(c * w for c, w in zip(cijfers[:8], range(9, 1, -1))) - cijfers[8]
    return som % 11 == 0


def _kolomnaam(k: str) -> str:
    return (k or "").strip().strip('"').strip().lower().replace(" ", "_")


def _controleer_kopregel(kop: list[str]) -> list[str]:
    """Linear in the number of columns (a repeated name is found with a Counter)."""
    if len(kop) > 2 * len(NAMEN):
        raise ImportFout(f"De kopregel heeft {len(kop)} kolommen; een BRP-telling heeft er hoogstens {len(NAMEN)} "
                         f"({', '.join(NAMEN)}). Is dit het goede bestand? Er is niets geïmporteerd.")
    kolommen = [_kolomnaam(k) for k in kop]
    for ruw, k in zip(kop, kolommen):
        if k in NAMEN or any(a in k for a in ADRES_WOORDEN):
            continue
        if any(v in k for v in VERBODEN):
            raise ImportFout(f"De kolom ‘{ruw.strip()[:60]}’ lijkt persoonsgegevens te bevatten (namen, BSN, "
                             "geboortegegevens of nationaliteit). Een BRP-telling bevat alleen aantallen. Het hele "
                             "bestand is geweigerd en er is niets opgeslagen; verwijder de kolom en laad het "
                             "bestand opnieuw.")
    onbekend = [ruw.strip()[:60] for ruw, k in zip(kop, kolommen) if k not in NAMEN]
    if onbekend:
        raise ImportFout(f"Onbekende kolom ‘{onbekend[0]}’. Toegestaan zijn alleen: {', '.join(NAMEN)}. Er is "
                         "niets geïmporteerd.")
    dubbel = sorted(k for k, n in Counter(kolommen).items() if n > 1)
    if dubbel:
        raise ImportFout(f"De kolom ‘{dubbel[0]}’ staat twee keer in de kopregel. Er is niets geïmporteerd.")
    if not any(k in kolommen for k in ID_KOLOMMEN):
        raise ImportFout("De kolom nummeraanduiding_id of verblijfsobject_id ontbreekt. Er is niets geïmporteerd.")
    if "personen" not in kolommen:
        raise ImportFout("De kolom personen ontbreekt. Er is niets geïmporteerd.")
    return kolommen


def lees_datum(waarde: str) -> date | None:
    waarde = waarde.strip()
    for patroon, volgorde in ((_DATUM_ISO, (1, 2, 3)), (_DATUM_NL, (3, 2, 1))):
        m = patroon.match(waarde)
        if m:
            try:
                return date(*(int(m.group(i)) for i in volgorde))
            except ValueError:
                return None
    return None


def bag_id(waarde: str) -> str | None:
    """16 digits, leading zeros kept; an integer export that dropped them is padded back."""
    waarde = waarde.strip().replace(" ", "")
    if waarde.endswith(".0"):  # a spreadsheet wrote the id as a number
        waarde = waarde[:-2]
    if not waarde.isdigit() or len(waarde) > 16 or not waarde.isascii():
        return None
    return waarde.zfill(16)


@dataclass
class _Rij:
    regel: int
    sleutel: tuple[str, str]          # (column, 16-digit id)
    peildatum: date
    tellingen: dict
    oppervlakte: int | None = None    # m², only for an object the BAG gives no area


def _regels(reader) -> Iterator[list[str]]:
    """The reader's rows; a CSV error (a field over the limit, a NUL byte) refuses the file in Dutch
    with its line number instead of escaping as a 500.

    :raise ImportFout: a line the CSV reader cannot read."""
    while True:
        try:
            cellen = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            regel = reader.line_num
            if "field larger than field limit" in str(e):
                raise ImportFout(f"Op regel {regel} is een waarde langer dan {VELD_LIMIET // 1024} KiB. Een "
                                 "BRP-telling bevat alleen id's, datums en aantallen; is dit het goede bestand (of "
                                 "staat er ergens een aanhalingsteken dat niet gesloten wordt)? Er is niets "
                                 "geïmporteerd.") from None
            raise ImportFout(f"Regel {regel} is geen geldige CSV-regel (bijvoorbeeld een NUL-teken of een "
                             "aanhalingsteken op de verkeerde plaats). Er is niets geïmporteerd.") from None
        yield cellen


def _open(tekst: str, peildatum: date | None):
    """(reader after the header, column names, separator); the header checked.

    :raise ImportFout: personal data or an unknown column in the header, no peildatum."""
    # Only the first line is looked at (no copy of the whole text), and only so far.
    einde = tekst.find("\n", 0, MAX_KOP_TEKENS + 2)
    eerste = tekst[:einde if einde >= 0 else MAX_KOP_TEKENS + 2].rstrip("\r")
    if len(eerste) > MAX_KOP_TEKENS:
        raise ImportFout(f"De kopregel is langer dan {MAX_KOP_TEKENS} tekens; een BRP-telling heeft hoogstens "
                         f"{len(NAMEN)} kolommen ({', '.join(NAMEN)}). Is dit het goede bestand? Er is niets "
                         "geïmporteerd.")
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    kop = next(_regels(reader), None)
    if kop is None:
        raise ImportFout("Het bestand is leeg.")
    kolommen = _controleer_kopregel(kop)
    if "peildatum" not in kolommen and peildatum is None:
        raise ImportFout("Het bestand heeft geen kolom peildatum: geef de peildatum van de telling op. Er is niets "
                         "geïmporteerd.")
    return reader, kolommen, scheiding


def _bsn_fout(kolom: str, regel: int) -> ImportFout:
    return ImportFout(f"De kolom ‘{kolom}’ bevat op regel {regel} een getal van negen cijfers dat de elfproef "
                      "doorstaat, zoals een burgerservicenummer. Een BRP-telling bevat alleen aantallen. Het "
                      "hele bestand is geweigerd en er is niets opgeslagen.")


def controleer_bestand(raw: bytes, peildatum: date | None = None) -> None:
    """What refuses the file as a whole, checked without the database: the encoding, the header
    (personal data, unknown columns, no peildatum) and a BSN-like number in any value. The web
    upload calls this at once, before the file is stored and the dry run is queued; ``importeer``
    checks the same again. About a second for 300 000 rows.

    :raise ImportFout: the file is refused (Dutch message naming the column)."""
    tekst, _ = decodeer(raw)
    reader, kolommen, _ = _open(tekst, peildatum)
    toetsen = [(i, k) for i, k in enumerate(kolommen) if k not in ID_KOLOMMEN]
    for cellen in _regels(reader):
        for i, k in toetsen:
            # Most cells are short counts: the length test skips them without the regular expression.
            if i < len(cellen) and len(cellen[i]) >= 9 and is_bsn(cellen[i].strip()):
                raise _bsn_fout(k, reader.line_num)


def _lees_rijen(tekst: str, rapport: Rapport, peildatum: date | None, voortgang: Voortgang = _stil) -> list[_Rij]:
    reader, kolommen, rapport.scheidingsteken = _open(tekst, peildatum)
    index = {k: i for i, k in enumerate(kolommen)}
    niet_id = [k for k in kolommen if k not in ID_KOLOMMEN]
    # Lines after the header (a quoted value over several lines makes this an estimate).
    totaal = max(tekst.count("\n") + (0 if tekst.endswith("\n") else 1) - 1, 0)
    voortgang("lezen", 0, totaal)
    rijen: list[_Rij] = []
    for cellen in _regels(reader):
        regel = reader.line_num
        if regel % _MELD_ELKE == 0:
            voortgang("lezen", min(regel - 1, totaal), totaal)
        if not any(c.strip() for c in cellen):
            continue
        rapport.rijen += 1
        waarden = {k: (cellen[i].strip() if i < len(cellen) else "") for k, i in index.items()}
        # Personal data in a value: refuse the whole file, before anything else is reported.
        for k in niet_id:
            if len(waarden[k]) == 9 and is_bsn(waarden[k]):
                raise _bsn_fout(k, regel)
        if len(cellen) > len(kolommen) and any(c.strip() for c in cellen[len(kolommen):]):
            _fout(rapport, regel, "", "Meer waarden dan kolommen in de kopregel.")
            continue
        sleutel = None
        for k in ("verblijfsobject_id", "nummeraanduiding_id"):
            if waarden.get(k):
                bid = bag_id(waarden[k])
                soort = bid[4:6] if bid else ""
                if bid is None or (k == "nummeraanduiding_id" and soort != "20") or \
                        (k == "verblijfsobject_id" and soort not in ("01", "02", "03")):
                    _fout(rapport, regel, k, f"‘{waarden[k][:20]}’ is geen geldig BAG-id voor deze kolom.")
                    sleutel = False
                    break
                sleutel = (k, bid)
                break
        if sleutel is False:
            continue
        if sleutel is None:
            _fout(rapport, regel, "nummeraanduiding_id", "Geen nummeraanduiding_id of verblijfsobject_id.")
            continue
        if "peildatum" in waarden and waarden["peildatum"]:
            pd = lees_datum(waarden["peildatum"])
            if pd is None:
                _fout(rapport, regel, "peildatum", f"‘{waarden['peildatum'][:20]}’ is geen datum (jjjj-mm-dd of "
                                                   "dd-mm-jjjj).")
                continue
        elif peildatum is not None:
            pd = peildatum
        else:
            _fout(rapport, regel, "peildatum", "Geen peildatum.")
            continue
        tellingen, goed = {}, True
        for k in TELLINGEN:
            w = waarden.get(k, "")
            if w == "":
                if k == "personen":
                    _fout(rapport, regel, k, "Het aantal personen ontbreekt.")
                    goed = False
                tellingen[k] = None
                continue
            try:
                n = int(w)
            except ValueError:
                _fout(rapport, regel, k, f"‘{w[:20]}’ is geen geheel getal.")
                goed = False
                continue
            if n < 0:
                _fout(rapport, regel, k, f"Een aantal kan niet negatief zijn ({n}).")
                goed = False
            elif n > MAX_WAARDE:
                _fout(rapport, regel, k, f"{n} is geen aannemelijk aantal.")
                goed = False
            tellingen[k] = n
        if not goed:
            continue
        p = tellingen["personen"]
        for k in ("volwassenen", "huishoudens", "achternamen"):
            if tellingen[k] is not None and tellingen[k] > p:
                _fout(rapport, regel, k, f"Meer {k} ({tellingen[k]}) dan personen ({p}).")
                goed = False
        if goed and p > 0 and tellingen["huishoudens"] == 0:
            _fout(rapport, regel, "huishoudens", "Er zijn personen ingeschreven maar nul huishoudens.")
            goed = False
        oppervlakte = None
        if goed and waarden.get("oppervlakte"):
            w = waarden["oppervlakte"]
            try:
                oppervlakte = int(w)
            except ValueError:
                _fout(rapport, regel, "oppervlakte", f"‘{w[:20]}’ is geen geheel aantal m².")
                goed = False
            else:
                if not 1 <= oppervlakte <= MAX_OPPERVLAKTE:
                    _fout(rapport, regel, "oppervlakte", f"Een oppervlakte ligt tussen 1 en {MAX_OPPERVLAKTE} m² "
                                                         f"({oppervlakte}).")
                    goed = False
        if goed:
            rijen.append(_Rij(regel, sleutel, pd, tellingen, oppervlakte))
    return rijen


