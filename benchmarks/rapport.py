#!/usr/bin/env python3
"""Time to make a rapport van bevindingen, end to end, as the background job does it.

    .venv/bin/python benchmarks/rapport.py [--runs 5] [--bevindingen 20] [--fotos 10] [--items 40]

A throw-away SQLite database (``alembic upgrade head``) and local storage in a
temporary directory hold one controle as a busy evening leaves it: a published
checklist of ``--items`` questions in 8 sections (all answered), ``--bevindingen``
findings, ``--fotos`` photos of 1600 × 1200 (noise and shapes, so they do not
compress to nothing) that went through ``controleer_upload`` and the storage like
an upload, persons, two signatures (one drawn) and an addendum.

Each run adds the next ``Rapport`` version and calls
``controles.rapport.maak_rapport`` in a ``unit_of_work`` (what the job body does,
without the queue): HTML with the photos as data: URIs, WeasyPrint to PDF,
storing both, the row and the audit row, the commit. The first run (WeasyPrint
loading fonts) is reported apart and not counted. Prints p50 / p95 (nearest
rank) of the total and of the steps, the PDF size and page count.
"""
from __future__ import annotations

import argparse
import io
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

SECTIES = ("Vergunning", "Beheer", "Administratie", "Per sekswerker", "Signalen mensenhandel",
           "Hygiëne en omstandigheden", "Brandveiligheid", "Afronding")


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest rank: a value that was really measured."""
    return sorted_values[max(1, math.ceil(q * len(sorted_values))) - 1]


def photo(seed: int, w: int = 1600, h: int = 1200) -> bytes:
    """A JPEG of noise, gradients and blocks: about as incompressible as a phone photo."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    img = Image.merge("RGB", (Image.effect_noise((w // 4, h // 4), 40).resize((w, h), Image.BICUBIC),
                              Image.linear_gradient("L").resize((w, h)), Image.effect_noise((w, h), 25)))
    draw = ImageDraw.Draw(img)
    for _ in range(30):
        x, y = rnd.randrange(w), rnd.randrange(h)
        draw.rectangle((x, y, x + rnd.randrange(40, 300), y + rnd.randrange(40, 200)),
                       fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92)
    return buf.getvalue()


