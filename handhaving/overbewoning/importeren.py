"""Importing BRP occupancy counts (documented in ``docs/brp-import.md``).

The file holds counts only, per nummeraanduiding or verblijfsobject and peildatum. A file
that looks like it holds names, BSNs or nationality is refused as a whole before anything
is read (domain brief §7, §8). Every other problem is a rejected row with its line number;
one rejected row and nothing is applied (all or nothing). Rows for the addresses of one
verblijfsobject (hoofd- and nevenadressen) are added up: a count belongs to the object, once.
History is kept per peildatum; re-importing a file changes nothing; ``actueel`` marks each
object's newest count. The service only flushes: the caller's transaction commits.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, aliased

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.errors import OngeldigeInvoer
from handhaving.locaties.models import Adres, Verblijfsobject
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.models import BrpImport, Bewoning

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
_CHUNK = 500
_SCHRIJF_STUK = 10_000   # rows per INSERT/UPDATE batch while writing (a progress report after each)
_MELD_ELKE = 10_000      # rows read between two progress reports
_HELE_GEMEENTE = 2_000
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
            "peildata", "aantallen", "fouten", "fouten_totaal", "uitgevoerd", "import_id", "duur_s")}

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
    dubbel = sorted({k for k in kolommen if kolommen.count(k) > 1})
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


def _open(tekst: str, peildatum: date | None):
    """(reader after the header, column names, separator); the header checked.

    :raise ImportFout: personal data or an unknown column in the header, no peildatum."""
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    try:
        kop = next(reader)
    except StopIteration:
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
    for cellen in reader:
        for i, k in toetsen:
            if i < len(cellen) and is_bsn(cellen[i].strip()):
                raise _bsn_fout(k, reader.line_num)


def _lees_rijen(tekst: str, rapport: Rapport, peildatum: date | None, voortgang: Voortgang = _stil) -> list[_Rij]:
    reader, kolommen, rapport.scheidingsteken = _open(tekst, peildatum)
    index = {k: i for i, k in enumerate(kolommen)}
    niet_id = [k for k in kolommen if k not in ID_KOLOMMEN]
    # Lines after the header (a quoted value over several lines makes this an estimate).
    totaal = max(tekst.count("\n") + (0 if tekst.endswith("\n") else 1) - 1, 0)
    voortgang("lezen", 0, totaal)
    rijen: list[_Rij] = []
    for cellen in reader:
        regel = reader.line_num
        if regel % _MELD_ELKE == 0:
            voortgang("lezen", min(regel - 1, totaal), totaal)
        if not any(c.strip() for c in cellen):
            continue
        rapport.rijen += 1
        waarden = {k: (cellen[i].strip() if i < len(cellen) else "") for k, i in index.items()}
        # Personal data in a value: refuse the whole file, before anything else is reported.
        for k in niet_id:
            if is_bsn(waarden[k]):
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
        if goed:
            rijen.append(_Rij(regel, sleutel, pd, tellingen))
    return rijen


# --- against the database ---------------------------------------------------------------------------

def _in_stukken(waarden):
    waarden = list(waarden)
    for i in range(0, len(waarden), _CHUNK):
        yield waarden[i:i + _CHUNK]


def _objecten(session: Session, gemeente_id: int, rijen: list[_Rij]) -> dict[tuple[str, str], int]:
    """(column, id) → verblijfsobject id, for ids of this gemeente's BAG only."""
    uit: dict[tuple[str, str], int] = {}
    nums = {r.sleutel[1] for r in rijen if r.sleutel[0] == "nummeraanduiding_id"}
    vbos = {r.sleutel[1] for r in rijen if r.sleutel[0] == "verblijfsobject_id"}
    for kolom, ids, sleutel, waarde, tenant in (
            ("nummeraanduiding_id", nums, Adres.nummeraanduiding_id, Adres.verblijfsobject_id, Adres.gemeente_id),
            ("verblijfsobject_id", vbos, Verblijfsobject.bag_id, Verblijfsobject.id, Verblijfsobject.gemeente_id)):
        if len(ids) > _HELE_GEMEENTE:
            # A large file: one pass over the gemeente's BAG beats many IN lists.
            for bid, vid in session.execute(select(sleutel, waarde).where(tenant == gemeente_id)):
                if bid in ids:
                    uit[(kolom, bid)] = vid
            continue
        for stuk in _in_stukken(ids):
            for bid, vid in session.execute(select(sleutel, waarde).where(tenant == gemeente_id, sleutel.in_(stuk))):
                uit[(kolom, bid)] = vid
    return uit


