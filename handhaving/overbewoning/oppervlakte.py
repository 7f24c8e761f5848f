"""The beheerder supplies the area of an object the BAG gives none.

The BAG has no gebruiksoppervlakte for a standplaats (woonwagen) or ligplaats (woonboot), so
the bouwnorm (6 m² per person on a standplaats) could never be computed for them. The BRP file
may bring it (column ``oppervlakte``); otherwise the beheerder records it here, once per
object. It then holds for every count of the object that has no area from the file, now and
in later imports. The BAG's own area is never overruled. Flush only; audited.
"""
from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.errors import OngeldigeInvoer
from handhaving.locaties.models import Verblijfsobject
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.brp_lezen import MAX_OPPERVLAKTE, bag_id
from handhaving.overbewoning.models import Bewoning, OpgegevenOppervlakte
from handhaving.db import utcnow


def leg_vast(session: Session, gemeente_ids: list[int], user, object_id: str, m2: int | None,
             toelichting: str = "") -> OpgegevenOppervlakte:
    """Record ``m2`` as the area of the verblijfsobject, ligplaats or standplaats with BAG id
    ``object_id`` of one of ``gemeente_ids``, and give it to the object's counts without an area
    from the file.

    :raise OngeldigeInvoer: no such object in these gemeenten, an area outside 1–10 000 m², or an
        object whose area the BAG gives (Dutch message; nothing is written)."""
    if m2 is None or not 1 <= m2 <= MAX_OPPERVLAKTE:
        raise OngeldigeInvoer(f"Geef een oppervlakte tussen 1 en {MAX_OPPERVLAKTE} m².")
    bid = bag_id(object_id or "")
    vbo = None if bid is None else session.execute(select(Verblijfsobject).where(
        Verblijfsobject.bag_id == bid, Verblijfsobject.gemeente_id.in_(gemeente_ids))).scalar_one_or_none()
    if vbo is None:
        # Another gemeente's object is answered the same as one that does not exist.
        raise OngeldigeInvoer(f"Standplaats, ligplaats of verblijfsobject ‘{(object_id or '')[:20]}’ niet gevonden "
                              "in de BAG van uw gemeente(n). Geef het BAG-id van 16 cijfers.")
    if vbo.oppervlakte:
        raise OngeldigeInvoer(f"Dit object heeft in de BAG een gebruiksoppervlakte ({vbo.oppervlakte} m²); die geldt "
                              "en kan hier niet worden overschreven.")
    rij = session.execute(select(OpgegevenOppervlakte).where(
        OpgegevenOppervlakte.verblijfsobject_id == vbo.id)).scalar_one_or_none()
    vorige = rij.m2 if rij is not None else None
    if rij is None:
        rij = OpgegevenOppervlakte(gemeente_id=vbo.gemeente_id, verblijfsobject_id=vbo.id, m2=m2)
        session.add(rij)
    rij.m2, rij.toelichting = m2, (toelichting or "").strip()[:2000]
    rij.vastgelegd_op, rij.vastgelegd_door_id = utcnow(), getattr(user, "id", None)
    # The file's own area (bron "brp") is a fact of that count and stays.
    session.execute(update(Bewoning).where(
        Bewoning.verblijfsobject_id == vbo.id,
        or_(Bewoning.oppervlakte_bron.is_(None), Bewoning.oppervlakte_bron == "beheerder"))
        .values(oppervlakte=m2, oppervlakte_bron="beheerder").execution_options(synchronize_session="fetch"))
    session.flush()
    audit.record(session, OverbewoningActie.OPPERVLAKTE_OPGEGEVEN, audit.SUCCES, object_type="verblijfsobject",
                 object_id=vbo.id, gemeente_id=vbo.gemeente_id,
                 **({"actor_id": user.id, "actor": user.gebruikersnaam} if user is not None else {}),
                 details={"bag_id": vbo.bag_id, "object_type": vbo.object_type, "m2": m2, "vorige_m2": vorige})
    return rij
