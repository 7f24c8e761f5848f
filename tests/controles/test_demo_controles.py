"""The demo controles (handhaving/controles/demo.py): after ``demo seed`` every status, every
type, a controle today for every toezichthouder, finished PDFs, suggestions; and no
duplicates when the seed runs again."""
from __future__ import annotations

import hashlib
import io
from collections import Counter

from PIL import Image
from sqlalchemy import func, select

from handhaving import demo
from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.controles import afronding, planning
from handhaving.controles.demo import foto_jpeg, seed_controles
from handhaving.controles.models import (
    AangetroffenPersoon,
    AangetroffenSekswerker,
    Aanwijzing,
    Bevinding,
    Controle,
    ControleStatus,
    Controletype,
    Foto,
    Ondertekening,
    PersoonRol,
    Rapport,
    RapportStatus,
)
from handhaving.db import utcnow
from handhaving.storage import get_opslag
from handhaving.storage.uploads import FOTO, controleer_upload
from handhaving.tijd import naar_lokaal, vandaag

TELLINGEN = (Controle, Controletype, Aanwijzing, Bevinding, AangetroffenPersoon, Foto, Ondertekening, Rapport)


def _aantallen(session) -> dict:
    return {m.__name__: session.execute(select(func.count()).select_from(m)).scalar() for m in TELLINGEN}


def _seed(session):
    demo.seed(session, addresses_per_gemeente=200)
    gemeenten = session.execute(select(Gemeente).order_by(Gemeente.code)).scalars().all()
    users = session.execute(select(Gebruiker)).scalars().all()
    # handhaving.demo.seed calls seed_controles itself; calling it here as well keeps this test
    # independent of that line, and a second call must add nothing.
    seed_controles(session, gemeenten, users)
    return gemeenten, users


def _toezichthouders(users, gemeente):
    return [u for u in users if Rol.TOEZICHTHOUDER in u.rollen_per_gemeente().get(gemeente.id, set())]


