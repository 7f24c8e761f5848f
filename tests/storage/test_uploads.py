"""Upload checks (security requirement 16): size cap, type by content, EXIF/GPS removed,
decompression bombs and polyglots refused, nothing stored after a refusal."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from handhaving.errors import OngeldigeInvoer
from handhaving.storage.uploads import (
    BIJLAGE, DOCUMENT, FOTO, controleer_upload, herken_type,
)
from tests.factories import bestanden
from tests.storage.conftest import stored_keys

CANARY = "KANARIE-GPS-52.3702-4.8952"
GPS_IFD = 0x8825
PDF_BYTES = bestanden.pdf("Document")


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KANARIE-Fabrikant"          # Make
    exif[0x0131] = CANARY                       # Software
    exif[0x0112] = 6                            # Orientation: rotate 90° to show upright
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (52.0, 22.0, 12.72)
    gps[3] = "E"
    gps[4] = (4.0, 53.0, 42.72)
    return exif


def photo(fmt: str = "JPEG", size=(64, 48), exif: Image.Exif | None = None, **save) -> bytes:
    img = Image.new("RGB", size, (200, 30, 30))
    img.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))
    buf = io.BytesIO()
    if exif is not None:
        save["exif"] = exif
    img.save(buf, fmt, **save)
    return buf.getvalue()


def assert_no_metadata(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as img:
        assert not img.getexif(), dict(img.getexif())
        assert not img.getexif().get_ifd(GPS_IFD)
        assert "exif" not in img.info and "xmp" not in img.info and "comment" not in img.info
    for needle in (CANARY.encode(), b"KANARIE", b"Exif\x00\x00"):
        assert needle not in data


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_photo_comes_out_without_exif_and_gps(fmt):
    original = photo(fmt, exif=exif_with_gps())
    with Image.open(io.BytesIO(original)) as img:  # the fixture really carries GPS
        assert img.getexif().get_ifd(GPS_IFD)[2]
    assert CANARY.encode() in original

    result = controleer_upload(original, FOTO)
    assert result.mimetype == {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    assert result.extensie == {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    assert_no_metadata(result.data)
    # The orientation tag was applied to the pixels before it was dropped: still upright.
    assert (result.breedte, result.hoogte) == (48, 64)
    with Image.open(io.BytesIO(result.data)) as img:
        assert img.format == fmt and img.size == (48, 64)


def test_png_text_chunks_and_jpeg_comments_are_dropped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CANARY)
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{CANARY}</x:xmpmeta>")
    assert_no_metadata(controleer_upload(photo("PNG", pnginfo=info), FOTO).data)
    assert_no_metadata(controleer_upload(photo("JPEG", comment=CANARY.encode()), FOTO).data)


def test_polyglot_tail_is_not_carried_along():
    """A valid JPEG with an HTML/ZIP payload appended: only the pixels survive. (Within the
    first kilobyte, where a browser sniffs, HTML is refused outright.)"""
    payload = b"<html><script>alert(1)</script></html>PK\x03\x04" + b"\x00" * 100
    groot = photo("JPEG", size=(400, 300), quality=100, subsampling=0)
    assert len(groot) > 1024
    result = controleer_upload(groot + payload, FOTO)
    assert b"<script>" not in result.data and b"PK\x03\x04" not in result.data
    with pytest.raises(OngeldigeInvoer, match="webpagina"):
        controleer_upload(photo("JPEG")[:200] + payload, FOTO)


def test_text_file_named_jpg_is_refused_with_a_dutch_message():
    upload = io.BytesIO(b"Dit is gewoon tekst, ook al heet het bestand foto.jpg\n")
    upload.filename = "foto.jpg"  # the name plays no part
    with pytest.raises(OngeldigeInvoer) as exc:
        controleer_upload(upload, FOTO)
    assert exc.value.message.startswith("Dit bestand is geen foto.")
    assert "JPEG, PNG en WebP" in exc.value.message
    assert "niet aan de bestandsnaam" in exc.value.message


def test_html_or_svg_is_no_photo():
    for data in (b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>",
                 b"<!DOCTYPE html><html></html>", b"GIF89a\x01\x00\x01\x00"):
        with pytest.raises(OngeldigeInvoer, match="geen foto"):
            controleer_upload(data, FOTO)


def test_too_large_is_refused_without_reading_everything():
    class Endless(io.RawIOBase):
        read_total = 0

        def readable(self):
            return True

        def read(self, n=-1):
            n = 1024 * 1024 if n is None or n < 0 else n
            self.read_total += n
            return b"\xff\xd8\xff" + b"\x00" * (n - 3)

    stream = Endless()
    with pytest.raises(OngeldigeInvoer, match=r"te groot: de grens is 1 MB"):
        controleer_upload(stream, FOTO, max_bytes=1024 * 1024)
    assert stream.read_total <= 1024 * 1024 + 1


def test_upload_limit_comes_from_config(app):
    with app.test_request_context():
        app.config["UPLOAD_MAX_BYTES"], old = 1000, app.config["UPLOAD_MAX_BYTES"]
        try:
            with pytest.raises(OngeldigeInvoer, match="te groot"):
                controleer_upload(photo("PNG", size=(400, 400)) + b"\x00" * 1000, FOTO)
        finally:
            app.config["UPLOAD_MAX_BYTES"] = old
    assert old == 15 * 1024 * 1024


def test_empty_upload_is_refused():
    with pytest.raises(OngeldigeInvoer, match="leeg"):
        controleer_upload(b"", FOTO)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int) -> bytes:
    """A few hundred bytes that claim width × height pixels (and decompress to them)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # 1-bit greyscale, filter 0
    compressor = zlib.compressobj(9)
    rows = [compressor.compress(row) for _ in range(min(height, 2000))] + [compressor.flush()]
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", b"".join(rows))
            + _png_chunk(b"IEND", b""))


