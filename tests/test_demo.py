from sqlalchemy import func, select

from handhaving import demo
from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.locaties.models import Adres, Verblijfsobject


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
    assert len(logins) == 12
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


def test_demo_csv_is_a_valid_nlextract_file():
    data = demo.generate_bag_csv(demo.DEMO_GEMEENTEN[0], 100).decode()
    header, first = data.splitlines()[:2]
    assert header.split(";")[0] == "openbareruimte" and header.split(";")[-1] == "lat"
    fields = first.split(";")
    assert len(fields) == 22 and len(fields[8]) == 16 and fields[8][4:6] == "20"
    x, y = float(fields[18]), float(fields[19])
    assert 0 < x < 300_000 and 289_000 < y < 629_000
