"""The rapport van bevindingen: asked for, made by the job, stored with its hashes, and
checked in the PDF itself (pdftotext, pdfinfo, pdffonts, pdfimages from poppler-utils)."""
from __future__ import annotations

import hashlib
import io
import random
import re
import subprocess
import uuid
from datetime import datetime

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.controles import rapport as rapporten
from handhaving.controles.acties import ControleActie
from handhaving.controles.models import (
    AFGEROND, NA_VASTSTELLING,
    Aanwijzing, AangetroffenPersoon, AangetroffenSekswerker, Addendum, Bevinding, BevindingCategorie,
    ChecklistAntwoord, ChecklistItem, ChecklistSectie, ChecklistSjabloon, Controle, ControleSoort, ControleStatus,
    Controletype, Ernst, Foto, ItemSoort, Ondertekening, Ondertekenwijze, Partner, PersoonRol, Rapport,
    RapportStatus, SjabloonStatus, Toegang, Waarneming,
)
from handhaving.errors import OngeldigeOvergang
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.security.rules import Rol
from handhaving.storage import OpslagFout, get_opslag
from tests.factories import add_adres, make_gemeente, make_user
from tests.jobs.conftest import drain, make_queue

CANARY = "CANARY-SW-7731"
SECTIES = ("Vergunning en exploitatie", "Beheer en aanwezigheid", "Signalen mensenhandel")
OMSCHRIJVINGEN = (
    "Vergunning niet zichtbaar opgehangen in de entree",
    "Geen beheerder aanwezig tijdens openingstijden",
    "Vluchtweg achter de bar geblokkeerd door kratten",
    "Bezoeker meldt <script>alert(1)</script> & afdracht",
)


@pytest.fixture
def queue(app, db, tmp_path):
    """A real SQLite huey queue for this test, drained in this thread (tests/jobs/conftest.py)."""
    q = make_queue(app, "sqlite", tmp_path)
    previous = app.extensions.get("handhaving_jobs")
    app.extensions["handhaving_jobs"] = q
    yield q
    q.huey.flush()
    if previous is None:
        app.extensions.pop("handhaving_jobs", None)
    else:
        app.extensions["handhaving_jobs"] = previous


