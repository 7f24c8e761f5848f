"""CBS Wijk- en Buurtkaart: import of wijken and buurten and assignment of addresses.

By responsibility: ``lezen`` (GeoPackage / GeoJSON / TopoJSON), ``controle``
(codes, names, year, geometry), ``opslaan`` (upsert on code and jaar),
``toewijzen`` (point-in-polygon for every verblijfsobject), ``rapport`` (the
Dutch result), ``importeren`` (the one entry point) and ``waarden`` (CBS
sentinel values for display and arithmetic).
"""
from handhaving.locaties.cbs.importeren import import_cbs
from handhaving.locaties.cbs.lezen import CbsImportFout
from handhaving.locaties.cbs.rapport import CbsRapport
from handhaving.locaties.cbs.toewijzen import Toewijzing, wijs_buurten_toe

__all__ = ["CbsImportFout", "CbsRapport", "Toewijzing", "import_cbs", "wijs_buurten_toe"]