def _optellen(a: int | None, b: int | None) -> int | None:
    """An optional count of an object is known only if every one of its rows has it."""
    return None if a is None or b is None else a + b


def importeer(session: Session, gemeente_id: int, raw: bytes, *, proef: bool, user=None, bestandsnaam: str = "",
              peildatum: date | None = None, voortgang: Voortgang | None = None) -> Rapport:
    """Check the file against this gemeente's BAG and (unless ``proef``, and only without errors)
    write the counts. Flush only. The returned report holds counts and line numbers, no content.
    ``voortgang(stap, gedaan, totaal)`` is told how far it is (the background job's progress).

    :raise ImportFout: the file as a whole is refused (personal data, header, encoding)."""
    start = time.perf_counter()
    voortgang = voortgang or _stil
    rapport = Rapport(proef=proef, bestandsnaam=(bestandsnaam or "")[:200], sha256=hashlib.sha256(raw).hexdigest())
    if session.get(Gemeente, gemeente_id) is None:
        raise ImportFout("Onbekende gemeente.")
    tekst, rapport.encoding = decodeer(raw)
    rijen = _lees_rijen(tekst, rapport, peildatum, voortgang)
    voortgang("zoeken", 0, 0)
    objecten = _objecten(session, gemeente_id, rijen)

    # Add the rows of one object and peildatum up (hoofd- and nevenadressen count once per object).
    per_object: dict[tuple[int, date], dict] = {}
    gezien: dict[tuple, int] = {}
    for r in rijen:
        vid = objecten.get(r.sleutel)
        if vid is None:
            soort = "adres" if r.sleutel[0] == "nummeraanduiding_id" else "verblijfsobject"
            _fout(rapport, r.regel, r.sleutel[0], f"Het {soort} {r.sleutel[1]} staat niet in de BAG van deze gemeente.")
            continue
        dubbel = gezien.get((r.sleutel, r.peildatum))
        if dubbel:
            _fout(rapport, r.regel, r.sleutel[0], f"Dezelfde id en peildatum staan ook op regel {dubbel}.")
            continue
        gezien[(r.sleutel, r.peildatum)] = r.regel
        huidig = per_object.get((vid, r.peildatum))
        if huidig is None:
            per_object[(vid, r.peildatum)] = dict(r.tellingen)
        else:
            rapport.samengeteld += 1
            huidig["personen"] += r.tellingen["personen"]
            for k in OPTIONEEL:
                huidig[k] = _optellen(huidig[k], r.tellingen[k])
    rapport.objecten = len({vid for vid, _ in per_object})
    rapport.peildata = sorted({pd.isoformat() for _, pd in per_object})
    if rapport.rijen == 0 and not rapport.fouten_totaal:
        _fout(rapport, 1, "", "Het bestand bevat geen rijen met tellingen.")

    # Compare with what is stored for the same objects and peildata.
    voortgang("vergelijken", 0, 0)
    bestaand: dict[tuple[int, date], tuple] = {}
    peildata = sorted({pd for _, pd in per_object})
    for stuk in _in_stukken({vid for vid, _ in per_object}):
        for row in session.execute(select(Bewoning.id, Bewoning.verblijfsobject_id, Bewoning.peildatum,
                                          *(getattr(Bewoning, k) for k in TELLINGEN))
                                   .where(Bewoning.verblijfsobject_id.in_(stuk), Bewoning.peildatum.in_(peildata))):
            bestaand[(row[1], row[2])] = (row[0], tuple(row[3:]))
    nieuw, gewijzigd = [], []
    for (vid, pd), t in per_object.items():
        waarden = tuple(t[k] for k in TELLINGEN)
        oud = bestaand.get((vid, pd))
        if oud is None:
            nieuw.append((vid, pd, t))
        elif oud[1] != waarden:
            gewijzigd.append((oud[0], t))
        else:
            rapport.aantallen["ongewijzigd"] += 1
    rapport.aantallen["nieuw"], rapport.aantallen["gewijzigd"] = len(nieuw), len(gewijzigd)

    if not proef and not rapport.fouten_totaal:
        bron = BrpImport(gemeente_id=gemeente_id, bestandsnaam=rapport.bestandsnaam, sha256=rapport.sha256,
                         peildatum=max(peildata) if peildata else date.today(), regels=rapport.rijen,
                         ingelezen_door_id=getattr(user, "id", None))
        session.add(bron)
        session.flush()
        te_schrijven, geschreven = len(nieuw) + len(gewijzigd), 0
        voortgang("schrijven", 0, te_schrijven)
        for i in range(0, len(nieuw), _SCHRIJF_STUK):
            session.execute(insert(Bewoning), [
                {"gemeente_id": gemeente_id, "verblijfsobject_id": vid, "peildatum": pd, "actueel": False,
                 "import_id": bron.id, **t} for vid, pd, t in nieuw[i:i + _SCHRIJF_STUK]])
            geschreven += len(nieuw[i:i + _SCHRIJF_STUK])
            voortgang("schrijven", geschreven, te_schrijven)
        for i in range(0, len(gewijzigd), _SCHRIJF_STUK):
            session.execute(update(Bewoning), [{"id": bid, "import_id": bron.id, **t}
                                               for bid, t in gewijzigd[i:i + _SCHRIJF_STUK]])
            geschreven += len(gewijzigd[i:i + _SCHRIJF_STUK])
            voortgang("schrijven", geschreven, te_schrijven)
        herbereken_actueel(session, {vid for vid, _, _ in nieuw}, gemeente_id=gemeente_id)
        voortgang("schrijven", te_schrijven, te_schrijven)
        rapport.uitgevoerd = True
        rapport.import_id = bron.id
        rapport.duur_s = round(time.perf_counter() - start, 3)
        bron.rapport = {k: v for k, v in rapport.als_dict().items() if k != "fouten"}
        audit.record(session, OverbewoningActie.BRP_IMPORT, audit.SUCCES, object_type="brp_import",
                     object_id=bron.id, gemeente_id=gemeente_id,
                     **({"actor_id": user.id, "actor": user.gebruikersnaam} if user is not None else {}),
                     details={"sha256": rapport.sha256, "rijen": rapport.rijen, "objecten": rapport.objecten,
                              "peildata": rapport.peildata, "samengeteld": rapport.samengeteld, **rapport.aantallen})
        session.flush()
    rapport.duur_s = round(time.perf_counter() - start, 3)
    return rapport


