#!/usr/bin/env python3
"""Header checks and file reading of the permit register import, without a database (issue 22).

    .venv/bin/python benchmarks/import_kopregel.py [--runs 5] [--vergunningen 5000]

In the upload request (``importeren_lezen.controleer_kopregel``): a 690 KB header of 40 000
columns (what held a gunicorn worker past its timeout), a header at the byte limit, a workbook's
structure check and a zip of 100 000 parts. In the job (``importeren_lezen.lees``): the whole
register of ``--vergunningen`` permits (4 voorschriften each) as CSV and as the same data in an
Excel workbook, and the header checks with the limits lifted (the checks behind them are linear).
Prints the median of ``--runs`` in a Markdown table.
"""
from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
for p in (str(HERE.parent), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from openpyxl import Workbook

from handhaving.vergunningen import importeren_bestand
from handhaving.vergunningen.importeren_lezen import ImportFout, controleer_kopregel, lees
from vergunningen_import import maak_bestand


def _meet(runs: int, fn, *args) -> tuple[float, str]:
    tijden, uitkomst = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            fn(*args)
            uitkomst = "gelezen"
        except ImportFout as e:
            uitkomst = e.message[:70]
        tijden.append(time.perf_counter() - start)
    return statistics.median(tijden) * 1000, uitkomst


def _als_werkmap(raw: bytes) -> bytes:
    # Not write_only: that writes inline strings, slower to read than the shared strings Excel writes.
    wb = Workbook()
    ws = wb.active
    for rij in csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), delimiter=";"):
        ws.append([int(c) if c.isdigit() and len(c) < 6 else (c or None) for c in rij])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _delen(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(n):
            z.writestr(str(i), b"")
    return buf.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--vergunningen", type=int, default=5000)
    args = ap.parse_args(argv)
    adressen = [(f"64{i // 100:02d}AB", str(1 + i % 100), None, None) for i in range(2000)]
    register = maak_bestand(adressen, args.vergunningen, 4)
    werkmap = _als_werkmap(register)
    breed = ";".join(f"kolom_nummer_{i:05d}" for i in range(40_000)).encode() + b"\r\n"
    grens = ";".join(f"k{i:04d}".ljust(80, "x") for i in range(importeren_bestand.MAX_KOLOMMEN)).encode()
    grens = grens[:importeren_bestand.MAX_KOP_BYTES] + b"\r\n"
    dubbel = (";".join(["zaaknummer", "soort", "status"] * 20_000) + "\n").encode()
    rijen = [
        ("upload", f"kopregel 40 000 kolommen ({len(breed) // 1024} KB)", controleer_kopregel, breed, "breed.csv"),
        ("upload", f"kopregel {len(grens) - 2} bytes, onbekende kolommen", controleer_kopregel, grens, "grens.csv"),
        ("upload", f"register {args.vergunningen} vergunningen, CSV ({len(register) // 1024} KB)",
         controleer_kopregel, register, "register.csv"),
        ("upload", f"zelfde als werkmap, structuur ({len(werkmap) // 1024} KB)", controleer_kopregel, werkmap,
         "register.xlsx"),
        ("upload", "zip met 100 000 delen", controleer_kopregel, _delen(100_000), "delen.xlsx"),
        ("taak", "register lezen en controleren, CSV", lees, register, "register.csv"),
        ("taak", "register lezen en controleren, werkmap", lees, werkmap, "register.xlsx"),
    ]
    print("| waar | bestand | mediaan ms | uitkomst |\n|---|---|---:|---|")
    for waar, naam, fn, raw, bestandsnaam in rijen:
        ms, uitkomst = _meet(args.runs, fn, raw, bestandsnaam)
        print(f"| {waar} | {naam} | {ms:.1f} | {uitkomst} |")
    # The checks behind the limits, with the limits lifted: linear, not quadratic.
    importeren_bestand.MAX_KOP_BYTES, importeren_bestand.MAX_KOLOMMEN = 10**7, 10**6
    for naam, raw in (("kopregel 40 000 kolommen, zonder grenzen", breed),
                      ("60 000 kolommen met dubbele, zonder grenzen", dubbel)):
        ms, uitkomst = _meet(args.runs, controleer_kopregel, raw, "x.csv")
        print(f"| upload | {naam} | {ms:.1f} | {uitkomst} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
