"""The demo permit register (handhaving/vergunningen/demo.py): after ``demo seed`` both demo
gemeenten have permits of every kind in every status, one company with three permits, permits
expiring soon, breaches in the demo controles and a compliance history per voorschrift."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from handhaving import demo
from handhaving.auth.models import Gebruiker, Gemeente
from handhaving.controles.models import Bevinding, Controle, ToetsOordeel, VoorschriftToets
from handhaving.subjecten.models import Subject, SubjectRelatie, SubjectSoort
from handhaving.tijd import vandaag
from handhaving.vergunningen import services
from handhaving.vergunningen.demo import controle_adressen, markeer_naleving, seed_vergunningen
from handhaving.vergunningen.models import (
    Vergunning,
    VergunningBesluit,
    VergunningBetrokkene,
    VergunningSoort,
    VergunningStatus,
    Voorschrift,
)


def _tel(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar()


def test_demo_vergunningen(app, session):
    with app.app_context():
        demo.seed(session, addresses_per_gemeente=200)
        gemeenten = session.execute(select(Gemeente).order_by(Gemeente.code)).scalars().all()
        users = session.execute(select(Gebruiker)).scalars().all()

        for g in gemeenten:
            vergunningen = session.execute(select(Vergunning).where(Vergunning.gemeente_id == g.id)).scalars().all()
            assert 25 <= len(vergunningen) <= 40, g.naam
            assert {v.soort for v in vergunningen} == set(VergunningSoort), g.naam
            assert {v.status for v in vergunningen} == set(VergunningStatus), g.naam
            # Every permit has a decision history that ends in its status; granted ones have voorschriften.
            for v in vergunningen:
                assert v.besluiten and v.besluiten[-1].naar_status == v.status, v.zaaknummer
                if v.besluitdatum and v.status != VergunningStatus.GEWEIGERD:
                    assert 2 <= len(v.voorschriften) <= 6, v.zaaknummer
                    assert all(vs.bron_artikel and vs.categorie for vs in v.voorschriften)
            # Motivations on the decisions that need them (Awb 3:46).
            for b in session.execute(select(VergunningBesluit).where(VergunningBesluit.gemeente_id == g.id,
                                     VergunningBesluit.naar_status.in_(services.MET_MOTIVERING))).scalars():
                assert len(b.toelichting) > 40
            # The sex-worker age voorschrift follows the gemeente's setting (default 21).
            assert session.execute(select(Voorschrift).where(Voorschrift.gemeente_id == g.id,
                                   Voorschrift.tekst.like("%jonger zijn dan 21 jaar%"))).scalars().first()
            assert any(v.bibob_getoetst_op for v in vergunningen)

            # One company, three permits (horeca, Alcoholwet, massagesalon): one subject.
            per_houder = Counter(v.houder_id for v in vergunningen)
            # (the Bibob demo may add permits to other holders; the company is the one we look for)
            drie = [session.get(Subject, h) for h, n in per_houder.items() if n == 3]
            drie = [h for h in drie if h.soort == SubjectSoort.RECHTSPERSOON]
            assert drie, g.naam
            houder = drie[0]
            assert houder.soort == SubjectSoort.RECHTSPERSOON and houder.handelsnamen
            assert {v.soort for v in vergunningen if v.houder_id == houder.id} == {
                VergunningSoort.HORECA, VergunningSoort.ALCOHOLWET, VergunningSoort.MASSAGESALON}
            # KvK numbers keep their leading zero; natural persons with particles hold or run permits.
            kvk = session.execute(select(Subject.kvk_nummer).where(Subject.gemeente_id == g.id,
                                                                   Subject.kvk_nummer.is_not(None))).scalars().all()
            assert any(k.startswith("0") and len(k) == 8 for k in kvk)
            assert any(s.houder.is_persoon for s in vergunningen)
            assert session.execute(select(Subject).where(Subject.gemeente_id == g.id,
                                                         Subject.voorvoegsel == "van der")).scalars().first()
            rollen = {b.rol.value for b in session.execute(select(VergunningBetrokkene).where(
                VergunningBetrokkene.gemeente_id == g.id)).scalars()}
            assert {"beheerder", "leidinggevende", "exploitant"} <= rollen
            relaties = {r.soort.value for r in session.execute(select(SubjectRelatie).where(
                SubjectRelatie.gemeente_id == g.id)).scalars()}
            assert {"bestuurder", "aandeelhouder", "financier"} <= relaties

            # The permits sit where the demo controles go.
            adres_ids = {v.adres_id for v in vergunningen}
            genomen, _ = controle_adressen(session, g)
            assert {a.id for a in genomen["seks"]} <= adres_ids
            assert {a.id for a in genomen["salon"]} <= adres_ids
            controle_adres_ids = set(session.execute(select(Controle.adres_id).where(
                Controle.gemeente_id == g.id)).scalars())
            assert {a.id for a in genomen["seks"]} <= controle_adres_ids

            # The list filters: expiring within 90 days, breaches in the last 12 months.
            verloopt = services.lijst(session, [g.id], services.Filter(verloopt=True))
            assert verloopt.totaal >= 2
            assert all(v.vervaldatum <= vandaag() + timedelta(days=90) for v in verloopt.vergunningen)
            overtreden = services.lijst(session, [g.id], services.Filter(overtredingen=True))
            assert overtreden.totaal >= 2, g.naam
            assert services.lijst(session, [g.id], services.Filter(soort="seksinrichting", status="verleend")).totaal >= 4

            # Compliance history: judged checks, breaches linked to findings, one not checked.
            oordelen = Counter(session.execute(select(VoorschriftToets.oordeel).where(
                VoorschriftToets.gemeente_id == g.id)).scalars())
            assert oordelen[ToetsOordeel.NAGELEEFD.value] > oordelen[ToetsOordeel.OVERTREDEN.value] > 0
            assert oordelen[ToetsOordeel.NIET_GECONTROLEERD.value] == 1
            gekoppeld = session.execute(select(Bevinding).where(Bevinding.gemeente_id == g.id,
                                                                Bevinding.voorschrift_id.is_not(None))).scalars().all()
            assert 1 <= len(gekoppeld) <= 4
            historie = [n for v in vergunningen for n in services.naleving(session, v)]
            soorten = [{m.oordeel for m in n.momenten} for n in historie]
            assert any(ToetsOordeel.NAGELEEFD.value in s for s in soorten)
            assert any(ToetsOordeel.OVERTREDEN.value in s for s in soorten)
            assert any({ToetsOordeel.NAGELEEFD.value, ToetsOordeel.OVERTREDEN.value} <= s for s in soorten)
            assert any(n.laatste == ToetsOordeel.OVERTREDEN.value for n in historie)

        # Running again adds nothing.
        voor = {m.__name__: _tel(session, m) for m in (Vergunning, Subject, Voorschrift, VoorschriftToets)}
        assert seed_vergunningen(session, gemeenten, users) == {g.naam: 0 for g in gemeenten}
        markeer_naleving(session, gemeenten)
        assert {m.__name__: _tel(session, m) for m in (Vergunning, Subject, Voorschrift, VoorschriftToets)} == voor
