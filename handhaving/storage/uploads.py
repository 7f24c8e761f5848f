"""Checks on an uploaded file before anything is stored (security requirement 16).

* a size cap (``UPLOAD_MAX_BYTES``), read without taking in more than that;
* the type from the content (magic bytes, then the matching decoder only),
  never from the file name or the browser's Content-Type;
* photos are decoded and encoded again: EXIF (GPS: photos can locate victims),
  XMP, comments and any bytes hidden after the image are gone, and the
  EXIF orientation is applied to the pixels so the photo still stands upright;
* a pixel cap (``UPLOAD_MAX_PIXELS``) is checked from the header, before decoding,
  so a small file that unpacks to gigabytes (decompression bomb) is refused;
* a PDF is read with pypdf (catalog, page tree, at least one page) and kept byte for
  byte, so a digital signature on it stays valid; an Office file (docx, xlsx) is opened
  as a package: its main part present, no macros, no zip bomb;
* a web page (HTML) behind another type's signature is refused: a file is served as
  what its signature says, and must be nothing else.

Every upload of a document or image in the app goes through ``controleer_upload``; the
``soort`` says which kinds are allowed. Data imports (CSV) are not documents: they have
their own size limit and are parsed by their importer.

A refusal raises ``OngeldigeInvoer`` with a Dutch message for the user; the
caller stores nothing in that case.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app, has_app_context
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader

from handhaving.errors import OngeldigeInvoer

FOTO, DOCUMENT, BIJLAGE, DOSSIERSTUK = "foto", "document", "bijlage", "dossierstuk"
SOORTEN = (FOTO, DOCUMENT, BIJLAGE, DOSSIERSTUK)
# What each soort may contain: images (re-encoded), PDF, Office Open XML (docx, xlsx).
_BEELD, _PDF, _OFFICE = "beeld", "pdf", "office"
TOEGESTAAN = {FOTO: {_BEELD}, DOCUMENT: {_PDF}, BIJLAGE: {_BEELD, _PDF}, DOSSIERSTUK: {_BEELD, _PDF, _OFFICE}}

DEFAULT_MAX_BYTES = 15 * 1024 * 1024
# 48-megapixel phone cameras fit (8064 × 6048); a decoded RGB photo this size is ~150 MB.
DEFAULT_MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90

# Pillow format name → (MIME type, extension) for the photos we accept.
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
PDF = ("application/pdf", "pdf")
# The package's main part → (MIME type, extension). Macro-enabled variants (docm, xlsm) are not accepted.
OFFICE_TYPES = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
# An Office package may unpack to this much (text and embedded pictures), at most this many parts.
OFFICE_MAX_UITGEPAKT = 100 * 1024 * 1024
OFFICE_MAX_DELEN = 5000
# Tags a browser takes as HTML when it sniffs (WHATWG MIME sniffing), long enough not to occur
# by chance in the first bytes of an image.
_HTML = re.compile(rb"<(!doctype\s+html|html|head|body|script|iframe|svg)[\s>/]", re.IGNORECASE)
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}

TOELICHTING = "Het type wordt herkend aan de inhoud, niet aan de bestandsnaam."
GEEN_FOTO = f"Dit bestand is geen foto. Toegestaan zijn JPEG, PNG en WebP. {TOELICHTING}"
GEEN_PDF = f"Dit bestand is geen PDF. Documenten worden alleen als PDF geaccepteerd. {TOELICHTING}"
GEEN_BIJLAGE = f"Dit bestand is geen foto (JPEG, PNG, WebP) en geen PDF. {TOELICHTING}"
GEEN_DOSSIERSTUK = f"Alleen PDF, Word/Excel (docx, xlsx), JPEG, PNG of WebP. {TOELICHTING}"
WEBPAGINA = ("Dit bestand bevat een webpagina (HTML) achter het kenmerk van een ander bestandstype en wordt "
             "geweigerd. Sla het stuk op als PDF en probeer het opnieuw.")
ONGELDIGE_PDF = ("Dit is geen geldige PDF: het bestand kan niet als PDF worden gelezen en wordt geweigerd. "
                 "Sla het stuk opnieuw op als PDF (bijvoorbeeld via Afdrukken › Opslaan als PDF).")
VERSLEUTELDE_PDF = ("De PDF is beveiligd met een wachtwoord en kan daardoor niet worden gecontroleerd; hij wordt "
                    "geweigerd. Sla het stuk op zonder wachtwoord en probeer het opnieuw.")
ONGELDIG_OFFICE = ("Dit is geen geldig Word- of Excel-bestand (docx, xlsx) en wordt geweigerd. Sla het stuk "
                   "opnieuw op, of als PDF.")
HEIC = ("HEIC-foto's (standaard op iPhones) worden niet ondersteund. Kies bij het versturen voor JPEG, "
        "of zet op de iPhone Instellingen › Camera › Formaten op 'Meest compatibel'.")
BESCHADIGD = "De foto is beschadigd of onvolledig en kan niet worden gelezen. Maak of kies de foto opnieuw."


@dataclass(frozen=True)
class GecontroleerdBestand:
    """What may be stored: the (re-encoded) bytes and their type from the content."""

    data: bytes
    mimetype: str
    extensie: str
    breedte: int | None = None
    hoogte: int | None = None


def _setting(name: str, default: int) -> int:
    if has_app_context():
        return int(current_app.config.get(name) or default)
    return default


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}".replace(".", ",")


def lees_begrensd(data: bytes | BinaryIO, max_bytes: int) -> bytes:
    """The upload's bytes, refused as soon as it is larger than ``max_bytes``."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    else:
        raw = data.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise OngeldigeInvoer(f"Het bestand is te groot: de grens is {_mb(max_bytes)} MB. "
                              "Kies een kleiner bestand of maak de foto met een lagere resolutie.")
    if not raw:
        raise OngeldigeInvoer("Het bestand is leeg.")
    return raw