def herbereken_actueel(session: Session, vbo_ids, gemeente_id: int | None = None) -> None:
    """Mark each object's newest count ``actueel`` (and only that one)."""
    nieuwste = aliased(Bewoning)
    if gemeente_id is not None and len(vbo_ids) > _HELE_GEMEENTE:
        # Many objects: one UPDATE … FROM over the gemeente, writing only rows that change.
        hoogste = (select(nieuwste.verblijfsobject_id.label("vid"), func.max(nieuwste.peildatum).label("max"))
                   .where(nieuwste.gemeente_id == gemeente_id).group_by(nieuwste.verblijfsobject_id).subquery())
        nu = Bewoning.peildatum == hoogste.c.max
        session.execute(update(Bewoning).where(Bewoning.gemeente_id == gemeente_id,
                                               Bewoning.verblijfsobject_id == hoogste.c.vid,
                                               Bewoning.actueel.is_distinct_from(nu))
                        .values(actueel=nu).execution_options(synchronize_session=False))
        session.flush()
        return
    for stuk in _in_stukken(sorted(vbo_ids)):
        hoogste = (select(func.max(nieuwste.peildatum)).where(nieuwste.verblijfsobject_id == Bewoning.verblijfsobject_id)
                   .scalar_subquery())
        session.execute(update(Bewoning).where(Bewoning.verblijfsobject_id.in_(stuk))
                        .values(actueel=(Bewoning.peildatum == hoogste))
                        .execution_options(synchronize_session=False))
    session.flush()


def laatste_imports(session: Session, gemeente_ids: list[int], limit: int = 10) -> list[BrpImport]:
    return session.execute(select(BrpImport).where(BrpImport.gemeente_id.in_(gemeente_ids))
                           .order_by(BrpImport.ingelezen_op.desc(), BrpImport.id.desc()).limit(limit)).scalars().all()


__all__ = ["KOLOMMEN", "ImportFout", "Rapport", "Voortgang", "controleer_bestand", "importeer", "herbereken_actueel",
           "is_bsn", "laatste_imports"]
