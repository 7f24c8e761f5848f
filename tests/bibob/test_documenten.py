"""Bibob documents go through the app's one upload check (storage/uploads.py, security
requirement 16): images re-encoded without EXIF/GPS, a pixel cap, PDFs read for their structure,
Office files opened as packages; a file whose signature lies is refused and nothing is stored."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from handhaving.bibob import services
from handhaving.bibob.models import BibobDocument
from handhaving.errors import OngeldigeInvoer
from handhaving.security.rules import Rol
from handhaving.storage import get_opslag
from tests.bibob.conftest import maak_dossier
from tests.factories import bestanden
from tests.helpers import csrf_for, login


@pytest.fixture
def dossier(app, session, world):
    with app.app_context():
        coord = world["users"][("9901", Rol.COORDINATOR)]
        o = maak_dossier(session, world["a"], coord)
        session.commit()
    return o, coord


def _aantal(session) -> int:
    session.expire_all()
    return session.execute(select(func.count()).select_from(BibobDocument)).scalar_one()


def test_a_jpeg_is_stored_without_its_gps_exif(app_ctx, session, dossier):
    o, coord = dossier
    d = services.voeg_document_toe(session, coord, o, data=bestanden.jpeg_met_gps(), bestandsnaam="pand.jpg")
    opgeslagen = get_opslag().get(d.sleutel)
    assert bestanden.GPS_CANARY.encode() not in opgeslagen and b"KANARIE" not in opgeslagen
    with Image.open(io.BytesIO(opgeslagen)) as img:
        assert img.format == "JPEG" and not img.getexif() and not img.getexif().get_ifd(bestanden.GPS_IFD)
    assert d.mimetype == "image/jpeg" and d.grootte == len(opgeslagen)


@pytest.mark.parametrize("naam,data,melding", [
    ("plattegrond.png", bestanden.png_bom(30_000, 30_000), "beeldpunten|onredelijk groot"),
    ("foto.jpg", bestanden.html_als_jpeg(), "beschadigd|webpagina"),
    ("advies.pdf", bestanden.html_als_pdf(), "webpagina|geen geldige PDF"),
    ("advies.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "geen geldige PDF|geen pagina"),
    ("verklaring.docx", b"PK\x03\x04" + bestanden.HTML, "webpagina|geen geldig Word- of Excel"),
    ("verklaring.docm", bestanden.ooxml(extra={"word/vbaProject.bin": b"macro"}), "macro"),
    ("verklaring.docx", bestanden.zip_bom(), "pakt uit"),
])
def test_a_document_whose_content_is_not_what_it_claims_is_refused_in_dutch(app_ctx, session, dossier, naam, data,
                                                                           melding):
    o, coord = dossier
    with pytest.raises(OngeldigeInvoer, match=melding):
        services.voeg_document_toe(session, coord, o, data=data, bestandsnaam=naam)
    assert _aantal(session) == 0


def test_a_valid_pdf_is_stored_as_it_is(app_ctx, session, dossier):
    o, coord = dossier
    pdf = bestanden.pdf("Advies LBB", "Ernstig gevaar")
    d = services.voeg_document_toe(session, coord, o, data=pdf, bestandsnaam="advies.pdf")
    # Not rewritten: a digital signature on the PDF stays valid.
    assert get_opslag().get(d.sleutel) == pdf and d.mimetype == "application/pdf"


@pytest.mark.parametrize("deel,mimetype,ext", [
    ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
])
def test_word_and_excel_files_are_stored_with_their_own_type(app_ctx, session, dossier, deel, mimetype, ext):
    o, coord = dossier
    data = bestanden.ooxml(deel)
    d = services.voeg_document_toe(session, coord, o, data=data, bestandsnaam=f"verklaring.{ext}")
    assert d.mimetype == mimetype and get_opslag().get(d.sleutel) == data


def test_the_name_gets_the_extension_of_the_real_content(app_ctx, session, dossier):
    o, coord = dossier
    d = services.voeg_document_toe(session, coord, o, data=bestanden.jpeg_met_gps(), bestandsnaam="advies.pdf")
    assert d.bestandsnaam == "advies.jpg"


def test_the_upload_form_answers_a_polyglot_with_a_dutch_422_and_stores_nothing(client, session, dossier):
    o, coord = dossier
    login(client, session, coord)
    token = csrf_for(client)
    resp = client.post(f"/bibob/{o.id}/openen",
                       data={"csrf_token": token, "reden": "Beoordeling van de aanvraag exploitatievergunning"})
    assert resp.status_code == 302
    for naam, data in (("advies.pdf", bestanden.html_als_pdf()), ("foto.jpg", bestanden.html_als_jpeg()),
                       ("kaart.png", bestanden.png_bom(30_000, 30_000))):
        resp = client.post(f"/bibob/{o.id}/documenten", content_type="multipart/form-data",
                           data={"csrf_token": token, "omschrijving": "Stuk", "bestand": (io.BytesIO(data), naam)})
        assert resp.status_code == 422, naam
        assert "wordt geweigerd" in resp.get_data(as_text=True) or "beschadigd" in resp.get_data(as_text=True)
    assert _aantal(session) == 0
    resp = client.post(f"/bibob/{o.id}/documenten", content_type="multipart/form-data",
                       data={"csrf_token": token, "bestand": (io.BytesIO(bestanden.pdf("Advies")), "advies.pdf")})
    assert resp.status_code == 302 and _aantal(session) == 1


def test_an_image_in_a_dossier_is_called_an_afbeelding_not_a_photo(app_ctx, session, dossier):
    o, coord = dossier
    with pytest.raises(OngeldigeInvoer) as fout:
        services.voeg_document_toe(session, coord, o, data=bestanden.png_bom(30_000, 30_000),
                                   bestandsnaam="plattegrond.png")
    assert str(fout.value.args[0]).startswith("De afbeelding") and "foto" not in str(fout.value.args[0])
