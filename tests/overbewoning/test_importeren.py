"""The BRP import: all or nothing, idempotent, counts once per object, refuses personal data."""
from __future__ import annotations

import subprocess
from datetime import date

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.importeren import ImportFout, importeer, is_bsn
from handhaving.overbewoning.models import BrpImport, Bewoning
from tests.factories.overbewoning import brp_csv


def _aantal(session, model=Bewoning):
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def _num(adres):
    return adres.nummeraanduiding_id


def test_importeren_is_idempotent_en_telt_nevenadressen_eenmaal(app_ctx, session, buurt):
    a1, neven, a2 = buurt["a1"], buurt["neven"], buurt["a2"]
    raw = brp_csv(f"{_num(a1)};2026-11-30;4;3;2;2;1", f"{_num(neven)};30-11-2026;2;2;1;1;0",
                  f"{_num(a2)};2026-11-30;2;;;;")
    rapport = importeer(session, buurt["a"].id, raw, proef=False)
    assert rapport.fouten == [] and rapport.uitgevoerd
    assert rapport.aantallen == {"nieuw": 2, "gewijzigd": 0, "ongewijzigd": 0}
    assert rapport.samengeteld == 1 and rapport.objecten == 2
    b = session.execute(select(Bewoning).where(Bewoning.verblijfsobject_id == a1.verblijfsobject_id)).scalar_one()
    assert (b.personen, b.volwassenen, b.huishoudens, b.achternamen, b.inschrijvingen_12m) == (6, 5, 3, 3, 1)
    assert b.actueel
    b2 = session.execute(select(Bewoning).where(Bewoning.verblijfsobject_id == a2.verblijfsobject_id)).scalar_one()
    assert b2.volwassenen is None
    # Again: nothing changes.
    opnieuw = importeer(session, buurt["a"].id, raw, proef=False)
    assert opnieuw.aantallen == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 2}
    assert _aantal(session) == 2
    # An audit row per import, with counts and never the content.
    regels = session.execute(select(AuditRegel).where(AuditRegel.actie == OverbewoningActie.BRP_IMPORT)).scalars().all()
    assert len(regels) == 2 and '"nieuw": 2' in regels[0].details and a1.nummeraanduiding_id not in regels[0].details


def test_historie_per_peildatum_en_actueel(app_ctx, session, buurt):
    a2 = buurt["a2"]
    importeer(session, buurt["a"].id, brp_csv(f"{_num(a2)};2026-11-30;3;;;;"), proef=False)
    # An older count arriving later does not take over "actueel".
    importeer(session, buurt["a"].id, brp_csv(f"{_num(a2)};2026-06-30;2;;;;"), proef=False)
    rijen = session.execute(select(Bewoning.peildatum, Bewoning.actueel, Bewoning.personen)
                            .order_by(Bewoning.peildatum)).all()
    assert rijen == [(date(2026, 6, 30), False, 2), (date(2026, 11, 30), True, 3)]
    # A changed count for the same peildatum is an update, the history stays.
    r = importeer(session, buurt["a"].id, brp_csv(f"{_num(a2)};2026-11-30;5;;;;"), proef=False)
    assert r.aantallen["gewijzigd"] == 1 and _aantal(session) == 2
    importeer(session, buurt["a"].id, brp_csv(f"{_num(a2)};2027-01-31;1;;;;"), proef=False)
    assert [a for _, a, _ in session.execute(select(Bewoning.peildatum, Bewoning.actueel, Bewoning.personen)
                                             .order_by(Bewoning.peildatum))] == [False, False, True]


def test_proef_schrijft_niets(app_ctx, session, buurt):
    raw = brp_csv(f"{_num(buurt['a1'])};2026-11-30;4;3;2;2;1")
    rapport = importeer(session, buurt["a"].id, raw, proef=True)
    assert rapport.aantallen["nieuw"] == 1 and not rapport.uitgevoerd
    assert _aantal(session) == 0 and _aantal(session, BrpImport) == 0


@pytest.mark.parametrize("kop,melding", [
    ("nummeraanduiding_id;peildatum;personen;achternaam", "achternaam"),
    ("nummeraanduiding_id;peildatum;personen;BSN", "BSN"),
    ("nummeraanduiding_id;peildatum;personen;Nationaliteit", "Nationaliteit"),
    ("nummeraanduiding_id;peildatum;personen;geboortedatum", "geboortedatum"),
    ("nummeraanduiding_id;peildatum;personen;Voornamen", "Voornamen"),
])
def test_bestand_met_persoonsgegevens_wordt_geweigerd(app_ctx, session, buurt, kop, melding):
    raw = brp_csv(f"{_num(buurt['a1'])};2026-11-30;4;x", kop=kop)
    with pytest.raises(ImportFout) as e:
        importeer(session, buurt["a"].id, raw, proef=False)
    assert melding in e.value.message and "persoonsgegevens" in e.value.message
    assert _aantal(session) == 0 and _aantal(session, BrpImport) == 0


