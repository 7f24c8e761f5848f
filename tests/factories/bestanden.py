"""Files for upload tests: valid ones (a real PDF, docx, xlsx, a JPEG with GPS) and the
hostile ones of issue 22 (HTML behind a JPEG or PDF signature, a pixel bomb, macros)."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

GPS_IFD = 0x8825
GPS_CANARY = "KANARIE-GPS-52.3702-4.8952"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>\n"


def pdf(*regels: str) -> bytes:
    """A small valid one-page PDF (catalog, page tree, xref) with these lines of text."""
    def esc(t: str) -> str:
        return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = ("BT /F1 11 Tf 56 780 Td 15 TL " + " ".join(f"({esc(r)}) '" for r in regels or ("Document",))
              + " ET").encode("cp1252", errors="replace")
    objecten = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    uit = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posities = []
    for i, obj in enumerate(objecten, 1):
        posities.append(len(uit))
        uit += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(uit)
    uit += f"xref\n0 {len(objecten) + 1}\n0000000000 65535 f \n".encode()
    uit += b"".join(f"{p:010d} 00000 n \n".encode() for p in posities)
    uit += f"trailer\n<< /Size {len(objecten) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(uit)


def html_als_pdf() -> bytes:
    """A web page that starts with the PDF signature and ends like one."""
    return b"%PDF-1.4\n" + HTML + b"%%EOF\n"


def html_als_jpeg() -> bytes:
    """A web page behind the JPEG signature."""
    return b"\xff\xd8\xff\xe0" + HTML


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KANARIE-Fabrikant"
    exif[0x0131] = GPS_CANARY
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 22.0, 12.72), "E", (4.0, 53.0, 42.72)
    return exif


def jpeg_met_gps(size=(64, 48)) -> bytes:
    img = Image.new("RGB", size, (200, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=gps_exif())
    data = buf.getvalue()
    assert GPS_CANARY.encode() in data  # the fixture really carries GPS
    return data


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bom(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few kilobytes that claim width × height pixels (1-bit greyscale)."""
    row = b"\x00" * (1 + (width + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(min(height, 2000))) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/{deel}" ContentType="{type}"/></Types>')


def ooxml(deel: str = "word/document.xml", *, extra: dict[str, bytes] | None = None,
          type_: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") -> bytes:
    """A minimal Office Open XML package (docx by default; deel="xl/workbook.xml" for xlsx)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT.format(deel=deel, type=type_))
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        z.writestr(deel, '<?xml version="1.0"?><document>Verklaring</document>')
        for naam, inhoud in (extra or {}).items():
            z.writestr(naam, inhoud)
    return buf.getvalue()


def zip_bom() -> bytes:
    """An Office package with one part that unpacks to 128 MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT.format(deel="word/document.xml", type="x"))
        z.writestr("word/document.xml", "<document/>")
        with z.open("word/media/bom.bin", "w", force_zip64=True) as f:
            blok = b"\x00" * (1024 * 1024)
            for _ in range(128):
                f.write(blok)
    return buf.getvalue()
