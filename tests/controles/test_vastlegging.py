"""The whole lifecycle through the services: plan, start, record, close, sign, fix, outcome, addendum."""
from __future__ import annotations

import io
import uuid
from datetime import time, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.controles import afronding, planning, services, vastlegging
from handhaving.controles.models import (AangetroffenSekswerker, Bevinding, ChecklistItem, ChecklistSectie, Controle,
                                         ControleStatus as S, Foto, Rapport)
from handhaving.errors import Geweigerd, OngeldigeInvoer, OngeldigeOvergang
from handhaving.security.rules import Rol
from handhaving.storage import get_opslag
from handhaving.tijd import vandaag
from tests.controles.conftest import plan_voor

W = vastlegging.Wijziging


def _verplicht(session, c):
    return session.execute(select(ChecklistItem).join(ChecklistSectie).where(
        ChecklistSectie.sjabloon_id == c.sjabloon_id, ChecklistItem.verplicht.is_(True))).scalars().all()


def _vul_verplicht(session, user, c):
    w = {"toegang": W("openbare_inrichting")}
    for item in _verplicht(session, c):
        w[f"a:{item.id}"] = W({"ja_nee": "ja", "getal": "2", "tekst": "gezien", "datum": "2026-01-01",
                               "tijd": "10:00"}.get(item.soort.value, (item.keuzes or ["x"])[0]))
    vastlegging.sla_op(session, user, c, c.versie, w)


