"""Spatial reference systems and helpers shared by the domains."""
from __future__ import annotations

RD_NEW = 28992  # Rijksdriehoeksstelsel, as BAG delivers its geometry
WGS84 = 4326    # what web maps use

# RD New bounds of the Netherlands (data-formats.md): outside is a rejected row.
RD_X_RANGE = (0.0, 300_000.0)
RD_Y_RANGE = (289_000.0, 629_000.0)


def rd_plausible(x: float, y: float) -> bool:
    return RD_X_RANGE[0] <= x <= RD_X_RANGE[1] and RD_Y_RANGE[0] <= y <= RD_Y_RANGE[1]


def rd_point_wkt(x: float, y: float) -> str:
    return f"SRID={RD_NEW};POINT({x:.3f} {y:.3f})"
