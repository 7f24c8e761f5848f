"""The outcome of a controle is a set: one visit can lead to enforcement, a RIEC signal and a
referral together. 'Geen overtreding' excludes the others, enforcement needs a finding (Awb 3:2),
a hercontrole is planned in the same step through the planning service, the status is the
furthest-reaching outcome, and the rapport gets a new version that carries the outcome."""
from __future__ import annotations

import itertools
import re
import subprocess
import uuid
from datetime import time, timedelta

import pytest
from alembic import command
from sqlalchemy import func, select, text

from handhaving.audit.models import AuditRegel
from handhaving.cli import alembic_config
from handhaving.controles import afronding, planning, rapport
from handhaving.controles.acties import ControleActie
from handhaving.controles.models import (ChecklistAntwoord, ChecklistItem, Controle, ControleStatus as S, ControleUitkomst, Rapport,
                                         RapportStatus)
from handhaving.controles.workflow import UITKOMSTEN, VOORRANG, status_voor
from handhaving.db import make_engine
from handhaving.errors import Geweigerd, OngeldigeInvoer, OngeldigeOvergang, VerouderdeVersie
from handhaving.security.rules import Rol
from handhaving.storage import get_opslag
from handhaving.tijd import naar_lokaal, vandaag
from tests.factories import make_user
from tests.factories.controles import vastgestelde_controle
from tests.helpers import csrf_for, csrf_from, login

K = afronding.Keuze
HANDHAVING = K("doorgezet_handhaving", "Voornemen last onder dwangsom; team Juridische zaken.")
RIEC = K("doorgezet_signaal_riec", "Signaal ingebracht bij het RIEC door de coördinator.")
PARTNER = K("doorgezet_partner", "Twijfel over werkrecht; de Arbeidsinspectie neemt het over.", "arbeidsinspectie")
GEEN = K("afgesloten_geen_overtreding")


def _vastgesteld(session, veld, adres=1):
    users = veld["users"]
    return vastgestelde_controle(session, veld["a"], users[("9901", Rol.COORDINATOR)],
                                 users[("9901", Rol.TOEZICHTHOUDER)], veld["adressen"][adres])


def _herc(c, datum=None, team=None, van=time(20), tot=time(22)):
    return afronding.Hercontrole(str(uuid.uuid4()), datum or vandaag() + timedelta(weeks=4), van, tot,
                                 [t.id for t in c.toezichthouders] if team is None else team)


def _stand(session, c):
    """What a refused choice must leave as it was."""
    return (c.status, c.versie, c.afgerond_op,
            session.scalar(select(func.count()).select_from(ControleUitkomst)),
            session.scalar(select(func.count()).select_from(Controle)),
            session.scalar(select(func.count()).select_from(Rapport)))


def test_the_status_is_the_furthest_reaching_outcome():
    assert set(VOORRANG) == set(UITKOMSTEN)
    for a, b in itertools.combinations(VOORRANG, 2):
        assert status_voor([b, a]) == a
    assert status_voor([S.DOORGEZET_SIGNAAL_RIEC, S.DOORGEZET_HANDHAVING]) == S.DOORGEZET_HANDHAVING