def test_demo_controles(app, session):
    with app.app_context():
        gemeenten, users = _seed(session)
        nu = utcnow()
        for g in gemeenten:
            controles = session.execute(select(Controle).where(Controle.gemeente_id == g.id)).scalars().all()
            assert len(controles) >= 24, g.naam
            assert {c.status for c in controles} == set(ControleStatus), g.naam
            typen = session.execute(select(Controletype.id).where(Controletype.gemeente_id == g.id)).scalars().all()
            assert len(typen) == 7 and {c.controletype_id for c in controles} == set(typen), g.naam
            per_status = Counter(c.status for c in controles)
            assert per_status[ControleStatus.GEPLAND] >= 5  # the coming weeks

            # Today, for every toezichthouder of the gemeente, in local time.
            for th in _toezichthouders(users, g):
                eigen = planning.vandaag_voor(session, [g.id], th)
                assert eigen, th.gebruikersnaam
                assert all(naar_lokaal(c.gepland_op).date() == vandaag() for c in eigen)
            # Every toezichthouder has an aanwijzing, shown in the rapport.
            aanwijzingen = {a.gebruiker_id: a for a in session.execute(
                select(Aanwijzing).where(Aanwijzing.gemeente_id == g.id)).scalars()}
            for th in _toezichthouders(users, g):
                assert aanwijzingen[th.id].besluit.startswith("Aanwijzingsbesluit")
                assert aanwijzingen[th.id].legitimatienummer

            for c in controles:
                assert c.sjabloon_id is not None and c.sjabloon.controletype_id == c.controletype_id
                assert c.toezichthouders and c.adres is not None and c.adres.gemeente_id == g.id
                # History is consistent: each step after the one before, nothing in the future.
                stappen = [c.gepland_op, c.gestart_op, c.uitgevoerd_op, c.vastgesteld_op, c.afgerond_op]
                gedaan = [t for t in stappen[1:] if t is not None]
                assert gedaan == sorted(gedaan) and all(t <= nu for t in gedaan), c.id
                if c.gestart_op is not None:
                    assert c.gepland_op <= c.gestart_op
                if c.status not in (ControleStatus.GEPLAND, ControleStatus.VOORBEREID):
                    assert c.toegang is not None and afronding.ontbrekend(session, c) == [], c.id
                if c.status not in (ControleStatus.GEPLAND, ControleStatus.VOORBEREID, ControleStatus.UITGEVOERD):
                    assert c.ondertekeningen, c.id
                if c.status in afronding.VASTGESTELD:
                    assert c.rapporten and c.vastgesteld_op is not None, c.id
                for b in c.bevindingen:
                    assert b.categorie and b.ernst and b.omschrijving and c.gestart_op <= b.waargenomen_op
            # Every outcome's follow-up: a hercontrole plans the next controle at the same address.
            for c in controles:
                if c.status == ControleStatus.HERCONTROLE_GEPLAND:
                    vervolg = [v for v in controles if v.vorige_controle_id == c.id]
                    assert len(vervolg) == 1 and vervolg[0].adres_id == c.adres_id
            assert any(v.vorige_controle_id and v.status == ControleStatus.AFGESLOTEN_GEEN_OVERTREDING
                       for v in controles)
            # Outcomes as a set: one visit with enforcement and a RIEC signal; each hercontrole planned.
            sets = [{u.uitkomst for u in c.uitkomsten} for c in controles]
            assert {ControleStatus.DOORGEZET_HANDHAVING, ControleStatus.DOORGEZET_SIGNAAL_RIEC} in sets
            for c in controles:
                for u in c.uitkomsten:
                    if u.uitkomst == ControleStatus.HERCONTROLE_GEPLAND:
                        assert u.hercontrole is not None and u.hercontrole.vorige_controle_id == c.id
            # Signatures: one drawn, one verklaring at least.
            wijzen = {o.wijze.value for c in controles for o in c.ondertekeningen}
            assert wijzen == {"handtekening", "verklaring"}

            # A finished rapport with its PDF in storage, hashes matching.
            klaar = session.execute(select(Rapport).where(Rapport.gemeente_id == g.id,
                                                          Rapport.status == RapportStatus.KLAAR)).scalars().all()
            assert klaar, g.naam
            for r in klaar:
                pdf = get_opslag().get(r.pdf_sleutel)
                assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == r.pdf_sha256
                assert session.get(Controle, r.controle_id).status in afronding.VASTGESTELD

            # Suggestions: an open hercontrole, serious findings without a control since, and
            # addresses last controlled longer ago than the term.
            soorten = {s.soort for s in planning.suggesties(session, g.id)}
            assert soorten == {"hercontrole", "overtreding", "termijn"}, soorten

        # Photos are stored re-encoded without EXIF (the drawn ones carry GPS).
        fotos = session.execute(select(Foto)).scalars().all()
        assert len(fotos) >= 10 and any("brandblusser ontbreekt" in f.bijschrift for f in fotos)
        for f in fotos[:5]:
            img = Image.open(io.BytesIO(get_opslag().get(f.sleutel)))
            assert img.size == (800, 600) and not img.getexif().get_ifd(0x8825)
        # Sex workers: only the role in the persons table, the rest in its own table.
        sw = session.execute(select(AangetroffenPersoon).where(
            AangetroffenPersoon.rol == PersoonRol.SEKSWERKER)).scalars().all()
        assert sw and all(p.naam == "" and p.opmerking == "" for p in sw)
        assert session.execute(select(func.count()).select_from(AangetroffenSekswerker)).scalar() == len(sw)
        assert session.execute(select(func.count()).select_from(AangetroffenSekswerker).where(
            AangetroffenSekswerker.leeftijd_voldoet.is_(False))).scalar() >= 1

        # Running again adds nothing; `demo seed --if-empty` skips a database with gemeenten.
        voor = _aantallen(session)
        assert seed_controles(session, gemeenten, users) == {g.naam: 0 for g in gemeenten}
        assert _aantallen(session) == voor
        assert not demo.is_empty(session)


def test_demo_foto_has_gps_until_the_upload_check():
    from datetime import datetime

    data = foto_jpeg("Kamer 3 – brandblusser ontbreekt", datetime(2026, 11, 20, 21, 30), seed=3)
    img = Image.open(io.BytesIO(data))
    assert img.size == (800, 600) and img.getexif().get_ifd(0x8825)
    schoon = controleer_upload(data, FOTO)
    assert not Image.open(io.BytesIO(schoon.data)).getexif().get_ifd(0x8825)