def test_decompression_bomb_is_refused():
    bomb = png_bomb(100_000, 100_000)  # 10 gigapixels in a few kilobytes
    assert len(bomb) < 100_000
    # Pillow's own guard answers first at this size (see the next test); either way a Dutch refusal.
    with pytest.raises(OngeldigeInvoer, match="te veel beeldpunten|onredelijk groot"):
        controleer_upload(bomb, FOTO)
    # Over our own cap but under Pillow's: refused by our cap as well.
    with pytest.raises(OngeldigeInvoer, match="te veel beeldpunten"):
        controleer_upload(png_bomb(8000, 8000), FOTO, max_pixels=50_000_000)


def test_pillows_own_bomb_guard_is_answered_in_dutch():
    with pytest.raises(OngeldigeInvoer, match="onredelijk groot"):
        controleer_upload(png_bomb(20_000, 20_000), FOTO, max_pixels=10**12)


def test_truncated_photo_is_refused():
    data = photo("JPEG", size=(400, 300))
    with pytest.raises(OngeldigeInvoer, match="beschadigd of onvolledig"):
        controleer_upload(data[: len(data) // 2], FOTO)
    with pytest.raises(OngeldigeInvoer, match="beschadigd of onvolledig"):
        controleer_upload(b"\x89PNG\r\n\x1a\n" + b"rommel" * 10, FOTO)


def test_heic_is_refused_with_advice():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    assert herken_type(heic) == "HEIF"
    with pytest.raises(OngeldigeInvoer, match="HEIC-foto's .* niet ondersteund"):
        controleer_upload(heic, FOTO)


def test_pdf_is_a_document_not_a_photo():
    result = controleer_upload(PDF_BYTES, DOCUMENT)
    assert (result.mimetype, result.extensie, result.data) == ("application/pdf", "pdf", PDF_BYTES)
    with pytest.raises(OngeldigeInvoer, match="Dit is een PDF, geen foto"):
        controleer_upload(PDF_BYTES, FOTO)
    with pytest.raises(OngeldigeInvoer, match="geen PDF"):
        controleer_upload(photo("JPEG"), DOCUMENT)
    with pytest.raises(OngeldigeInvoer, match="onvolledig"):
        controleer_upload(PDF_BYTES[:30], DOCUMENT)


def test_attachment_takes_photos_and_pdfs():
    assert controleer_upload(PDF_BYTES, BIJLAGE).mimetype == "application/pdf"
    assert controleer_upload(photo("PNG", exif=exif_with_gps()), BIJLAGE).mimetype == "image/png"
    with pytest.raises(OngeldigeInvoer, match="geen foto .* en geen PDF"):
        controleer_upload(b"PK\x03\x04zip", BIJLAGE)


def test_nothing_is_stored_after_a_refusal(opslag):
    """The flow a domain service follows: check first, store only what passed (both backends)."""
    def upload(data):
        checked = controleer_upload(data, FOTO, max_bytes=64 * 1024)
        return opslag.put(checked.data)

    for bad in (b"tekst", photo("PNG") + b"\x00" * 70_000, png_bomb(100_000, 100_000)):
        with pytest.raises(OngeldigeInvoer):
            upload(bad)
    assert stored_keys(opslag) == []
    stored = upload(photo("JPEG", exif=exif_with_gps()))
    assert_no_metadata(opslag.get(stored.key))