def signature() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (600, 180), "white")
    ImageDraw.Draw(img).line([(20, 140), (120, 30), (220, 150), (380, 40), (580, 120)], fill="black", width=5)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def seed(session, args) -> int:
    """One controle with everything a rapport shows; returns its id."""
    from handhaving.auth.models import Gebruiker, Gemeente
    from handhaving.controles.models import (
        Aanwijzing, AangetroffenPersoon, AangetroffenSekswerker, Addendum, Bevinding, BevindingCategorie,
        ChecklistAntwoord, ChecklistItem, ChecklistSectie, ChecklistSjabloon, Controle, ControleSoort,
        ControleStatus, Controletype, Ernst, Foto, ItemSoort, Ondertekening, Ondertekenwijze, Partner,
        PersoonRol, SjabloonStatus, Toegang,
    )
    from handhaving.storage import get_opslag
    from handhaving.storage.uploads import FOTO, controleer_upload

    rnd = random.Random(7)
    gemeente = Gemeente(code="9931", naam="Benchdam", regio="Benchregio")
    session.add(gemeente)
    session.flush()
    team = [Gebruiker(gebruikersnaam=f"th{i}.bench", naam=naam, wachtwoord_hash="x")
            for i, naam in enumerate(("Anna de Vries", "Bram Jansen", "Chantal Bakker"))]
    session.add_all(team)
    session.flush()
    for i, g in enumerate(team):
        session.add(Aanwijzing(gebruiker_id=g.id, gemeente_id=gemeente.id, besluit="Aanwijzingsbesluit 2026-14",
                               legitimatienummer=f"TH-{i:04d}"))
    ctype = Controletype(gemeente_id=gemeente.id, code="vergund", naam="Controle vergunde seksinrichting",
                         soort=ControleSoort.PROSTITUTIE_VERGUND)
    session.add(ctype)
    session.flush()
    sjabloon = ChecklistSjabloon(controletype_id=ctype.id, gemeente_id=gemeente.id, versie=1,
                                 status=SjabloonStatus.GEPUBLICEERD, gepubliceerd_op=datetime(2026, 11, 1))
    soorten = (ItemSoort.JA_NEE, ItemSoort.JA_NEE, ItemSoort.JA_NEE, ItemSoort.GETAL, ItemSoort.TEKST)
    for s, titel in enumerate(SECTIES):
        sectie = ChecklistSectie(code=f"s{s}", titel=titel, volgorde=s, signalen=titel.startswith("Signalen"))
        for n in range(math.ceil(args.items / len(SECTIES))):
            sectie.items.append(ChecklistItem(code=f"s{s}_{n}", soort=soorten[n % len(soorten)], volgorde=n,
                                              tekst=f"{titel}: controlevraag {n + 1} over de naleving van het "
                                                    "voorschrift", norm=f"APV 3:{s + 3} lid {n + 1}"))
        sjabloon.secties.append(sectie)
    session.add(sjabloon)
    session.flush()

    start = datetime(2026, 11, 20, 19, 0)
    controle = Controle(uuid=str(uuid.uuid4()), gemeente_id=gemeente.id, soort=ControleSoort.PROSTITUTIE_VERGUND,
                        controletype_id=ctype.id, sjabloon_id=sjabloon.id, status=ControleStatus.RAPPORT_CONCEPT,
                        gepland_op=start, gepland_tot=start + timedelta(hours=3), gestart_op=start,
                        uitgevoerd_op=start + timedelta(hours=2), partners=[p.value for p in Partner],
                        rechtsgronden=["APV art. 3:10", "Gemeentewet art. 174", "Awb art. 5:15-5:20"],
                        toegang=Toegang.OPENBARE_INRICHTING, notities="Notitie van de avond. " * 40)
    controle.toezichthouders.extend(team)
    session.add(controle)
    session.flush()
    for sectie in sjabloon.secties:
        for item in sectie.items:
            waarde = {ItemSoort.JA_NEE: rnd.choice(("ja", "nee", "nvt")), ItemSoort.GETAL: str(rnd.randrange(12)),
                      ItemSoort.TEKST: "Vrije tekst van de toezichthouder bij deze vraag."}[item.soort]
            session.add(ChecklistAntwoord(controle_id=controle.id, gemeente_id=gemeente.id, item_id=item.id,
                                          waarde=waarde, toelichting="Toelichting ter plaatse." if rnd.random() < .3
                                          else ""))
    bevindingen = []
    for n in range(args.bevindingen):
        b = Bevinding(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=gemeente.id,
                      categorie=list(BevindingCategorie)[n % len(BevindingCategorie)], ernst=list(Ernst)[n % 3],
                      norm=f"APV 3:{n + 3}", waargenomen_op=start + timedelta(minutes=5 * n),
                      omschrijving=f"Bevinding {n + 1}: " + "wat de toezichthouder zag en hoe dat is vastgesteld. " * 4)
        session.add(b)
        bevindingen.append(b)
    session.flush()
    opslag = get_opslag()
    for n in range(args.fotos):
        upload = controleer_upload(photo(n), FOTO)  # re-encoded, EXIF gone: as stored after an upload
        blob = opslag.put(upload.data)
        session.add(Foto(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=gemeente.id,
                         bevinding_id=bevindingen[n % len(bevindingen)].id if bevindingen and n % 3 else None,
                         sleutel=blob.key, sha256=blob.sha256, mimetype=upload.mimetype, breedte=upload.breedte,
                         hoogte=upload.hoogte, grootte=blob.size, bijschrift=f"Foto van ruimte {n + 1}"))
    for rol, aantal in ((PersoonRol.SEKSWERKER, 6), (PersoonRol.EXPLOITANT, 1), (PersoonRol.BEHEERDER, 1)):
        for _ in range(aantal):
            persoon = AangetroffenPersoon(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=gemeente.id,
                                          rol=rol, naam="" if rol == PersoonRol.SEKSWERKER else "P. Persoon")
            session.add(persoon)
            session.flush()
            if rol == PersoonRol.SEKSWERKER:
                session.add(AangetroffenSekswerker(persoon_id=persoon.id, gemeente_id=gemeente.id, werknaam="X"))
    handtekening = opslag.put(signature())
    session.add(Ondertekening(controle_id=controle.id, gemeente_id=gemeente.id, gebruiker_id=team[0].id,
                              wijze=Ondertekenwijze.HANDTEKENING, naam=team[0].naam,
                              handtekening_sleutel=handtekening.key, handtekening_sha256=handtekening.sha256))
    session.add(Ondertekening(controle_id=controle.id, gemeente_id=gemeente.id, gebruiker_id=team[1].id,
                              wijze=Ondertekenwijze.VERKLARING, naam=team[1].naam, verklaring="Naar waarheid."))
    session.add(Addendum(uuid=str(uuid.uuid4()), controle_id=controle.id, gemeente_id=gemeente.id,
                         tekst="Aanvulling.", reden="Nagekomen informatie", door_id=team[0].id))
    session.flush()
    return controle.id