def test_bsn_in_een_waarde_wordt_geweigerd(app_ctx, session, buurt):
    assert is_bsn("111222333") and not is_bsn("111222334") and not is_bsn("12345")
    raw = brp_csv(f"{_num(buurt['a2'])};2026-11-30;3;;;;", f"{_num(buurt['a1'])};2026-11-30;4;;;111222333;")
    with pytest.raises(ImportFout) as e:
        importeer(session, buurt["a"].id, raw, proef=False)
    assert "‘achternamen’" in e.value.message and "regel 3" in e.value.message
    assert _aantal(session) == 0


def test_foute_regels_met_regelnummers_en_niets_half(app_ctx, session, buurt):
    raw = brp_csv(f"{_num(buurt['a2'])};2026-11-30;3;;;;",                  # good
                  f"{_num(buurt['a1'])};2026-11-30;-2;;;;",                 # negative
                  "9901209999999999;2026-11-30;3;;;;",                       # unknown address
                  f"{_num(buurt['b1'])};2026-11-30;3;;;;",                   # another gemeente's address
                  f"{_num(buurt['kantoor'])};2026-11-30;2;5;;;",             # adults > persons
                  f"{_num(buurt['kantoor'])[:-1]}1;31-02-2026;2;;;;",        # no date
                  f"{_num(buurt['neven'])};2026-11-30;2,5;;;;")              # not an integer
    rapport = importeer(session, buurt["a"].id, raw, proef=False)
    regels = {(f["regel"], f["kolom"]) for f in rapport.fouten}
    assert {(3, "personen"), (4, "nummeraanduiding_id"), (5, "nummeraanduiding_id"), (6, "volwassenen"),
            (7, "peildatum"), (8, "personen")} <= regels
    assert not rapport.uitgevoerd and _aantal(session) == 0 and _aantal(session, BrpImport) == 0
    assert "niets is toegepast" in rapport.samenvatting() or "er is niets toegepast" in rapport.samenvatting()


def test_windows_1252_komma_vbo_id_zonder_voorloopnullen(app_ctx, session, buurt):
    vbo = buurt["a2"].verblijfsobject
    kop = "verblijfsobject_id,personen,volwassenen,huishoudens"
    raw = f"{kop}\n{int(vbo.bag_id)},3,2,1\n".encode("cp1252")
    rapport = importeer(session, buurt["a"].id, raw, proef=False, peildatum=date(2026, 11, 30))
    assert rapport.fouten == [] and rapport.scheidingsteken == ","
    b = session.execute(select(Bewoning)).scalar_one()
    assert (b.verblijfsobject_id, b.peildatum, b.personen) == (vbo.id, date(2026, 11, 30), 3)
    # No peildatum at all: the whole file is refused.
    with pytest.raises(ImportFout):
        importeer(session, buurt["a"].id, raw, proef=False)


def test_onbekende_kolom_en_ontbrekende_personen(app_ctx, session, buurt):
    with pytest.raises(ImportFout, match="Onbekende kolom"):
        importeer(session, buurt["a"].id, brp_csv("1;2;3;4", kop="nummeraanduiding_id;peildatum;personen;opmerking"),
                  proef=True)
    with pytest.raises(ImportFout, match="personen ontbreekt"):
        importeer(session, buurt["a"].id, brp_csv("1;2", kop="nummeraanduiding_id;peildatum"), proef=True)


def test_controleer_bestand_weigert_zonder_database():
    """The upload's check at once: the same refusals as importeer, nothing else."""
    from handhaving.overbewoning.importeren import controleer_bestand

    controleer_bestand(brp_csv("9901200000000001;2026-11-30;-1;;;;"))  # row errors come later, in the job
    with pytest.raises(ImportFout, match="BSN"):
        controleer_bestand(brp_csv("1;2026-11-30;1;2", kop="nummeraanduiding_id;peildatum;personen;BSN"))
    with pytest.raises(ImportFout, match="regel 3"):
        controleer_bestand(brp_csv("9901200000000001;2026-11-30;1;;;;", "9901200000000002;2026-11-30;1;;;111222333;"))
    with pytest.raises(ImportFout, match="peildatum"):
        controleer_bestand(b"verblijfsobject_id;personen\n0123010000000001;3\n")
    controleer_bestand(b"verblijfsobject_id;personen\n0123010000000001;3\n", date(2026, 11, 30))
    with pytest.raises(ImportFout, match="leeg"):
        controleer_bestand(b"")


def test_voortgang_wordt_gemeld(app_ctx, session, buurt):
    gemeld = []
    raw = brp_csv(f"{_num(buurt['a1'])};2026-11-30;4;3;2;2;1", f"{_num(buurt['a2'])};2026-11-30;2;;;;")
    importeer(session, buurt["a"].id, raw, proef=False, voortgang=lambda *a: gemeld.append(a))
    stappen = [s for s, _, _ in gemeld]
    assert stappen[0] == "lezen" and {"zoeken", "vergelijken", "schrijven"} <= set(stappen)
    assert gemeld[0] == ("lezen", 0, 2) and gemeld[-1] == ("schrijven", 2, 2)
    # Without a callback (the CLI, the benchmark) it works as before.
    assert importeer(session, buurt["a"].id, raw, proef=True).aantallen["ongewijzigd"] == 2