def jpeg_met_gps() -> bytes:
    img = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)}
    exif[0x010F] = "CameraMerk"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_whole_lifecycle(app_ctx, session, veld):
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    c = session.get(Controle, veld["controle"].id)
    assert c.status == S.GEPLAND and c.sjabloon_id and [u.id for u in c.toezichthouders] == [t.id]
    assert planning.vandaag_voor(session, [veld["a"].id], t) == [c]

    vastlegging.start(session, t, c, lat=52.1, lon=5.1, nauwkeurigheid=12)
    assert c.status == S.VOORBEREID and c.gestart_op and c.locatie_lat == 52.1
    with pytest.raises(OngeldigeInvoer):
        afronding.rond_uitvoering_af(session, t, c, c.versie)  # required items missing
    _vul_verplicht(session, t, c)
    b, nieuw = vastlegging.voeg_bevinding_toe(session, t, c, uuid=str(uuid.uuid4()), categorie="vergunning",
                                              omschrijving="Vergunning niet zichtbaar opgehangen.",
                                              waarneming="eigen", ernst="matig", norm="APV art. 3:9")
    assert nieuw
    p, _ = vastlegging.voeg_persoon_toe(session, t, c, uuid=str(uuid.uuid4()), rol="sekswerker",
                                        sekswerker=vastlegging.SekswerkerInvoer(werknaam="Mila", geboortejaar=2000,
                                                                                id_gezien=True))
    sw = session.execute(select(AangetroffenSekswerker).where(AangetroffenSekswerker.persoon_id == p.id)).scalar_one()
    assert sw.leeftijd_voldoet is True and p.naam == ""
    foto, _ = vastlegging.voeg_foto_toe(session, t, c, uuid=str(uuid.uuid4()), data=jpeg_met_gps(), bevinding=b)
    opgeslagen = get_opslag().get(foto.sleutel)
    assert Image.open(io.BytesIO(opgeslagen)).getexif() == {} and b"CameraMerk" not in opgeslagen

    afronding.rond_uitvoering_af(session, t, c, c.versie)
    assert c.status == S.UITGEVOERD and c.uitgevoerd_op
    services.stel_rapport_op(session, t, c, c.versie)
    with pytest.raises(OngeldigeOvergang):  # frozen for signing
        vastlegging.sla_op(session, t, c, c.versie, {"notities": W("later")})
    with pytest.raises(OngeldigeInvoer):
        afronding.stel_vast(session, t, c, c.versie)  # nobody signed
    with pytest.raises(Geweigerd):  # the coördinator was not there
        afronding.onderteken(session, coord, c, wijze="verklaring", naam="C", akkoord=True)
    with pytest.raises(OngeldigeInvoer):
        afronding.onderteken(session, t, c, wijze="verklaring", naam="T. Zicht", akkoord=False)
    afronding.onderteken(session, t, c, wijze="verklaring", naam="T. Zicht", akkoord=True)
    r = afronding.stel_vast(session, t, c, c.versie)
    assert c.status == S.RAPPORT_VASTGESTELD and isinstance(r, Rapport) and r.versie == 1
    for doe in (lambda: vastlegging.sla_op(session, t, c, c.versie, {"notities": W("x")}),
                lambda: vastlegging.voeg_bevinding_toe(session, t, c, uuid=str(uuid.uuid4()), categorie="overig",
                                                       omschrijving="x", waarneming="eigen", ernst="gering"),
                lambda: vastlegging.verwijder_bevinding(session, t, c, b)):
        with pytest.raises(OngeldigeOvergang, match="addendum"):
            doe()
    voorstel = afronding.hercontrole_voorstel(session, c)
    assert voorstel.datum == vandaag() + timedelta(weeks=6) and voorstel.toezichthouder_ids == [t.id]
    [rij] = afronding.kies_uitkomsten(
        session, t, c, c.versie, [afronding.Keuze("hercontrole_gepland", "Over zes weken opnieuw.")],
        afronding.Hercontrole(str(uuid.uuid4()), voorstel.datum, voorstel.van, voorstel.tot, voorstel.toezichthouder_ids))
    vervolg = rij.hercontrole
    assert c.status == S.HERCONTROLE_GEPLAND and vervolg.status == S.GEPLAND
    assert vervolg.vorige_controle_id == c.id and vervolg.adres_id == c.adres_id
    assert (vervolg.gepland_op - c.gepland_op) == timedelta(weeks=6)
    assert max(x.versie for x in c.rapporten) == 2  # the rapport with the outcome
    a = afronding.voeg_addendum_toe(session, t, c, uuid=str(uuid.uuid4()), tekst="Kamer 4 i.p.v. 3.",
                                    reden="Verschrijving")
    session.expire(c, ["rapporten"])
    assert a.id and max(x.versie for x in c.rapporten) == 3
    acties = set(session.execute(select(AuditRegel.actie).where(AuditRegel.object_id == str(c.id))).scalars())
    assert {"controle.gestart", "controle.status_gewijzigd", "controle.ondertekend",
            "controle.addendum_toegevoegd"} <= acties