def one_run(controle_id: int) -> dict:
    """Ask for the next version and make it the way the job does; time the steps."""
    from sqlalchemy import func, select

    from handhaving.controles import rapport as rapporten
    from handhaving.controles.models import Controle, Rapport, RapportStatus
    from handhaving.db import unit_of_work
    from handhaving.storage import get_opslag

    with unit_of_work() as session:
        versie = (session.scalar(select(func.max(Rapport.versie)).where(Rapport.controle_id == controle_id)) or 0) + 1
        controle = session.get(Controle, controle_id)
        rapport = Rapport(controle_id=controle_id, gemeente_id=controle.gemeente_id, versie=versie,
                          status=RapportStatus.WACHT)
        session.add(rapport)
        session.flush()
        rapport_id = rapport.id

    # The steps apart (own session, nothing stored) to see where the time goes.
    with unit_of_work(write=False) as session:
        controle = session.get(Controle, controle_id)
        t0 = time.perf_counter()
        html = rapporten.bouw_html(session, controle, session.get(Rapport, rapport_id))
        t1 = time.perf_counter()
        rapporten.bouw_pdf(html)
        t2 = time.perf_counter()

    # End to end, as the job body: build, render, store, record, commit.
    start = time.perf_counter()
    with unit_of_work() as session:
        rapport = rapporten.maak_rapport(session, rapport_id)
    total = time.perf_counter() - start
    if rapport.status != RapportStatus.KLAAR:
        raise RuntimeError(f"rapport mislukt: {rapport.fout}")
    pdf = get_opslag().get(rapport.pdf_sleutel)
    return {"total": total * 1000, "html": (t1 - t0) * 1000, "pdf": (t2 - t1) * 1000,
            "pdf_bytes": len(pdf), "html_bytes": len(html.encode("utf-8")), "pages": pages(pdf)}


def pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs (5)")
    parser.add_argument("--bevindingen", type=int, default=20)
    parser.add_argument("--fotos", type=int, default=10)
    parser.add_argument("--items", type=int, default=40, help="checklist questions (40)")
    args = parser.parse_args()

    import logging
    logging.disable(logging.WARNING)  # WeasyPrint and the audit mirror log per rapport

    from alembic import command

    from handhaving import create_app
    from handhaving.cli import alembic_config
    from handhaving.db import unit_of_work

    with tempfile.TemporaryDirectory(prefix="hh-rapport-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        command.upgrade(alembic_config(url), "head")
        app = create_app({"DATABASE_URL": url, "INSTANCE_DIR": tmp, "STORAGE_BACKEND": "lokaal",
                          "STORAGE_DIR": str(Path(tmp) / "bestanden")})
        with app.app_context():
            t = time.perf_counter()
            with unit_of_work() as session:
                controle_id = seed(session, args)
            print(f"Gegevens klaargezet in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            cold = one_run(controle_id)
            runs = [one_run(controle_id) for _ in range(args.runs)]
        app.extensions["handhaving_db"].engine.dispose()

    def stats(key):
        values = sorted(r[key] for r in runs)
        return statistics.median(values), percentile(values, 0.95), values[-1]

    print(f"\nRapport met {args.items} checklistvragen, {args.bevindingen} bevindingen, {args.fotos} foto's "
          f"(1600 × 1200), SQLite + lokale opslag; {args.runs} runs na 1 koude run:\n")
    print("| Meting | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    for key, label in (("total", "`maak_rapport` + commit (eind tot eind)"), ("html", "waarvan HTML opbouwen"),
                       ("pdf", "waarvan PDF (WeasyPrint)")):
        p50, p95, top = stats(key)
        print(f"| {label} | {p50:.0f} | {p95:.0f} | {top:.0f} |")
    last = runs[-1]
    print(f"\nEerste (koude) run: {cold['total']:.0f} ms. PDF {last['pdf_bytes'] / 1024:.0f} KiB, "
          f"{last['pages']} pagina's; HTML {last['html_bytes'] / 1024:.0f} KiB.")


if __name__ == "__main__":
    main()
