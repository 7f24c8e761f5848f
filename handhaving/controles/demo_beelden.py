"""Demo photos and signatures drawn with Pillow (no files shipped with the app)."""
from __future__ import annotations

import base64
import io
import random
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from handhaving.tijd import naar_lokaal

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# --------------------------------------------------------------------------- images

def _font(size: int, bold: bool = False):
    path = FONT_BOLD if bold else FONT
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size=size)


def foto_jpeg(bijschrift: str, moment: datetime, seed: int, size=(800, 600)) -> bytes:
    """A small drawn 'photo' of a room with the caption on it, with camera EXIF incl. GPS
    (so that the upload check has something to strip)."""
    rnd = random.Random(seed)
    w, h = size
    wand = tuple(rnd.randint(170, 225) for _ in range(3))
    img = Image.new("RGB", size, wand)
    d = ImageDraw.Draw(img)
    horizon = int(h * 0.68)
    d.polygon([(0, h), (w, h), (w - 90, horizon), (90, horizon)], fill=(120, 95, 70))
    d.line([(90, horizon), (w - 90, horizon)], fill=(90, 80, 70), width=3)
    d.line([(0, 0), (90, horizon)], fill=tuple(c - 25 for c in wand), width=3)
    d.line([(w, 0), (w - 90, horizon)], fill=tuple(c - 25 for c in wand), width=3)
    # a door and a window
    d.rectangle((120, 170, 250, horizon), fill=(150, 115, 80), outline=(80, 60, 40), width=3)
    d.ellipse((228, 300, 240, 312), fill=(210, 190, 90))
    d.rectangle((w - 300, 110, w - 130, 260), fill=(170, 205, 235), outline=(240, 240, 240), width=8)
    d.line([(w - 215, 110), (w - 215, 260)], fill=(240, 240, 240), width=5)
    tekst = bijschrift.lower()
    if "brandblusser" in tekst or "blus" in tekst:
        d.rectangle((420, 240, 460, 330), outline=(60, 60, 60), width=4)           # empty bracket
        d.rectangle((400, 180, 480, 230), fill=(200, 30, 30))                       # sign
        d.text((440, 205), "BLUS", font=_font(22, True), fill="white", anchor="mm")
    elif any(k in tekst for k in ("bed", "matras", "slaap")):
        for i in range(rnd.randint(2, 3)):
            x = 300 + i * 140
            d.rectangle((x, horizon - 10, x + 120, horizon + 60), fill=(235, 235, 240), outline=(90, 90, 110),
                        width=3)
            d.rectangle((x + 8, horizon - 4, x + 50, horizon + 18), fill=(250, 250, 250))
        d.rectangle((560, horizon + 70, 640, horizon + 120), fill=(40, 70, 140))    # luggage
    elif any(k in tekst for k in ("krat", "nooduitgang", "vluchtweg")):
        d.rectangle((380, 120, 470, 160), fill=(0, 140, 70))
        d.text((425, 140), "EXIT", font=_font(22, True), fill="white", anchor="mm")
        for r in range(4):
            for c in range(3):
                d.rectangle((340 + c * 60, horizon + 40 - r * 45, 395 + c * 60, horizon + 82 - r * 45),
                            fill=(200, 150, 40), outline=(120, 80, 20), width=3)
    elif any(k in tekst for k in ("schimmel", "vocht")):
        for _ in range(40):
            x, y, r = rnd.randint(320, 620), rnd.randint(60, 300), rnd.randint(4, 22)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(60 + rnd.randint(0, 30), 70, 50))
    elif any(k in tekst for k in ("snoer", "verleng")):
        pts = [(300 + i * 40, horizon + 40 + rnd.randint(-15, 15)) for i in range(10)]
        d.line(pts, fill=(245, 245, 245), width=6)
        for x, y in pts[::3]:
            d.rectangle((x - 14, y - 10, x + 14, y + 10), fill=(250, 250, 250), outline=(100, 100, 100))
    else:  # a framed document or price list on the wall
        d.rectangle((380, 130, 520, 310), fill=(250, 250, 245), outline=(60, 50, 40), width=6)
        for i in range(9):
            d.line([(398, 160 + i * 16), (398 + rnd.randint(60, 100), 160 + i * 16)], fill=(90, 90, 90), width=3)
    # caption bar and the camera's time stamp
    d.rectangle((0, h - 64, w, h), fill=(20, 20, 20))
    d.text((20, h - 32), bijschrift, font=_font(26), fill=(255, 255, 255), anchor="lm")
    d.text((w - 16, 16), f"{naar_lokaal(moment):%d-%m-%Y %H:%M}", font=_font(20), fill=(255, 200, 0), anchor="ra")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPad (10th generation)"
    exif.get_ifd(0x8825).update({1: "N", 2: (50.0, 52.0, 12.5), 3: "E", 4: (5.0, 47.0, 31.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82, exif=exif.tobytes())
    return buf.getvalue()


def handtekening_data_url(naam: str, seed: int) -> str:
    """A drawn signature as the signature pad sends it (PNG data URL)."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (480, 150), "white")
    d = ImageDraw.Draw(img)
    x, pts = 20, []
    for _ in range(max(8, len(naam))):
        pts.append((x, rnd.randint(40, 115)))
        x += rnd.randint(18, 34)
        if x > 440:
            break
    d.line(pts, fill=(10, 20, 90), width=4, joint="curve")
    d.line([(30, 128), (min(x, 450), 122)], fill=(10, 20, 90), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


