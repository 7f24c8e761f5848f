"""The CBS import as one call: read, check, store, assign addresses, audit.

All or nothing: every feature is checked before ``wijk`` or ``buurt`` is
touched, and one rejected feature means nothing is written (as the BAG
import: a half-imported year would assign some addresses to old and some to
new boundaries). Features of gemeenten outside this installation are not
errors: they are skipped and counted. Everything happens inside a SAVEPOINT;
the function only flushes, the caller commits (or rolls back a dry run).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.locaties.acties import LocatieActie
from handhaving.locaties.cbs.controle import controleer
from handhaving.locaties.cbs.geometrie import buiten_nederland
from handhaving.locaties.cbs.lezen import lees_bestand
from handhaving.locaties.cbs.opslaan import naar_rd, sla_op
from handhaving.locaties.cbs.overlap import overlappende_buurten
from handhaving.locaties.cbs.rapport import CbsRapport
from handhaving.locaties.cbs.toewijzen import wijs_buurten_toe


def import_cbs(session: Session, source, *, jaar: int | None = None, gemeente_codes: list[str] | None = None,
               dry_run: bool = False, bestandsnaam: str | None = None) -> CbsRapport:
    """Import wijken and buurten from a CBS GeoPackage, GeoJSON or TopoJSON.

    ``source``: bytes, a path or a binary file object. ``jaar``: the boundary year
    when the file has no ``jaarstatcode``. ``gemeente_codes``: only these gemeenten
    (4 digits) of the installation. Raises CbsImportFout (Dutch message) when the
    file cannot be used at all; rejected features are in the report, and then
    nothing is written. After a real import the buurt of every verblijfsobject of
    the imported gemeenten is set again (:func:`wijs_buurten_toe`).
    """
    rapport = CbsRapport(dry_run=dry_run)
    bestand = lees_bestand(source)
    rapport.formaat, rapport.bron_srid = bestand.formaat, bestand.srid
    rapport.opmerkingen.extend(bestand.opmerkingen)
    query = select(Gemeente.code, Gemeente.id)
    if gemeente_codes:
        query = query.where(Gemeente.code.in_([c.strip().upper().removeprefix("GM") for c in gemeente_codes]))
    gemeenten = dict(session.execute(query).all())
    gebieden = controleer(bestand, jaar, set(gemeenten), rapport)
    if rapport.fouten:
        return rapport
    with session.begin_nested():
        geoms = naar_rd(session, gebieden, bestand.srid)
        rapport.fouten.extend((g.plaats, "geometrie ligt (deels) buiten Nederland in RD New; klopt het "
                                         "coördinatenstelsel van het bestand?")
                              for g, geom in zip(gebieden, geoms) if buiten_nederland(geom))
        if rapport.fouten:
            return rapport  # nothing written yet: only read and transformed
        rapport.overlappingen = overlappende_buurten(session, gebieden, geoms, gemeenten)
        rapport.opmerkingen.extend(o.tekst() for o in rapport.overlappingen)
        sla_op(session, gebieden, geoms, rapport.jaar, gemeenten, rapport, dry_run)
        if not dry_run:
            met_buurten = sorted({gemeenten[g.gemeentecode] for g in gebieden if g.soort == "buurt"})
            if met_buurten:
                toewijzing = wijs_buurten_toe(session, met_buurten)
                rapport.toegewezen, rapport.zonder_buurt = toewijzing.gewijzigd, toewijzing.zonder_buurt
    if not dry_run:
        audit.record(session, LocatieActie.CBS_IMPORT, audit.SUCCES, object_type="cbs_bestand",
                     object_id=(bestandsnaam or "")[:64] or None,
                     details={"formaat": rapport.formaat, "jaar": rapport.jaar, "srid": rapport.bron_srid,
                              "wijken": vars(rapport.wijken), "buurten": vars(rapport.buurten),
                              "overgeslagen_gemeenten": rapport.overgeslagen_gemeente,
                              "overlappende_buurten": len(rapport.overlappingen),
                              "verblijfsobjecten_bijgewerkt": rapport.toegewezen})
    return rapport