def test_a_woning_is_never_entered_without_basis(app_ctx, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = session.get(Controle, veld["controle"].id)
    vastlegging.start(session, t, c)
    with pytest.raises(OngeldigeInvoer, match="woning"):
        vastlegging.sla_op(session, t, c, c.versie, {"toegang": W("openbare_inrichting"), "is_woning": W("ja")})
    assert c.toegang is None and c.is_woning is False
    vastlegging.sla_op(session, t, c, c.versie, {"toegang": W("toestemming"), "is_woning": W("ja")})
    assert c.is_woning


def test_stale_saves_merge_other_fields_and_refuse_the_same_field(app_ctx, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = session.get(Controle, veld["controle"].id)
    vastlegging.start(session, t, c)
    oud = c.versie
    vastlegging.sla_op(session, t, c, oud, {"notities": W("Van collega A", basis="")})
    assert c.versie > oud
    # B started from the old version but changed another field: applied.
    vastlegging.sla_op(session, t, c, oud, {"toegang": W("toestemming", basis="")})
    # B changes the same field A changed: refused with both values.
    with pytest.raises(vastlegging.Conflict) as e:
        vastlegging.sla_op(session, t, c, oud, {"notities": W("Van collega B", basis="")})
    [conflict] = e.value.conflicten
    assert conflict["uw_waarde"] == "Van collega B" and conflict["huidige_waarde"] == "Van collega A"
    assert c.notities == "Van collega A"


def test_replays_create_one_record_and_another_body_is_refused(app_ctx, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = session.get(Controle, veld["controle"].id)
    vastlegging.start(session, t, c)
    key = str(uuid.uuid4())
    kw = dict(uuid=key, categorie="hygiene", omschrijving="Geen condooms.", waarneming="eigen", ernst="gering")
    first, nieuw1 = vastlegging.voeg_bevinding_toe(session, t, c, **kw)
    again, nieuw2 = vastlegging.voeg_bevinding_toe(session, t, c, **kw)
    assert first.id == again.id and nieuw1 and not nieuw2
    with pytest.raises(OngeldigeInvoer, match="sleutel"):
        vastlegging.voeg_bevinding_toe(session, t, c, **{**kw, "omschrijving": "Iets anders"})
    assert session.scalar(select(func.count()).select_from(Bevinding).where(Bevinding.uuid == key)) == 1
    foto_key = str(uuid.uuid4())
    f1, _ = vastlegging.voeg_foto_toe(session, t, c, uuid=foto_key, data=jpeg_met_gps())
    f2, nieuw = vastlegging.voeg_foto_toe(session, t, c, uuid=foto_key, data=jpeg_met_gps())
    assert f1.id == f2.id and not nieuw
    assert session.scalar(select(func.count()).select_from(Foto).where(Foto.controle_id == c.id)) == 1


def test_only_the_team_and_the_coordinator_record(app_ctx, session, veld):
    users = veld["users"]
    c = session.get(Controle, veld["controle"].id)
    anderen = [users[("9901", Rol.VERGUNNINGVERLENER)], users[("9902", Rol.TOEZICHTHOUDER)]]
    for u in anderen:
        with pytest.raises(Geweigerd):
            vastlegging.start(session, u, c)
    vastlegging.start(session, users[("9901", Rol.COORDINATOR)], c)
    assert vastlegging.sekswerkers(session, users[("9901", Rol.VERGUNNINGVERLENER)], c) == []


def test_planning_refuses_bad_input_with_every_problem(app_ctx, session, veld):
    users = veld["users"]
    coord = users[("9901", Rol.COORDINATOR)]
    plan = planning.Plan(uuid=str(uuid.uuid4()), controletype_id=veld["controle"].controletype_id,
                         adres_ids=[veld["adressen"][2].id], datum=vandaag() - timedelta(days=1), van=time(12),
                         tot=time(11), toezichthouder_ids=[users[("9902", Rol.TOEZICHTHOUDER)].id])
    with pytest.raises(OngeldigeInvoer) as e:
        planning.plan_controles(session, coord, veld["a"].id, plan)
    tekst = " ".join(e.value.problemen)
    assert "verleden" in tekst and "eindtijd" in tekst and "adres" in tekst and "toezichthouder" in tekst
    with pytest.raises(Geweigerd):
        planning.plan_controles(session, users[("9901", Rol.TOEZICHTHOUDER)], veld["a"].id, plan)


def test_a_round_plans_one_controle_per_address_and_a_double_submit_plans_once(app_ctx, session, veld):
    users = veld["users"]
    a1, a2, _ = veld["adressen"]
    ctype_id = veld["controle"].controletype_id
    plan = planning.Plan(uuid=str(uuid.uuid4()), controletype_id=ctype_id, adres_ids=[a1.id, a2.id],
                         datum=vandaag() + timedelta(days=2), van=time(20), tot=time(23),
                         toezichthouder_ids=[users[("9901", Rol.TOEZICHTHOUDER)].id], ronde_naam="Avondronde")
    eerste = planning.plan_controles(session, users[("9901", Rol.COORDINATOR)], veld["a"].id, plan)
    tweede = planning.plan_controles(session, users[("9901", Rol.COORDINATOR)], veld["a"].id, plan)
    assert len(eerste) == 2 and {c.id for c in eerste} == {c.id for c in tweede}
    assert eerste[0].ronde.naam == "Avondronde"


def test_suggestions_give_their_reason_in_words(app_ctx, session, veld):
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    c = session.get(Controle, veld["controle"].id)
    vastlegging.start(session, t, c)
    _vul_verplicht(session, t, c)
    vastlegging.voeg_bevinding_toe(session, t, c, uuid=str(uuid.uuid4()), categorie="identiteit",
                                   omschrijving="Minderjarige aangetroffen.", waarneming="eigen", ernst="ernstig")
    afronding.rond_uitvoering_af(session, t, c, c.versie)
    services.stel_rapport_op(session, t, c, c.versie)
    afronding.onderteken(session, t, c, wijze="verklaring", naam="T", akkoord=True)
    afronding.stel_vast(session, t, c, c.versie)
    afronding.kies_uitkomsten(session, coord, c, c.versie, [afronding.Keuze("doorgezet_handhaving",
                                                                            "Last onder dwangsom.")])
    [s] = [s for s in planning.suggesties(session, veld["a"].id) if s.adres.id == c.adres_id]
    assert s.soort == "overtreding" and "ernstige bevinding" in s.reden


def test_a_failed_rapport_can_be_made_again_as_a_new_version(app_ctx, session, veld):
    from handhaving.controles.models import RapportStatus
    from tests.factories.controles import vastgestelde_controle
    users = veld["users"]
    t = users[("9901", Rol.TOEZICHTHOUDER)]
    c = vastgestelde_controle(session, veld["a"], users[("9901", Rol.COORDINATOR)], t, veld["adressen"][1])
    with pytest.raises(OngeldigeOvergang):  # still being made
        afronding.maak_rapport_opnieuw(session, t, c)
    c.rapporten[0].status = RapportStatus.FOUT
    r = afronding.maak_rapport_opnieuw(session, t, c)
    assert r.versie == 2 and r.status == RapportStatus.WACHT
    with pytest.raises(Geweigerd):
        afronding.maak_rapport_opnieuw(session, users[("9901", Rol.VERGUNNINGVERLENER)], c)


def test_a_later_controle_marks_earlier_findings_resolved(app_ctx, session, veld):
    from tests.factories.controles import vastgestelde_controle
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    adres = veld["adressen"][1]
    eerste = vastgestelde_controle(session, veld["a"], coord, t, adres)
    [open_bevinding] = eerste.bevindingen
    assert planning.open_bevindingen_voor_adres(session, [veld["a"].id], adres.id) == [open_bevinding]
    [her] = plan_voor(session, veld["a"], coord, [t], adres, dag=vandaag() + timedelta(days=1))
    with pytest.raises(OngeldigeOvergang):  # not started yet
        vastlegging.zet_opgelost(session, t, her, open_bevinding, True)
    vastlegging.start(session, t, her)
    assert vastlegging.eerdere_bevindingen(session, her) == [open_bevinding]
    vastlegging.zet_opgelost(session, t, her, open_bevinding, True)
    assert open_bevinding.opgelost_in_controle_id == her.id and open_bevinding.opgelost_door_id == t.id
    assert planning.open_bevindingen_voor_adres(session, [veld["a"].id], adres.id) == []
    assert vastlegging.eerdere_bevindingen(session, her) == [open_bevinding]  # still listed, as resolved here
    vastlegging.zet_opgelost(session, t, her, open_bevinding, False)
    assert open_bevinding.opgelost_op is None
    # A finding of another address cannot be resolved from this controle.
    anders = vastgestelde_controle(session, veld["a"], coord, t, veld["adressen"][0])
    with pytest.raises(OngeldigeInvoer):
        vastlegging.zet_opgelost(session, t, her, anders.bevindingen[0], True)