def _jpeg(seed: int, size=(480, 360)) -> bytes:
    rnd = random.Random(seed)
    img = Image.effect_noise(size, 40).convert("RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rnd.randrange(size[0]), rnd.randrange(size[1])
        draw.rectangle((x, y, x + 80, y + 50), fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _png_handtekening() -> bytes:
    img = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(img).line([(10, 90), (80, 20), (150, 100), (260, 30), (390, 80)], fill="black", width=4)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _foto(session, controle, data: bytes, bijschrift: str, bevinding=None) -> Foto:
    blob = get_opslag().put(data)
    foto = Foto(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=controle.gemeente_id,
                bevinding_id=bevinding.id if bevinding else None, sleutel=blob.key, sha256=blob.sha256,
                mimetype="image/jpeg", breedte=480, hoogte=360, grootte=blob.size, bijschrift=bijschrift)
    session.add(foto)
    session.flush()
    return foto


def _maak_controle(session, status=ControleStatus.RAPPORT_CONCEPT) -> dict:
    """A controle with a published checklist, answers, findings, photos, persons and signatures.
    Needs an app context (photos go to the app's storage)."""
    gemeente = make_gemeente(session, "9911", "Rapportdam")
    anna = make_user(session, "anna.th", [(gemeente, Rol.TOEZICHTHOUDER)], naam="Anna de Vries")
    bram = make_user(session, "bram.th", [(gemeente, Rol.TOEZICHTHOUDER)], naam="Bram Jansen")
    session.add(Aanwijzing(gebruiker_id=anna.id, gemeente_id=gemeente.id,
                           besluit="Aanwijzingsbesluit toezichthouders 2026-14", legitimatienummer="TH-0042"))
    adres = add_adres(session, gemeente, "Havenstraat", 12, "6411AB", huisletter="A")

    ctype = Controletype(gemeente_id=gemeente.id, code="prostitutie_vergund", naam="Controle vergunde seksinrichting",
                         soort=ControleSoort.PROSTITUTIE_VERGUND)
    session.add(ctype)
    session.flush()
    sjabloon = ChecklistSjabloon(controletype_id=ctype.id, gemeente_id=gemeente.id, versie=1,
                                 status=SjabloonStatus.GEPUBLICEERD, gepubliceerd_op=datetime(2026, 11, 1))
    vragen = {
        SECTIES[0]: [("verg_aanwezig", ItemSoort.JA_NEE, "Exploitatievergunning aanwezig", "APV 3:3"),
                     ("verg_zichtbaar", ItemSoort.JA_NEE, "Vergunning zichtbaar opgehangen", "APV 3:3 lid 3"),
                     ("kamers", ItemSoort.GETAL, "Aantal werkkamers", ""),
                     ("oud", ItemSoort.TEKST, "VERVALLEN-VRAAG oude formulering", "")],
        SECTIES[1]: [("beheerder", ItemSoort.JA_NEE, "Beheerder aanwezig", "APV 3:9"),
                     ("datum_plan", ItemSoort.DATUM, "Datum bedrijfsplan", ""),
                     ("register", ItemSoort.JA_NEE, "Register aanwezig", "Awb 5:17")],
        SECTIES[2]: [("sig_id", ItemSoort.JA_NEE, "Niet in bezit van eigen identiteitsbewijs", ""),
                     ("sig_afdracht", ItemSoort.TEKST, "Afdracht of schulden", "")],
    }
    items = {}
    for volgorde, titel in enumerate(SECTIES):
        sectie = ChecklistSectie(code=f"s{volgorde}", titel=titel, volgorde=volgorde,
                                 signalen=titel == SECTIES[2])
        for n, (code, soort, tekst, norm) in enumerate(vragen[titel]):
            item = ChecklistItem(code=code, soort=soort, tekst=tekst, norm=norm, volgorde=n,
                                 vervallen=code == "oud")
            sectie.items.append(item)
            items[code] = item
        sjabloon.secties.append(sectie)
    session.add(sjabloon)
    session.flush()

    controle = Controle(
        uuid=str(uuid.uuid4()), gemeente_id=gemeente.id, adres_id=adres.id, soort=ControleSoort.PROSTITUTIE_VERGUND,
        controletype_id=ctype.id, sjabloon_id=sjabloon.id, status=status,
        gepland_op=datetime(2026, 11, 20, 19, 0), gepland_tot=datetime(2026, 11, 20, 22, 0),
        gestart_op=datetime(2026, 11, 20, 19, 12), uitgevoerd_op=datetime(2026, 11, 20, 21, 40),
        # The times the status requires (CHECK constraints); the rapport steps below set their own.
        vastgesteld_op=datetime(2026, 11, 21, 9, 0) if status.value in NA_VASTSTELLING else None,
        afgerond_op=datetime(2026, 11, 21, 10, 0) if status.value in AFGEROND else None,
        partners=[Partner.POLITIE.value, Partner.BRANDWEER.value],
        rechtsgronden=["APV art. 3:10", "Awb art. 5:15"], toegang=Toegang.OPENBARE_INRICHTING,
        notities="Twee kamers afgesloten;\nsleutel bij de beheerder opgevraagd.",
        uitkomst_toelichting="")
    controle.toezichthouders.extend([anna, bram])
    session.add(controle)
    session.flush()

    antwoorden = {"verg_aanwezig": ("ja", ""), "verg_zichtbaar": ("nee", "Lag in een la achter de bar"),
                  "kamers": ("6", ""), "beheerder": ("nee", ""), "datum_plan": ("2026-03-01", ""),
                  "sig_id": ("nvt", "")}  # register and sig_afdracht unanswered
    for code, (waarde, toelichting) in antwoorden.items():
        session.add(ChecklistAntwoord(controle_id=controle.id, gemeente_id=gemeente.id, item_id=items[code].id,
                                      waarde=waarde, toelichting=toelichting))

    bevindingen = []
    for n, tekst in enumerate(OMSCHRIJVINGEN):
        b = Bevinding(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=gemeente.id,
                      categorie=(BevindingCategorie.VERGUNNING, BevindingCategorie.BEHEER,
                                 BevindingCategorie.VEILIGHEID, BevindingCategorie.OVERIG)[n],
                      ernst=(Ernst.GERING, Ernst.ERNSTIG, Ernst.MATIG, Ernst.MATIG)[n],
                      waarneming=Waarneming.HOREN_ZEGGEN if n == 3 else Waarneming.EIGEN,
                      norm="APV 3:3 lid 3" if n == 0 else "", omschrijving=tekst,
                      checklist_item_code="verg_zichtbaar" if n == 0 else None,
                      waargenomen_op=datetime(2026, 11, 20, 19, 30 + n))
        session.add(b)
        bevindingen.append(b)
    session.flush()
    fotos = [_foto(session, controle, _jpeg(1), "Entree, geen vergunning zichtbaar", bevindingen[0]),
             _foto(session, controle, _jpeg(2), "Vluchtweg met kratten", bevindingen[2]),
             _foto(session, controle, _jpeg(3), "Gang eerste verdieping")]

    for _ in range(3):
        persoon = AangetroffenPersoon(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=gemeente.id,
                                      rol=PersoonRol.SEKSWERKER, naam=f"{CANARY}-naam", opmerking=f"{CANARY}-opm")
        session.add(persoon)
        session.flush()
        session.add(AangetroffenSekswerker(persoon_id=persoon.id, gemeente_id=gemeente.id, werknaam=CANARY,
                                           nationaliteit=CANARY, toelichting=CANARY, geboortejaar=1999))
    session.add(AangetroffenPersoon(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=gemeente.id,
                                    rol=PersoonRol.EXPLOITANT, naam="Jan Exploitant", id_gezien=True))

    handtekening = get_opslag().put(_png_handtekening())
    session.add(Ondertekening(controle_id=controle.id, gemeente_id=gemeente.id, gebruiker_id=anna.id,
                              wijze=Ondertekenwijze.HANDTEKENING, naam="Anna de Vries",
                              handtekening_sleutel=handtekening.key, handtekening_sha256=handtekening.sha256))
    session.add(Ondertekening(controle_id=controle.id, gemeente_id=gemeente.id, gebruiker_id=bram.id,
                              wijze=Ondertekenwijze.VERKLARING, naam="Bram Jansen",
                              verklaring="Naar waarheid opgemaakt door Bram Jansen."))
    session.add(Addendum(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=gemeente.id,
                         tekst="Vergunning bleek later wel aanwezig.", reden="Nagekomen informatie",
                         door_id=anna.id))
    session.commit()
    session.refresh(controle)
    return {"controle": controle, "fotos": fotos, "bevindingen": bevindingen, "anna": anna}


def _pdftekst(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _paginas(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def _los(text: str) -> str:
    """Whitespace runs to one space: a phrase may sit between layout columns."""
    return " ".join(text.split())


def _acties(session, rapport_id) -> list[str]:
    return list(session.execute(select(AuditRegel.actie).where(AuditRegel.object_type == "controle_rapport",
                                                              AuditRegel.object_id == str(rapport_id))
                                .order_by(AuditRegel.id)).scalars())


def test_rapport_is_made_by_the_job_with_everything_and_nothing_about_sekswerkers(app, session, queue, tmp_path):
    with app.app_context():
        data = _maak_controle(session)
        controle = data["controle"]
        rapport = rapporten.vraag_rapport_aan(session, controle)
        assert rapport.versie == 1 and rapport.status == RapportStatus.WACHT
        sleutel = rapporten.taak_sleutel(controle, rapport)
        assert queue.huey.pending_count() == 0  # not before the commit
        session.commit()
    assert drain(queue) == 1

    session.expire_all()
    rapport = session.get(Rapport, rapport.id)
    assert rapport.status == RapportStatus.KLAAR, rapport.fout
    assert rapport.gemaakt_op is not None and rapport.fout is None
    taak = session.execute(select(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == sleutel)).scalar_one()
    assert taak.naam == "controles.rapport_maken" and taak.status == TaakStatus.KLAAR

    with app.app_context():
        pdf = get_opslag().get(rapport.pdf_sleutel)
        html = get_opslag().get(rapport.html_sleutel)
    # Stored with hashes that match the bytes.
    assert hashlib.sha256(pdf).hexdigest() == rapport.pdf_sha256 == rapport.pdf_sleutel
    assert hashlib.sha256(html).hexdigest() == rapport.html_sha256 == rapport.html_sleutel
    assert rapport.pdf_grootte == len(pdf) and pdf.startswith(b"%PDF-")
    html = html.decode("utf-8")

    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    text = _pdftekst(path)
    flat = _los(text)
    n = _paginas(path)
    assert n >= 3  # content, then the photo annex on a page of its own (two photos a page)

    # Every page: the classification in the header and "Pagina X van N" in the footer.
    pages = text.split("\f")[:n]
    assert len(pages) == n
    for i, page in enumerate(pages, start=1):
        assert rapporten.CLASSIFICATIE in page, f"pagina {i} zonder classificatie"
        assert f"Pagina {i} van {n}" in page
    assert "Pagina 1 van" in flat and "CONCEPT" in pages[0]

    # The content.
    for expected in ("Rapport van bevindingen", "Rapportdam", "Controle vergunde seksinrichting",
                     "Havenstraat 12A, 6411 AB Rapportdam", "20-11-2026 20:00 – 23:00",  # UTC → Amsterdam
                     "Anna de Vries", "Aanwijzingsbesluit toezichthouders 2026-14", "TH-0042", "Bram Jansen",
                     "Politie / AVIM, Brandweer", "APV art. 3:10", "Awb art. 5:15",
                     "Openbare inrichting (vrij toegankelijk)", "rapport versie 1",
                     "Signalen van mensenhandel zijn waarnemingen, geen oordeel.",
                     "Lag in een la achter de bar", "01-03-2026", "n.v.t.", "—",
                     "Sekswerkers: 3; exploitant: 1", "Jan Exploitant",
                     "Twee kamers afgesloten;", "sleutel bij de beheerder opgevraagd.",
                     "Handtekening op het scherm", "Naar waarheid opgemaakt door Bram Jansen.",
                     "Nagekomen informatie", "Vergunning bleek later wel aanwezig.",
                     "Bijlage: foto's", "foto 1 in de bijlage", "foto 2 in de bijlage",
                     "Vluchtweg met kratten", "Ernstig", "Van horen zeggen"):
        assert expected in flat, expected
    for titel in SECTIES:
        assert titel in flat
    for omschrijving in OMSCHRIJVINGEN:
        assert omschrijving in flat  # user text printed literally, also "<script>" and "&"
    for foto in data["fotos"]:
        assert foto.sha256 in flat
    assert "VERVALLEN-VRAAG" not in flat

    # AVG art. 9: nothing of a sekswerker in either document.
    assert CANARY not in text and CANARY not in html

    # Escaped in the HTML copy, which holds its images and style itself.
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; afdracht" in html
    assert html.count('src="data:image/jpeg;base64,') == 3 and 'src="data:image/png;base64,' in html
    assert "http:" not in html and "https:" not in html and "file:" not in html

    # Fonts embedded.
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", r) for r in rows), fonts
    assert "DejaVu-Sans" in fonts

    # The photos in the PDF are the stored files themselves (JPEG passed through unchanged).
    subprocess.run(["pdfimages", "-all", str(path), str(tmp_path / "img")], check=True)
    embedded = {hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.glob("img-*.jpg")}
    assert {f.sha256 for f in data["fotos"]} <= embedded

    assert _acties(session, rapport.id) == [ControleActie.RAPPORT_AANGEVRAAGD, ControleActie.RAPPORT_GEMAAKT]


def test_next_request_is_the_next_version_and_a_rerun_changes_nothing(app, session, queue):
    with app.app_context():
        controle = _maak_controle(session)["controle"]
        eerste = rapporten.vraag_rapport_aan(session, controle)
        session.commit()
        drain(queue)
        tweede = rapporten.vraag_rapport_aan(session, controle)
        session.commit()
        drain(queue)
        session.expire_all()
        eerste, tweede = session.get(Rapport, eerste.id), session.get(Rapport, tweede.id)
        assert (eerste.versie, tweede.versie) == (1, 2)
        assert eerste.status == tweede.status == RapportStatus.KLAAR
        assert eerste.pdf_sha256 != tweede.pdf_sha256  # "versie 2" is in it
        # The job body again (a retry after its commit): the made rapport is kept as it is.
        klaar = (tweede.pdf_sleutel, tweede.gemaakt_op)
        rapporten.maak_rapport(session, tweede.id)
        assert (tweede.pdf_sleutel, tweede.gemaakt_op) == klaar


def test_missing_photo_fails_the_rapport_with_a_reason_and_no_retry(app, session, queue):
    with app.app_context():
        data = _maak_controle(session)
        data["fotos"][1].sleutel = "0" * 64  # not in storage
        session.commit()
        rapport = rapporten.vraag_rapport_aan(session, data["controle"])
        session.commit()
    assert drain(queue) == 1  # one run: a retry would fail the same way
    session.expire_all()
    rapport = session.get(Rapport, rapport.id)
    assert rapport.status == RapportStatus.FOUT
    assert rapport.fout.startswith("Het rapport kon niet worden gemaakt. Foto 2 ontbreekt in de opslag")
    assert rapport.pdf_sleutel is None and rapport.pdf_sha256 is None
    assert _acties(session, rapport.id) == [ControleActie.RAPPORT_AANGEVRAAGD, ControleActie.RAPPORT_MISLUKT]


def test_temporary_storage_failure_is_retried_then_recorded(app, session, queue, monkeypatch):
    with app.app_context():
        data = _maak_controle(session)
        rapport = rapporten.vraag_rapport_aan(session, data["controle"])
        session.commit()
        opslag = get_opslag()
        pogingen = []

        def vol(blob):
            pogingen.append(1)
            raise OpslagFout("Opslaan mislukt (No space left on device); er is niets half opgeslagen.")

        monkeypatch.setattr(opslag, "put", vol)
        # The first run and three retries (huey's schedule, taken at once by drain).
        assert drain(queue) == 4
    assert len(pogingen) == 4
    session.expire_all()
    rapport = session.get(Rapport, rapport.id)
    assert rapport.status == RapportStatus.FOUT and "No space left on device" in rapport.fout
    taak = session.execute(select(Achtergrondtaak).where(
        Achtergrondtaak.taak_sleutel == rapporten.taak_sleutel(data["controle"], rapport))).scalar_one()
    assert taak.pogingen == 4 and taak.status == TaakStatus.KLAAR
    assert taak.laatste_fout.startswith("OpslagFout: Opslaan mislukt")
    acties = _acties(session, rapport.id)
    assert acties.count(ControleActie.RAPPORT_MISLUKT) == 1 and ControleActie.RAPPORT_GEMAAKT not in acties


def test_no_rapport_before_the_controle_was_carried_out(app, session, queue):
    with app.app_context():
        controle = _maak_controle(session, status=ControleStatus.VOORBEREID)["controle"]
        with pytest.raises(OngeldigeOvergang):
            rapporten.vraag_rapport_aan(session, controle)
    assert session.execute(select(Rapport).where(Rapport.controle_id == controle.id)).first() is None


def test_vastgesteld_rapport_is_no_concept_and_html_builds_without_checklist(app, session):
    with app.app_context():
        data = _maak_controle(session, status=ControleStatus.DOORGEZET_HANDHAVING)
        controle = data["controle"]
        controle.sjabloon_id = None
        controle.uitkomst_toelichting = "Voornemen last onder dwangsom"
        session.commit()
        session.refresh(controle)
        rapport = Rapport(controle_id=controle.id, gemeente_id=controle.gemeente_id, versie=1,
                          status=RapportStatus.WACHT)
        session.add(rapport)
        session.flush()
        html = rapporten.bouw_html(session, controle, rapport)
        pdf = rapporten.bouw_pdf(html)
    assert "CONCEPT" not in html and "Concept:" not in html
    assert "Bij deze controle is geen checklist gebruikt." in html
    assert "Doorgezet naar handhaving" in html and "Voornemen last onder dwangsom" in html
    assert pdf.startswith(b"%PDF-")


def test_pdf_loads_nothing_from_outside_the_document(app, tmp_path):
    secret = tmp_path / "geheim.png"
    secret.write_bytes(_png_handtekening())
    html = f'<html><body><p>x</p><img src="file://{secret}"></body></html>'
    with pytest.raises(rapporten.RapportFout):
        rapporten.bouw_pdf(html)