def test_one_controle_leads_to_enforcement_a_riec_signal_and_a_referral_together(app_ctx, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = _vastgesteld(session, veld)
    rijen = afronding.kies_uitkomsten(session, t, c, c.versie, [RIEC, PARTNER, HANDHAVING])
    assert [r.uitkomst for r in rijen] == [S.DOORGEZET_HANDHAVING, S.DOORGEZET_SIGNAAL_RIEC, S.DOORGEZET_PARTNER]
    assert c.status == S.DOORGEZET_HANDHAVING and c.afgerond_op is not None
    assert {r.uitkomst: r.toelichting for r in c.uitkomsten}[S.DOORGEZET_PARTNER] == PARTNER.toelichting
    assert [r.partner for r in rijen] == ["", "", "arbeidsinspectie"] and rijen[2].partner_label.startswith("Neder")
    assert all(r.gekozen_door_id == t.id and r.gemeente_id == c.gemeente_id for r in rijen)
    audit = session.execute(select(AuditRegel).where(AuditRegel.actie == ControleActie.STATUS_GEWIJZIGD,
                                                     AuditRegel.object_id == str(c.id))
                            .order_by(AuditRegel.id.desc())).scalars().first()
    assert "doorgezet_handhaving" in audit.details and "signaal naar het riec" in audit.reden


@pytest.mark.parametrize("keuzes,melding", [
    ([GEEN, RIEC], "gaat niet samen"),
    ([], "ten minste één uitkomst"),
    ([K("gepland", "x")], "Onbekende uitkomst"),
    ([K("doorgezet_signaal_riec", "")], "licht toe wat er nu gebeurt"),
    ([K("doorgezet_partner", "Naar de politie.")], "kies de partnerorganisatie"),
    ([K("doorgezet_partner", "Naar de politie.", "burgemeester")], "kies de partnerorganisatie"),
    ([K("doorgezet_signaal_riec", "x" * 5001)], "te lang"),
    ([K("hercontrole_gepland", "Over vier weken.")], "Plan de hercontrole"),
])
def test_a_set_against_the_rules_is_refused_in_dutch_and_nothing_is_written(app_ctx, session, veld, keuzes,
                                                                           melding):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = _vastgesteld(session, veld)
    voor = _stand(session, c)
    with pytest.raises(OngeldigeInvoer) as exc:
        afronding.kies_uitkomsten(session, t, c, c.versie, keuzes)
    assert any(melding in p for p in exc.value.problemen), exc.value.problemen
    assert _stand(session, c) == voor


def test_every_problem_is_named_at_once(app_ctx, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = _vastgesteld(session, veld)
    with pytest.raises(OngeldigeInvoer) as exc:
        afronding.kies_uitkomsten(session, t, c, c.versie, [GEEN, K("doorgezet_signaal_riec"),
                                                            K("doorgezet_partner", "x")])
    assert len(exc.value.problemen) == 3


def test_enforcement_needs_a_recorded_finding_awb_3_2(app_ctx, session, veld):
    """Awb 3:2: an enforcement decision rests on facts established at the controle."""
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = _vastgesteld(session, veld)
    for b in list(c.bevindingen):  # as a controle without findings (the fixture always records one)
        for f in b.fotos:
            session.delete(f)
        session.delete(b)
    session.flush()
    session.expire(c, ["bevindingen", "fotos"])
    voor = _stand(session, c)
    with pytest.raises(OngeldigeInvoer, match="ten minste één vastgelegde bevinding"):
        afronding.kies_uitkomsten(session, t, c, c.versie, [HANDHAVING])
    assert _stand(session, c) == voor
    afronding.kies_uitkomsten(session, t, c, c.versie, [RIEC])
    assert c.status == S.DOORGEZET_SIGNAAL_RIEC


def test_the_hercontrole_is_planned_in_the_same_step_through_the_planning_service(app_ctx, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = _vastgesteld(session, veld)
    voor = _stand(session, c)
    # The planning service's own rules: no date in the past, a team of toezichthouders.
    with pytest.raises(OngeldigeInvoer, match="verleden"):
        afronding.kies_uitkomsten(session, t, c, c.versie, [HANDHAVING, K("hercontrole_gepland", "Herstel")],
                                  _herc(c, datum=vandaag() - timedelta(days=1)))
    with pytest.raises(OngeldigeInvoer, match="toezichthouder"):
        afronding.kies_uitkomsten(session, t, c, c.versie, [K("hercontrole_gepland", "Herstel")], _herc(c, team=[]))
    assert _stand(session, c) == voor
    datum = vandaag() + timedelta(weeks=4)
    rijen = afronding.kies_uitkomsten(session, t, c, c.versie,
                                      [K("hercontrole_gepland", "Herstel binnen vier weken."), HANDHAVING],
                                      _herc(c, datum=datum))
    assert c.status == S.DOORGEZET_HANDHAVING
    [her] = [r for r in rijen if r.uitkomst == S.HERCONTROLE_GEPLAND]
    v = her.hercontrole
    assert v.status == S.GEPLAND and v.vorige_controle_id == c.id and naar_lokaal(v.gepland_op).date() == datum
    assert (v.adres_id, v.controletype_id, v.rechtsgronden, v.partners) == (
        c.adres_id, c.controletype_id, c.rechtsgronden, c.partners)
    assert [u.id for u in v.toezichthouders] == [t.id] and "Herstel binnen vier weken." in v.briefing
    acties = set(session.execute(select(AuditRegel.actie).where(AuditRegel.object_id == str(v.id))).scalars())
    assert {ControleActie.GEPLAND, ControleActie.HERCONTROLE_GEPLAND} <= acties
    # A further-reaching outcome shows in the status; the open hercontrole is still suggested.
    [s] = [s for s in planning.suggesties(session, veld["a"].id) if s.adres.id == c.adres_id]
    assert s.soort == "hercontrole"


def test_only_the_team_or_the_coordinator_chooses_and_plans(app_ctx, session, veld):
    c = _vastgesteld(session, veld)
    ander = make_user(session, "collega.9901", [(veld["a"], Rol.TOEZICHTHOUDER)])
    voor = _stand(session, c)
    for wie in (ander, veld["users"][("9902", Rol.COORDINATOR)]):
        with pytest.raises(Geweigerd):
            afronding.kies_uitkomsten(session, wie, c, c.versie, [K("hercontrole_gepland", "x")], _herc(c))
    assert _stand(session, c) == voor
    # Planning a controle that is no one's hercontrole stays the coördinator's.
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    with pytest.raises(Geweigerd):
        planning.plan_controles(session, t, veld["a"].id, planning.Plan(
            str(uuid.uuid4()), c.controletype_id, [c.adres_id], vandaag() + timedelta(days=3), time(10), time(11),
            [t.id]))


@pytest.mark.parametrize("status", [s for s in S if s != S.RAPPORT_VASTGESTELD], ids=lambda s: s.value)
def test_an_outcome_only_after_vaststelling_and_only_once(app_ctx, session, veld, status):
    coord = veld["users"][("9901", Rol.COORDINATOR)]
    c = session.get(Controle, veld["controle"].id)
    c.status = status
    for kolom in ("uitgevoerd_op", "vastgesteld_op", "afgerond_op"):
        setattr(c, kolom, c.gepland_op)
    session.flush()
    voor = _stand(session, c)
    with pytest.raises(OngeldigeOvergang):
        afronding.kies_uitkomsten(session, coord, c, c.versie, [RIEC])
    assert _stand(session, c) == voor


def test_a_stale_version_is_refused(app_ctx, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = _vastgesteld(session, veld)
    voor = _stand(session, c)
    with pytest.raises(VerouderdeVersie):
        afronding.kies_uitkomsten(session, t, c, c.versie - 1, [RIEC])
    assert _stand(session, c) == voor


def _antwoord(session, c, code, waarde):
    item = session.execute(select(ChecklistItem).where(ChecklistItem.code == code, ChecklistItem.sectie.has(
        sjabloon_id=c.sjabloon_id))).scalar_one()
    a = session.execute(select(ChecklistAntwoord).where(ChecklistAntwoord.controle_id == c.id,
                                                        ChecklistAntwoord.item_id == item.id)).scalar_one_or_none()
    if a is None:
        a = ChecklistAntwoord(controle_id=c.id, gemeente_id=c.gemeente_id, item_id=item.id)
        session.add(a)
    a.waarde = waarde
    session.flush()


def test_the_checklist_answer_offers_the_hercontrole_after_the_term_or_by_its_date(app_ctx, session, veld):
    c = _vastgesteld(session, veld)
    v = afronding.hercontrole_voorstel(session, c)
    # The gemeente's term (6 weeks by default) after the controle, same hours and team.
    assert v.nodig and v.datum == naar_lokaal(c.uitgevoerd_op).date() + timedelta(weeks=6)
    assert (v.van, v.tot) == (time(9), time(11)) and v.toezichthouder_ids == [t.id for t in c.toezichthouders]
    _antwoord(session, c, "hercontrole_uiterlijk", (vandaag() + timedelta(weeks=2)).isoformat())
    assert afronding.hercontrole_voorstel(session, c).datum == vandaag() + timedelta(weeks=2)
    _antwoord(session, c, "hercontrole_uiterlijk", "2001-01-01")  # never in the past
    assert afronding.hercontrole_voorstel(session, c).datum == vandaag()
    _antwoord(session, c, "hercontrole_nodig", "nee")
    assert not afronding.hercontrole_voorstel(session, c).nodig


def _pdftekst(pdf: bytes, tmp_path) -> str:
    pad = tmp_path / "rapport.pdf"
    pad.write_bytes(pdf)
    tekst = subprocess.run(["pdftotext", "-layout", str(pad), "-"], capture_output=True, text=True,
                           check=True).stdout
    return re.sub(r"\s+", " ", tekst)


def test_the_rapport_gets_a_new_version_with_the_outcome_and_the_signed_one_stays(app_ctx, session, veld,
                                                                                 tmp_path):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = _vastgesteld(session, veld)
    [eerste] = c.rapporten
    rapport.maak_rapport(session, eerste.id)
    getekend = (eerste.pdf_sha256, eerste.versie)
    assert "De controle is nog niet afgerond" in _pdftekst(get_opslag().get(eerste.pdf_sleutel), tmp_path)
    datum = vandaag() + timedelta(weeks=5)
    afronding.kies_uitkomsten(session, t, c, c.versie, [HANDHAVING, RIEC, K("hercontrole_gepland", "Herstel.")],
                              _herc(c, datum=datum))
    nieuw = session.execute(select(Rapport).where(Rapport.controle_id == c.id, Rapport.versie == 2)).scalar_one()
    assert nieuw.status == RapportStatus.WACHT
    rapport.maak_rapport(session, nieuw.id)
    assert nieuw.status == RapportStatus.KLAAR, nieuw.fout
    tekst = _pdftekst(get_opslag().get(nieuw.pdf_sleutel), tmp_path)
    assert "De controle is nog niet afgerond" not in tekst
    uitkomst = tekst[tekst.index("Uitkomst Doorgezet"):]
    for stuk in ("Doorgezet naar handhaving", HANDHAVING.toelichting, "Signaal naar het RIEC", RIEC.toelichting,
                 "Hercontrole gepland", f"{datum:%d-%m-%Y} 20:00 – 22:00"):
        assert stuk in uitkomst, stuk
    # Furthest-reaching first.
    assert uitkomst.index("handhaving") < uitkomst.index("RIEC") < uitkomst.index("Hercontrole gepland")
    assert (eerste.pdf_sha256, eerste.versie) == getekend and eerste.status == RapportStatus.KLAAR


# --- The outcome page --------------------------------------------------------------------------

def _pagina(client, c):
    resp = client.get(f"/controles/{c.id}/uitkomst")
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    velden = {"csrf_token": csrf_from(body),
              "verzendsleutel": re.search(r'name="verzendsleutel" type="hidden" value="([^"]+)"', body).group(1),
              "versie": re.search(r'id="versie" name="versie" type="hidden" value="(\d+)"', body).group(1)}
    return body, velden


def test_the_page_offers_the_hercontrole_from_the_checklist_and_a_double_submit_closes_once(
        app, make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    with app.app_context():
        c = _vastgesteld(session, veld)
        session.commit()
    client = make_client()
    login(client, session, t)
    body, velden = _pagina(client, c)
    # "Hercontrole nodig: ja" on the checklist: the outcome is ticked and the plan filled in.
    assert re.search(r'value="hercontrole_gepland"[^>]*checked|checked[^>]*value="hercontrole_gepland"', body)
    voorstel = naar_lokaal(c.uitgevoerd_op).date() + timedelta(weeks=6)
    assert f'value="{voorstel.isoformat()}"' in body and "Volgens de controlelijst is een hercontrole nodig" in body
    data = {**velden, "uitkomsten": ["doorgezet_handhaving", "hercontrole_gepland"],
            "toelichting_doorgezet_handhaving": "Last onder dwangsom.",
            "toelichting_hercontrole_gepland": "Herstel binnen zes weken.",
            "datum": voorstel.isoformat(), "van": "20:00", "tot": "22:00", "toezichthouder_ids": str(t.id)}
    eerste = client.post(f"/controles/{c.id}/uitkomst", data=data)
    tweede = client.post(f"/controles/{c.id}/uitkomst", data=data)
    assert eerste.status_code == 302 and tweede.status_code == 303
    assert eerste.headers["Location"] == tweede.headers["Location"]
    session.expire_all()
    c = session.get(Controle, c.id)
    assert c.status == S.DOORGEZET_HANDHAVING and len(c.uitkomsten) == 2
    assert session.scalar(select(func.count()).select_from(Controle).where(Controle.vorige_controle_id == c.id)) == 1
    detail = client.get(f"/controles/{c.id}").get_data(as_text=True)
    assert "Herstel binnen zes weken." in detail and "hercontrole op" in detail


def test_bad_input_keeps_what_was_typed_and_writes_nothing(app, make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    with app.app_context():
        c = _vastgesteld(session, veld)
        session.commit()
    client = make_client()
    login(client, session, t)
    _, velden = _pagina(client, c)
    tekst = "Signaal <script>alert(1)</script> ingebracht"
    resp = client.post(f"/controles/{c.id}/uitkomst", data={
        **velden, "uitkomsten": ["afgesloten_geen_overtreding", "doorgezet_signaal_riec", "doorgezet_partner"],
        "toelichting_doorgezet_signaal_riec": tekst, "toelichting_doorgezet_partner": "Naar de politie."})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "gaat niet samen met een andere uitkomst" in body and "kies de partnerorganisatie" in body
    assert "Signaal &lt;script&gt;alert(1)&lt;/script&gt; ingebracht" in body and "<script>alert(1)" not in body
    assert re.search(r'checked[^>]*value="doorgezet_partner"|value="doorgezet_partner"[^>]*checked', body)
    # A date that is no date: the planning step says so, nothing is planned.
    resp = client.post(f"/controles/{c.id}/uitkomst", data={
        **velden, "uitkomsten": ["hercontrole_gepland"], "toelichting_hercontrole_gepland": "Herstel.",
        "datum": "31-02-2027", "van": "20:00", "tot": "22:00", "toezichthouder_ids": str(t.id)})
    assert resp.status_code == 422 and "Plan de hercontrole" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(Controle, c.id).status == S.RAPPORT_VASTGESTELD
    assert session.scalar(select(func.count()).select_from(ControleUitkomst)) == 0
    assert session.scalar(select(func.count()).select_from(Controle).where(Controle.vorige_controle_id == c.id)) == 0


def test_another_gemeentes_controle_is_404(app, make_client, session, veld):
    with app.app_context():
        c = _vastgesteld(session, veld)
        session.commit()
    client = make_client()
    login(client, session, veld["users"][("9902", Rol.COORDINATOR)])
    assert client.get(f"/controles/{c.id}/uitkomst").status_code == 404
    token = csrf_for(client)
    resp = client.post(f"/controles/{c.id}/uitkomst", data={"csrf_token": token, "versie": c.versie,
                                                             "uitkomsten": "doorgezet_signaal_riec",
                                                             "toelichting_doorgezet_signaal_riec": "x"})
    assert resp.status_code == 404
    session.expire_all()
    assert session.get(Controle, c.id).status == S.RAPPORT_VASTGESTELD


# --- Migration h23uitkomst01 -----------------------------------------------------------------



def test_the_migration_gives_every_closed_controle_its_outcome_and_back(lege_database):
    url = lege_database("uitkomst_migratie")
    cfg = alembic_config(url)
    command.upgrade(cfg, "h22fuzz01")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO gemeente (id, code, naam, regio, mfa_alle_rollen) "
                              "VALUES (1, '9901', 'Dalveen', 'Midden', false)"))
            for i, status, toelichting, vorige in [(1, "hercontrole_gepland", "Over zes weken.", None),
                                                   (2, "gepland", "", 1),
                                                   (3, "doorgezet_partner", "Naar de politie.", None),
                                                   (4, "rapport_vastgesteld", "", None)]:
                conn.execute(text(
                    "INSERT INTO controle (id, uuid, gemeente_id, soort, status, versie, aangemaakt_op, "
                    "vorige_controle_id, uitgevoerd_op, vastgesteld_op, afgerond_op, uitkomst_toelichting) "
                    "VALUES (:id, :uuid, 1, 'prostitutiecontrole_vergund', :status, 1, '2026-11-01 10:00:00', "
                    ":vorige, :t, :t, :af, :toel)"),
                    {"id": i, "uuid": str(uuid.uuid4()), "status": status, "vorige": vorige, "toel": toelichting,
                     "t": None if status == "gepland" else "2026-11-02 10:00:00",
                     "af": "2026-11-03 10:00:00" if i in (1, 3) else None})
        command.upgrade(cfg, "h23uitkomst01")
        with engine.connect() as conn:
            rijen = conn.execute(text("SELECT controle_id, uitkomst, toelichting, hercontrole_id, gekozen_op "
                                      "FROM controle_uitkomst ORDER BY controle_id")).all()
            assert [tuple(r[:4]) for r in rijen] == [(1, "hercontrole_gepland", "Over zes weken.", 2),
                                                     (3, "doorgezet_partner", "Naar de politie.", None)]
            assert str(rijen[0][4]).startswith("2026-11-03 10:00")
            conn.execute(text("UPDATE controle SET uitkomst_toelichting = '' WHERE id = 3"))
            conn.commit()
        command.downgrade(cfg, "h22fuzz01")
        with engine.connect() as conn:
            terug = conn.execute(text("SELECT id, uitkomst_toelichting FROM controle ORDER BY id")).all()
        assert [tuple(r) for r in terug] == [(1, "Over zes weken."), (2, ""), (3, "Naar de politie."), (4, "")]
    finally:
        engine.dispose()
