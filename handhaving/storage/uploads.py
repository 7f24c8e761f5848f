"""Checks on an uploaded file before anything is stored (security requirement 16).

* a size cap (``UPLOAD_MAX_BYTES``), read without taking in more than that;
* the type from the content (magic bytes, then the matching decoder only),
  never from the file name or the browser's Content-Type;
* photos are decoded and encoded again: EXIF (GPS: photos can locate victims),
  XMP, comments and any bytes hidden after the image are gone, and the
  EXIF orientation is applied to the pixels so the photo still stands upright;
* a pixel cap (``UPLOAD_MAX_PIXELS``) is checked from the header, before decoding,
  so a small file that unpacks to gigabytes (decompression bomb) is refused.

A refusal raises ``OngeldigeInvoer`` with a Dutch message for the user; the
caller stores nothing in that case.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app, has_app_context
from PIL import Image, ImageOps, UnidentifiedImageError

from handhaving.errors import OngeldigeInvoer

FOTO, DOCUMENT, BIJLAGE = "foto", "document", "bijlage"
SOORTEN = (FOTO, DOCUMENT, BIJLAGE)

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
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}

TOELICHTING = "Het type wordt herkend aan de inhoud, niet aan de bestandsnaam."
GEEN_FOTO = f"Dit bestand is geen foto. Toegestaan zijn JPEG, PNG en WebP. {TOELICHTING}"
GEEN_PDF = f"Dit bestand is geen PDF. Documenten worden alleen als PDF geaccepteerd. {TOELICHTING}"
GEEN_BIJLAGE = f"Dit bestand is geen foto (JPEG, PNG, WebP) en geen PDF. {TOELICHTING}"
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
    """The format from the first bytes: "JPEG", "PNG", "WEBP", "PDF", "HEIF" or None."""
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
    return None


def controleer_upload(data: bytes | BinaryIO, soort: str, *, max_bytes: int | None = None,
                      max_pixels: int | None = None) -> GecontroleerdBestand:
    """Check an upload of ``soort`` (foto, document, bijlage); return what may be stored.

    :raise OngeldigeInvoer: too large, empty, wrong type, damaged, too many pixels.
    """
    if soort not in SOORTEN:
        raise ValueError(f"onbekende soort upload {soort!r}")
    raw = lees_begrensd(data, max_bytes or _setting("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    kind = herken_type(raw)
    if kind == "PDF":
        if soort == FOTO:
            raise OngeldigeInvoer("Dit is een PDF, geen foto. Voeg een PDF toe als document.")
        return _check_pdf(raw)
    if kind == "HEIF" and soort != DOCUMENT:
        raise OngeldigeInvoer(HEIC)
    if kind in IMAGE_TYPES and soort != DOCUMENT:
        return _reencode(raw, kind, max_pixels or _setting("UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS))
    raise OngeldigeInvoer({FOTO: GEEN_FOTO, DOCUMENT: GEEN_PDF, BIJLAGE: GEEN_BIJLAGE}[soort])


def _check_pdf(raw: bytes) -> GecontroleerdBestand:
    # A PDF ends with %%EOF (possibly followed by a line end): without it the
    # upload was cut off, and a half document is not stored.
    if b"%%EOF" not in raw[-1024:]:
        raise OngeldigeInvoer("De PDF is onvolledig (het einde ontbreekt). Sla het document opnieuw op "
                              "als PDF en probeer het nog eens.")
    return GecontroleerdBestand(raw, *PDF)


def _reencode(raw: bytes, fmt: str, max_pixels: int) -> GecontroleerdBestand:
    try:
        # Only the decoder that the magic bytes named: no guessing among Pillow's formats.
        with Image.open(io.BytesIO(raw), formats=[fmt]) as img:
            width, height = img.size
            if width * height > max_pixels:
                raise OngeldigeInvoer(
                    f"De foto heeft te veel beeldpunten ({width} × {height}); de grens is "
                    f"{max_pixels // 1_000_000} miljoen. Maak de foto met een lagere resolutie.")
            # Animations and multi-picture JPEGs (MPO): the first image only.
            img.seek(0)
            img.load()
            clean = ImageOps.exif_transpose(img)
            icc = img.info.get("icc_profile")
    except OngeldigeInvoer:
        raise
    except Image.DecompressionBombError:
        raise OngeldigeInvoer("De foto pakt uit tot een onredelijk groot beeld en wordt geweigerd.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise OngeldigeInvoer(BESCHADIGD) from None

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
