import uuid
from datetime import time, timedelta

from sqlalchemy import func, select

from handhaving import demo
from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.controles import planning, sjablonen
from handhaving.controles.models import Controle, ControleSoort, ControleStatus, Controletype
from handhaving.locaties.models import Adres, Verblijfsobject
from handhaving.tijd import vandaag


def test_demo_seed(app, session):
    with app.app_context():  # the controles are made through the services, which audit
        logins = demo.seed(session, addresses_per_gemeente=200)
    gemeenten = session.execute(select(Gemeente)).scalars().all()
    assert {g.naam for g in gemeenten} == {"Dalveen", "Hoogmeer"}
    assert len({g.regio for g in gemeenten}) == 1
    for g in gemeenten:
        roles = {t.rol for u in session.execute(select(Gebruiker)).scalars() for t in u.rollen if t.gemeente_id == g.id}
        assert roles == set(Rol)
        n = session.execute(select(func.count()).select_from(Adres).where(Adres.gemeente_id == g.id)).scalar()
        assert n >= 200
    assert len(logins) == 14
    # The open role request shows the four-eyes step; beheerder.regio may approve it.
    from handhaving.beheer.models import AanvraagStatus, Rolaanvraag
    aanvraag = session.execute(select(Rolaanvraag)).scalar_one()
    assert aanvraag.status == AanvraagStatus.OPEN and aanvraag.rol == Rol.VERGUNNINGVERLENER
    # An open second-factor reset of the burgemeester waits for a second beheerder (nothing changed yet).
    from handhaving.beheer import herstel
    from handhaving.beheer.models import Herstelaanvraag, HerstelStatus
    h = session.execute(select(Herstelaanvraag)).scalar_one()
    assert h.status == HerstelStatus.OPEN and h.deel_a is None and h.gebruiker.totp_secret
    regio = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "beheerder.regio")).scalar_one()
    assert herstel.mag_herstel_goedkeuren(regio, h) and not herstel.mag_herstel_goedkeuren(h.aangevraagd_door, h)
    assert all(l["totp_secret"] for l in logins if l["rol"] in ("Burgemeester", "Functioneel beheerder"))
    # Nevenadressen exist and counts per object stay once per verblijfsobject.
    assert session.execute(select(func.count()).select_from(Adres).where(Adres.is_nevenadres)).scalar() > 0
    assert session.execute(select(func.count()).select_from(Verblijfsobject)).scalar() < \
        session.execute(select(func.count()).select_from(Adres)).scalar()


def test_a_prostitution_control_can_be_planned_with_demo_accounts_only(app, session):
    """Two toezichthouders per demo gemeente, each with an aanwijzing valid on the day (Awb 5:11),
    so that the two-person team of a prostitution control can be planned without making accounts."""
    with app.app_context():
        demo.seed(session, addresses_per_gemeente=200)
        morgen = vandaag() + timedelta(days=1)
        for g in session.execute(select(Gemeente).order_by(Gemeente.code)).scalars():
            naam = g.naam.lower()
            coordinator = session.execute(select(Gebruiker).where(
                Gebruiker.gebruikersnaam == f"coordinator.{naam}")).scalar_one()
            team = planning.toezichthouders(session, g.id)
            assert {u.gebruikersnaam for u in team} == {f"toezichthouder.{naam}", f"toezichthouder2.{naam}"}
            aanwijzingen = sjablonen.aanwijzingen(session, g.id)
            assert all(aanwijzingen[u.id].geldig_tot.date() >= morgen for u in team)
            # The demo shows one already: planned, a prostitution type, the two of them.
            assert any(len(c.toezichthouders) == 2 for c in session.execute(select(Controle).where(
                Controle.gemeente_id == g.id, Controle.status == ControleStatus.GEPLAND,
                Controle.soort.in_([ControleSoort.PROSTITUTIE_VERGUND, ControleSoort.PROSTITUTIE_ONVERGUND]))
            ).scalars())
            adres = session.execute(select(Adres).where(Adres.gemeente_id == g.id).order_by(Adres.id.desc())
                                    ).scalars().first()
            for code in ("prostitutie_vergund", "prostitutie_onvergund"):
                ctype = session.execute(select(Controletype).where(Controletype.gemeente_id == g.id,
                                                                   Controletype.code == code)).scalar_one()
                [c] = planning.plan_controles(session, coordinator, g.id, planning.Plan(
                    uuid=str(uuid.uuid4()), controletype_id=ctype.id, adres_ids=[adres.id], datum=morgen,
                    van=time(21), tot=time(23, 30), toezichthouder_ids=[u.id for u in team],
                    partners=list(ctype.partners), rechtsgronden=list(ctype.rechtsgronden)))
                assert sorted(u.gebruikersnaam for u in c.toezichthouders) == sorted(u.gebruikersnaam for u in team)


def test_demo_csv_is_a_valid_nlextract_file():
    data = demo.generate_bag_csv(demo.DEMO_GEMEENTEN[0], 100).decode()
    header, first = data.splitlines()[:2]
    assert header.split(";")[0] == "openbareruimte" and header.split(";")[-1] == "lat"
    fields = first.split(";")
    assert len(fields) == 22 and len(fields[8]) == 16 and fields[8][4:6] == "20"
    x, y = float(fields[18]), float(fields[19])
    assert 0 < x < 300_000 and 289_000 < y < 629_000
