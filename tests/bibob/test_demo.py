"""The demo Bibob register (handhaving/bibob/demo.py): after ``demo seed`` both demo gemeenten have
investigations in every step, exactly one deadline in the coming week, mandates for their
vergunningverleners, a refusal after a zienswijze, and subjects under spelling variants."""
from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import func, select

from handhaving import demo
from handhaving.auth.models import Gebruiker, Gemeente
from handhaving.bibob import rechten, services, termijnen
from handhaving.bibob.demo import seed_bibob
from handhaving.bibob.models import (
    BibobAanleiding,
    BibobBesluit,
    BibobBetrokkene,
    BibobDocument,
    BibobMandaat,
    BibobOnderzoek,
    BibobStap,
    BibobStatus,
    BibobTip,
    MateVanGevaar,
    TipBron,
)
from handhaving.storage import get_opslag
from handhaving.subjecten.models import Subject
from handhaving.tijd import vandaag


def _tel(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar()


def test_demo_bibob(app, session, monkeypatch):
    duur = []

    def getimed(*args):
        # CPU time of this process (SQLite runs in it): stable while other jobs load the machine.
        begin = time.process_time()
        uit = seed_bibob(*args)
        duur.append(time.process_time() - begin)
        return uit

    monkeypatch.setattr(demo, "seed_bibob", getimed)
    with app.app_context():
        demo.seed(session, addresses_per_gemeente=200)
        # The Bibob part of ``make run``'s seed is quick.
        assert len(duur) == 1 and duur[0] < 2, duur
        gemeenten = session.execute(select(Gemeente).order_by(Gemeente.code)).scalars().all()
        users = session.execute(select(Gebruiker)).scalars().all()
        nu = vandaag()

        for g in gemeenten:
            naam = g.naam.lower()
            vv = next(u for u in users if u.gebruikersnaam == f"vergunningverlener.{naam}")
            # The vergunningverlener holds a mandate; the coördinator has the right by role.
            [m] = session.execute(select(BibobMandaat).where(BibobMandaat.gemeente_id == g.id)).scalars().all()
            assert m.gebruiker_id == vv.id and m.ingetrokken_op is None and m.besluit.startswith("Mandaatbesluit Bibob")
            assert rechten.heeft_recht(session, vv, g.id)

            onderzoeken = session.execute(select(BibobOnderzoek).where(BibobOnderzoek.gemeente_id == g.id)
                                          ).scalars().all()
            assert 10 <= len(onderzoeken) <= 15, g.naam
            assert {o.status for o in onderzoeken} == set(BibobStatus), g.naam
            assert len({o.zaaknummer for o in onderzoeken}) == len(onderzoeken)
            # Linked to permits (application, extension, revocation) and some without one.
            assert {BibobAanleiding.AANVRAAG.value, BibobAanleiding.WIJZIGING.value,
                    BibobAanleiding.INTREKKING.value} <= {o.aanleiding for o in onderzoeken}
            zonder = [o for o in onderzoeken if o.vergunning_id is None]
            assert zonder and all(o.omschrijving for o in zonder)
            assert all(o.vergunning.gemeente_id == g.id for o in onderzoeken if o.vergunning_id)
            assert all(o.betrokkenen for o in onderzoeken)

            # Exactly one deadline in the coming week (not overdue, not later).
            p = services.perioden(session, g.id)
            deze_week = [o for o in onderzoeken if (t := termijnen.eerstvolgende(o, nu, p)) is not None
                         and nu <= t.datum < nu + timedelta(days=7)]
            assert len(deze_week) == 1, [(o.zaaknummer, termijnen.eerstvolgende(o, nu, p)) for o in deze_week]
            assert deze_week[0].status == BibobStatus.ADVIES_LBB_AANGEVRAAGD
            assert termijnen.eerstvolgende(deze_week[0], nu, p).status == termijnen.BINNENKORT
            # Nothing is overdue in the demo.
            assert not [o.zaaknummer for o in onderzoeken for t in termijnen.termijnen(o, nu, p)
                        if t.status == termijnen.VERLOPEN]

            # The scenarios the issue names.
            lbb = [o for o in onderzoeken if o.lbb_aangevraagd_op]
            assert all(o.betrokkene_geinformeerd_op for o in lbb)
            assert len([o for o in onderzoeken if o.lbb_verlengd_op]) == 1
            weigering = [o for o in onderzoeken if o.besluit == BibobBesluit.WEIGEREN]
            assert weigering and all(o.advies_mate == MateVanGevaar.ERNSTIG and o.advies_grond.value == "a"
                                     and o.zienswijze_ontvangen_op and o.zienswijzen[0].tekst
                                     and o.zienswijze_ontvangen_op < o.besluit_op for o in weigering)
            assert weigering[0].vergunning.bibob_getoetst_op == weigering[0].besluit_op
            assert any(o.advies_mate == MateVanGevaar.MINDERE_MATE and o.besluit == BibobBesluit.VOORSCHRIFTEN
                       for o in onderzoeken)
            assert any(o.advies_mate == MateVanGevaar.GEEN and o.besluit == BibobBesluit.VERLENEN
                       for o in onderzoeken)
            assert any(o.formulier_uitkomst and o.formulier_uitkomst.value in ("geweigerd", "onvolledig")
                       and o.status == BibobStatus.ZIENSWIJZE for o in onderzoeken)
            hergebruik = [o for o in onderzoeken if o.hergebruikt_advies_van_id]
            assert len(hergebruik) == 1 and hergebruik[0].hergebruikt_advies_van.gemeente_id == g.id
            bronnen = {t.bron for t in session.execute(select(BibobTip).where(BibobTip.gemeente_id == g.id)).scalars()}
            assert {TipBron.RIEC, TipBron.GEMEENTE} <= bronnen
            docs = session.execute(select(BibobDocument).where(BibobDocument.gemeente_id == g.id)).scalars().all()
            assert docs and all(get_opslag().get(d.sleutel).startswith(b"%PDF") for d in docs)
            # Dates in the past and in order: the start lies before every later step.
            for o in onderzoeken:
                stappen = session.execute(select(BibobStap).where(BibobStap.onderzoek_id == o.id)
                                          .order_by(BibobStap.id)).scalars().all()
                datums = [s.datum for s in stappen]
                assert datums == sorted(datums) and datums[-1] <= nu, o.zaaknummer
                assert o.aangemaakt_op.date() <= datums[0] + timedelta(days=1)
            # The mandated vergunningverlener sees the dossiers assigned to them, not all.
            zichtbaar = [o for o in onderzoeken if rechten.mag_openen(session, vv, o)]
            assert 0 < len(zichtbaar) < len(onderzoeken)

            # Spelling variants of the register's names, some of them in a dossier or on a permit.
            namen = {(s.voorvoegsel, s.geslachtsnaam) for s in session.execute(
                select(Subject).where(Subject.gemeente_id == g.id)).scalars()}
            bedrijven = " ".join(session.execute(select(Subject.naam).where(Subject.gemeente_id == g.id,
                                                                            Subject.naam.is_not(None))).scalars())
            paren = [(("", "Dijkstra"), ("", "Dykstra")), (("", "Müller"), ("", "Muller")),
                     (("", "Jansen"), ("", "Janssen")), (("van", "Dijk"), ("van", "Dyk")),
                     (("", "Kuipers"), ("", "Kuijpers"))]
            gevonden = 0
            for x, y in paren:
                alle = namen | {("", w.strip(",.")) for w in bedrijven.split()}
                gevonden += x in alle and y in alle
            assert gevonden >= 2, g.naam
            assert ("de", "Vries") in namen
            betrokken = set(session.execute(select(BibobBetrokkene.subject_id).where(
                BibobBetrokkene.gemeente_id == g.id)).scalars())
            assert len(betrokken) >= 10

        # Running again adds nothing.
        tabellen = (BibobOnderzoek, BibobStap, BibobMandaat, BibobTip, BibobDocument, BibobBetrokkene, Subject)
        voor = {m.__name__: _tel(session, m) for m in tabellen}
        begin = time.perf_counter()
        assert seed_bibob(session, gemeenten, users) == {g.naam: 0 for g in gemeenten}
        assert time.perf_counter() - begin < 1
        assert {m.__name__: _tel(session, m) for m in tabellen} == voor

