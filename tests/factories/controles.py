"""Controles with their team."""
from __future__ import annotations

import uuid
from datetime import datetime

import factory

from handhaving.controles.models import (
    AFGEROND,
    NA_UITVOERING,
    NA_VASTSTELLING,
    Controle,
    ControleSoort,
    ControleStatus,
)
from tests.factories.base import Factory


def _moment(o, statussen) -> datetime | None:
    return (getattr(o, "gepland_op", None) or datetime(2026, 1, 1, 12)) if ControleStatus(o.status).value in statussen else None


class ControleFactory(Factory):
    class Meta:
        model = Controle
        exclude = ("gemeente",)

    gemeente = None
    uuid = factory.LazyFunction(lambda: str(uuid.uuid4()))
    gemeente_id = factory.LazyAttribute(lambda o: o.gemeente.id)
    soort = ControleSoort.PROSTITUTIE_VERGUND
    status = ControleStatus.GEPLAND
    # The lifecycle's times, as the database requires them (CHECK constraints, migration h22fuzz01).
    uitgevoerd_op = factory.LazyAttribute(lambda o: _moment(o, NA_UITVOERING))
    vastgesteld_op = factory.LazyAttribute(lambda o: _moment(o, NA_VASTSTELLING))
    afgerond_op = factory.LazyAttribute(lambda o: _moment(o, AFGEROND))

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        for user in extracted or ():
            obj.toezichthouders.append(user)


def vastgestelde_controle(session, gemeente, coordinator, toezichthouder, adres, *, canary: str = "",
                          met_pdf: bool = False):
    """A controle carried out through the services up to a fixed rapport: answers, a finding, a
    sex worker (with ``canary`` in her data), a person, a photo, a drawn signature, a rapport.
    Needs an app context (audit) and default types installed for the gemeente."""
    import base64
    import io
    from datetime import time

    from PIL import Image
    from sqlalchemy import select

    from handhaving.controles import afronding, planning, rapport, services, vastlegging
    from handhaving.controles.demo import plan_vooraf
    from handhaving.controles.models import ChecklistItem, ChecklistSectie, Controletype
    from handhaving.tijd import vandaag

    ctype = session.execute(select(Controletype).where(Controletype.gemeente_id == gemeente.id,
                                                       Controletype.code == "prostitutie_vergund")).scalar_one()
    [c] = plan_vooraf(session, coordinator, gemeente.id, planning.Plan(  # 09:00 today at any hour
        uuid=str(uuid.uuid4()), controletype_id=ctype.id, adres_ids=[adres.id], datum=vandaag(), van=time(9),
        tot=time(11), toezichthouder_ids=[toezichthouder.id], partners=["politie"],
        rechtsgronden=list(ctype.rechtsgronden), briefing="Briefing"))
    vastlegging.start(session, toezichthouder, c)
    W = vastlegging.Wijziging
    wijzigingen = {"toegang": W("openbare_inrichting"), "notities": W("Rustige avond.")}
    for item in session.execute(select(ChecklistItem).join(ChecklistSectie).where(
            ChecklistSectie.sjabloon_id == c.sjabloon_id, ChecklistItem.verplicht.is_(True))).scalars():
        wijzigingen[f"a:{item.id}"] = W({"ja_nee": "ja", "getal": "2", "tekst": "gezien", "datum": "2026-01-01",
                                         "tijd": "10:00"}.get(item.soort.value, (item.keuzes or ["x"])[0]))
    vastlegging.sla_op(session, toezichthouder, c, c.versie, wijzigingen)
    b, _ = vastlegging.voeg_bevinding_toe(session, toezichthouder, c, uuid=str(uuid.uuid4()), categorie="vergunning",
                                          omschrijving="Vergunning niet opgehangen.", waarneming="eigen",
                                          ernst="ernstig", norm="APV art. 3:9")
    vastlegging.voeg_persoon_toe(session, toezichthouder, c, uuid=str(uuid.uuid4()), rol="sekswerker",
                                 sekswerker=vastlegging.SekswerkerInvoer(
                                     werknaam=f"Werknaam {canary}", geboortejaar=1999, id_gezien=True,
                                     nationaliteit=f"Land {canary}", toelichting=f"Toelichting {canary}"))
    vastlegging.voeg_persoon_toe(session, toezichthouder, c, uuid=str(uuid.uuid4()), rol="exploitant",
                                 naam="J. Exploitant", id_gezien=True)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, "JPEG")
    vastlegging.voeg_foto_toe(session, toezichthouder, c, uuid=str(uuid.uuid4()), data=out.getvalue(), bevinding=b,
                              bijschrift="Entree")
    afronding.rond_uitvoering_af(session, toezichthouder, c, c.versie)
    services.stel_rapport_op(session, toezichthouder, c, c.versie)
    png = io.BytesIO()
    Image.new("RGB", (60, 20), "white").save(png, "PNG")
    afronding.onderteken(session, toezichthouder, c, wijze="handtekening", naam=toezichthouder.naam,
                         handtekening="data:image/png;base64," + base64.b64encode(png.getvalue()).decode())
    r = afronding.stel_vast(session, toezichthouder, c, c.versie)
    if met_pdf:
        rapport.maak_rapport(session, r.id)
    return c