def herken_type(raw: bytes) -> str | None:
    """The format from the first bytes: "JPEG", "PNG", "WEBP", "PDF", "HEIF", "ZIP" or None."""
    if raw.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "WEBP"
    if raw.startswith(b"%PDF-"):
        return "PDF"
    if raw[4:8] == b"ftyp" and raw[8:12] in _HEIF_BRANDS:
        return "HEIF"
    if raw.startswith(b"PK\x03\x04"):
        return "ZIP"
    return None


def controleer_upload(data: bytes | BinaryIO, soort: str, *, max_bytes: int | None = None,
                      max_pixels: int | None = None) -> GecontroleerdBestand:
    """The one check for every uploaded document or image: ``soort`` (foto, document, bijlage,
    dossierstuk) names the kinds allowed. Returns what may be stored: re-encoded image bytes, or
    the PDF / Office file as it came, with the type found from the content.

    :raise OngeldigeInvoer: too large, empty, wrong type, damaged, too many pixels, a web page
        behind another signature, a PDF without structure or with a password, an Office file
        with macros or that unpacks too far. The message is Dutch, for the user.
    """
    if soort not in SOORTEN:
        raise ValueError(f"onbekende soort upload {soort!r}")
    toegestaan = TOEGESTAAN[soort]
    raw = lees_begrensd(data, max_bytes or _setting("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    kind = herken_type(raw)
    if kind is not None and _HTML.search(raw[:1024]):
        raise OngeldigeInvoer(WEBPAGINA)
    if kind == "PDF":
        if _PDF not in toegestaan:
            raise OngeldigeInvoer("Dit is een PDF, geen foto. Voeg een PDF toe als document.")
        return _check_pdf(raw)
    if kind == "HEIF" and _BEELD in toegestaan:
        raise OngeldigeInvoer(HEIC)
    if kind in IMAGE_TYPES and _BEELD in toegestaan:
        return _reencode(raw, kind, max_pixels or _setting("UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS),
                         "De foto" if soort == FOTO else "De afbeelding")
    if kind == "ZIP" and _OFFICE in toegestaan:
        return _check_office(raw)
    raise OngeldigeInvoer({FOTO: GEEN_FOTO, DOCUMENT: GEEN_PDF, BIJLAGE: GEEN_BIJLAGE,
                           DOSSIERSTUK: GEEN_DOSSIERSTUK}[soort])


def _check_pdf(raw: bytes) -> GecontroleerdBestand:
    # A PDF ends with %%EOF (possibly followed by a line end): without it the
    # upload was cut off, and a half document is not stored.
    einde = raw.rfind(b"%%EOF")
    if einde < 0 or einde < len(raw) - 1024:
        raise OngeldigeInvoer("De PDF is onvolledig (het einde ontbreekt). Sla het document opnieuw op "
                              "als PDF en probeer het nog eens.")
    if _HTML.search(raw[einde:]):
        raise OngeldigeInvoer(WEBPAGINA)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise OngeldigeInvoer(VERSLEUTELDE_PDF)
        pages = len(reader.pages)
    except OngeldigeInvoer:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on hostile input; all mean "not a PDF"
        raise OngeldigeInvoer(ONGELDIGE_PDF) from None
    if pages < 1:
        raise OngeldigeInvoer("De PDF heeft geen pagina's en wordt geweigerd. Sla het stuk opnieuw op als PDF.")
    return GecontroleerdBestand(raw, *PDF)


def _check_office(raw: bytes) -> GecontroleerdBestand:
    # Office files cannot be re-encoded; what is checked is that the package is one: a readable
    # zip with the parts of a docx or xlsx, no macros, and no more unpacked than a document needs.
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            delen = z.infolist()
            namen = {d.filename for d in delen}
            if len(delen) > OFFICE_MAX_DELEN or sum(d.file_size for d in delen) > OFFICE_MAX_UITGEPAKT:
                raise OngeldigeInvoer("Het Word- of Excel-bestand pakt uit tot een onredelijke omvang en wordt "
                                      "geweigerd. Sla het stuk op als PDF en probeer het opnieuw.")
            if any(n.startswith("/") or ".." in n.split("/") for n in namen) or "[Content_Types].xml" not in namen:
                raise OngeldigeInvoer(ONGELDIG_OFFICE)
            types = z.read("[Content_Types].xml")
            if (any(n.lower().endswith("vbaproject.bin") for n in namen)
                    or b"macroenabled" in types.lower() or b"vbaproject" in types.lower()):
                raise OngeldigeInvoer("Bestanden met macro's worden niet geaccepteerd. Sla het stuk op als gewone "
                                      "docx of xlsx (zonder macro's), of als PDF.")
            hoofd = next((deel for deel in OFFICE_TYPES if deel in namen), None)
            if hoofd is None or z.testzip() is not None:
                raise OngeldigeInvoer(ONGELDIG_OFFICE)
    except OngeldigeInvoer:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise OngeldigeInvoer(ONGELDIG_OFFICE) from None
    return GecontroleerdBestand(raw, *OFFICE_TYPES[hoofd])


def _reencode(raw: bytes, fmt: str, max_pixels: int, wat: str = "De foto") -> GecontroleerdBestand:
    """``wat``: how the message names it ("De foto" for a photo, "De afbeelding" in a dossier)."""
    try:
        # Only the decoder that the magic bytes named: no guessing among Pillow's formats.
        with Image.open(io.BytesIO(raw), formats=[fmt]) as img:
            width, height = img.size
            if width * height > max_pixels:
                raise OngeldigeInvoer(
                    f"{wat} heeft te veel beeldpunten ({width} × {height}); de grens is "
                    f"{max_pixels // 1_000_000} miljoen. {'Maak' if wat == 'De foto' else 'Sla'} {wat[0].lower() + wat[1:]}"
                    f"{'' if wat == 'De foto' else ' op'} met een lagere resolutie.")
            # Animations and multi-picture JPEGs (MPO): the first image only.
            img.seek(0)
            img.load()
            clean = ImageOps.exif_transpose(img)
            icc = img.info.get("icc_profile")
    except OngeldigeInvoer:
        raise
    except Image.DecompressionBombError:
        raise OngeldigeInvoer(f"{wat} pakt uit tot een onredelijk groot beeld en wordt geweigerd.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise OngeldigeInvoer(BESCHADIGD if wat == "De foto" else
                              "De afbeelding is beschadigd of onvolledig en kan niet worden gelezen.") from None

    # Nothing of the original's metadata travels along: only the pixels and the
    # colour profile (which describes colours, not where or by whom).
    clean.info = {}
    options: dict = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        if clean.mode not in ("L", "RGB", "CMYK"):
            clean = clean.convert("RGB")
        options.update(quality=JPEG_QUALITY)
    elif fmt == "WEBP":
        if clean.mode not in ("RGB", "RGBA"):
            clean = clean.convert("RGBA" if "A" in clean.getbands() else "RGB")
        options.update(quality=JPEG_QUALITY)
    out = io.BytesIO()
    clean.save(out, fmt, **options)
    mimetype, extensie = IMAGE_TYPES[fmt]
    return GecontroleerdBestand(out.getvalue(), mimetype, extensie, clean.width, clean.height)
