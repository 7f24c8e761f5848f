"""Copy the front-end files the app serves from node_modules (installed by
`npm ci`) into static/vendor/. Nothing is fetched from a CDN at run time."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NM = ROOT / "node_modules"
DEST = ROOT / "static" / "vendor"

FILES = {
    "utrecht/component-library.css": "@utrecht/component-library-css/dist/index.css",
    "utrecht/design-tokens.css": "@utrecht/design-tokens/dist/index.css",
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/images": "leaflet/dist/images",
    # The map page (kaart): clustering and the draw toolbar (its sprite is in images/).
    "leaflet.markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "leaflet-draw/leaflet.draw.js": "leaflet-draw/dist/leaflet.draw.js",
    "leaflet-draw/leaflet.draw.css": "leaflet-draw/dist/leaflet.draw.css",
    "leaflet-draw/images": "leaflet-draw/dist/images",
}


def main() -> int:
    missing = [src for src in FILES.values() if not (NM / src).exists()]
    if missing:
        print("Ontbreekt in node_modules (draai eerst `npm ci`):", *missing, sep="\n  ", file=sys.stderr)
        return 1
    for dest, src in FILES.items():
        target = DEST / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if (NM / src).is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(NM / src, target)
        else:
            shutil.copy2(NM / src, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
