#!/usr/bin/env python3
"""Renders receipt fixture images with known truth into Fixtures/images/.

Each spec below is one receipt: its printed lines and the fields a correct reading gives.
Variants per receipt: `clean` (a flat scan), `photo` (tilt, blur, uneven light, noise, JPEG),
and for one receipt `exif6` (pixels stored sideways with EXIF orientation 6, as phones do).
Output is deterministic (fixed seeds) and committed; re-run after changing a spec:

    /usr/bin/python3 Scripts/make-fixture-images.py      # needs python3-pil (Debian) or Pillow
"""
import time
import json
import os
import subprocess
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "images")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"

SPECS = [
    {
        "name": "us-grocery",
        "lines": [
            "*GREEN VALLEY MARKET", "1820 OAK AVENUE", "SPRINGFIELD, IL 62704", "TEL 217-555-0148",
            "", "DATE 03/18/2024  TIME 14:22", "", "APPLES 2LB             3.98", "WHOLE MILK             4.29",
            "RYE BREAD              3.49", "COFFEE BEANS          11.99", "", "SUBTOTAL              23.75",
            "TAX 6.25%              1.48", "TOTAL                 25.23", "", "VISA ************4417  25.23",
            "", "THANK YOU!",
        ],
        "truth": {"merchant": "GREEN VALLEY MARKET", "date": "2024-03-18", "total": "25.23", "subtotal": "23.75",
                  "tax": "1.48", "time": "14:22", "card_last4": "4417"},
    },
    {
        "name": "my-gst-cafe",
        "lines": [
            "*KOPI HOUSE SDN BHD", "(1123456-K)", "NO 12, JALAN SS2/24,", "47300 PETALING JAYA, SELANGOR",
            "TEL: 03-7875 1234", "GST ID: 001234567890", "TAX INVOICE", "INVOICE NO: KH10023",
            "DATE: 25/06/2018 13:05", "", "NASI LEMAK        1   8.50", "TEH TARIK         2   5.00",
            "", "TOTAL EXCL GST         12.74", "GST 6%                  0.76", "TOTAL INCL GST     RM  13.50",
            "CASH                   20.00", "CHANGE                  6.50",
        ],
        "truth": {"merchant": "KOPI HOUSE SDN BHD", "date": "2018-06-25", "total": "13.50", "tax": "0.76",
                  "subtotal": "12.74", "currency": "MYR"},
    },
    {
        "name": "de-supermarkt",
        "lines": [
            "*FRISCHMARKT", "Frischmarkt Handels GmbH", "Bahnhofstr. 21", "80335 München", "",
            "EUR", "Bio Äpfel              2,49 B", "Vollmilch              1,15 B", "Käse Gouda             3,79 B",
            "Spülmittel             1,99 A", "-----------------------------", "SUMME                  9,42",
            "Geg. Bar              20,00", "Rückgeld              10,58", "", "Datum: 14.03.2024  Zeit: 10:17",
        ],
        "truth": {"merchant": "Frischmarkt Handels GmbH", "date": "2024-03-14", "total": "9.42", "currency": "EUR"},
    },
]


def render(lines, scale=1.0):
    size = int(26 * scale)
    font = ImageFont.truetype(FONT, size)
    bold = ImageFont.truetype(FONT_BOLD, int(size * 1.25))
    width = int(620 * scale)
    line_h = int(size * 1.45)
    height = int(60 * scale) + line_h * len(lines) + int(40 * scale)
    img = Image.new("L", (width, height), 255)
    d = ImageDraw.Draw(img)
    y = int(40 * scale)
    for line in lines:
        f = bold if line.startswith("*") else font
        text = line.lstrip("*")
        w = d.textlength(text, font=f)
        x = (width - w) / 2 if line.startswith("*") else int(36 * scale)
        d.text((x, y), text, font=f, fill=0)
        y += line_h
    return img


def photo(img, seed):
    """A phone-photo look: tilt, slight blur, uneven light, sensor noise; saved as JPEG later."""
    rnd = random.Random(seed)
    angle = rnd.choice([-1, 1]) * rnd.uniform(2.0, 3.5)
    pad = 40
    canvas = Image.new("L", (img.width + 2 * pad, img.height + 2 * pad), 200)
    canvas.paste(img, (pad, pad))
    tilted = canvas.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=200)
    tilted = tilted.filter(ImageFilter.GaussianBlur(0.8))
    px = tilted.load()
    w, h = tilted.size
    for yy in range(h):
        for xx in range(w):
            light = 0.78 + 0.22 * (xx / w) * (1 - 0.5 * yy / h)  # darker on one side
            v = px[xx, yy] * light + rnd.gauss(0, 6)
            px[xx, yy] = max(0, min(255, int(v)))
    return tilted


def main():
    os.makedirs(OUT, exist_ok=True)
    for spec in SPECS:
        clean = render(spec["lines"])
        clean.save(os.path.join(OUT, spec["name"] + "-clean.png"), dpi=(200, 200))
        photo(clean, seed=len(spec["name"])).save(os.path.join(OUT, spec["name"] + "-photo.jpg"), quality=72)
        truth = dict(spec["truth"])
        with open(os.path.join(OUT, spec["name"] + ".truth.json"), "w") as f:
            json.dump(truth, f, indent=2, ensure_ascii=False)
            f.write("\n")
    # Tilted photos: the receipt turned 6 and -9 degrees on a grey table (the deskew step's case).
    for angle in (6, -9):
        tilted = render(SPECS[2]["lines"]).rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=170)
        tilted.save(os.path.join(OUT, f"{SPECS[2]['name']}-tilt{angle:+d}.jpg"), quality=85)
    # The receipt on a grey board, as flatbed scans of slips often come (the paper-crop step's case).
    board = Image.new("L", (1800, 2400), 120)
    slip = render(SPECS[0]["lines"])
    board.paste(slip, (1100, 150))
    board.save(os.path.join(OUT, SPECS[0]["name"] + "-board.jpg"), quality=85)
    # An A4 page scanned at 300 dpi with the clean receipt in the middle (the crop step's case).
    page = Image.new("L", (2480, 3508), 255)
    receipt = render(SPECS[1]["lines"])
    page.paste(receipt, ((page.width - receipt.width) // 2, 900))
    page.save(os.path.join(OUT, SPECS[1]["name"] + "-a4.png"), dpi=(300, 300))
    # A sideways phone photo: the pixels are turned 90 degrees anticlockwise, and EXIF orientation 6
    # tells viewers to turn them clockwise. Leptonica ignores the tag; the loader must not.
    first = SPECS[0]
    upright = render(first["lines"]).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    upright.rotate(90, expand=True).save(os.path.join(OUT, first["name"] + "-exif6.jpg"), quality=90, exif=exif,
                                          dpi=(72, 72))
    # Turned without an EXIF tag (a scan fed sideways, photos taken upside down or sideways): the
    # OCR stage must find the way up itself.
    render(SPECS[0]["lines"]).rotate(90, expand=True).save(os.path.join(OUT, SPECS[0]["name"] + "-rot270.png"))
    for spec, angle in ((SPECS[2], 180), (SPECS[1], 270)):
        shot = Image.open(os.path.join(OUT, spec["name"] + "-photo.jpg"))
        shot.rotate(angle, expand=True).save(os.path.join(OUT, "%s-rot%d.jpg" % (spec["name"], 360 - angle)), quality=80)
    # A dim photo (under-exposed, low contrast: ink at ~60, paper at ~125) and a low-resolution
    # scan (100 dpi: the print a third smaller than the clean scans' smallest).
    dim = photo(render(SPECS[1]["lines"]), seed=7).point(lambda v: int(10 + v * 0.45))
    dim.save(os.path.join(OUT, SPECS[1]["name"] + "-dark.jpg"), quality=80)
    small = render(SPECS[0]["lines"])
    small.resize((small.width // 2, small.height // 2), Image.LANCZOS).save(
        os.path.join(OUT, SPECS[0]["name"] + "-lowres.png"), dpi=(100, 100))
    # A receipt on a table whose lower part lies in shadow: the shaded paper (about 175) is darker
    # than paper for certain (200) and lighter than the table (about 110) (the paper step's case).
    slip = render(SPECS[2]["lines"])
    table = Image.new("L", (slip.width + 500, slip.height + 400), 110)
    table.paste(slip, (250, 200))
    px = table.load()
    rnd = random.Random(11)
    for yy in range(table.height):
        shade = 1.0 if yy < 200 + slip.height * 0.45 else 0.7
        for xx in range(table.width):
            px[xx, yy] = max(0, min(255, int(px[xx, yy] * shade + rnd.gauss(0, 4))))
    table.filter(ImageFilter.GaussianBlur(0.7)).save(os.path.join(OUT, SPECS[2]["name"] + "-shade.jpg"), quality=85)
    # A web-sized phone photo (the photo scaled to 260 px wide), as receipts are shared online:
    # print a third the height Tesseract reads best at (the small-print step's case).
    shot = Image.open(os.path.join(OUT, SPECS[0]["name"] + "-photo.jpg"))
    shot.resize((260, shot.height * 260 // shot.width), Image.LANCZOS).save(
        os.path.join(OUT, SPECS[0]["name"] + "-web.jpg"), quality=85)
    # The phone photo as HEIC, phones' default format (heif-enc from Debian's libheif-examples).
    jpeg = os.path.join(OUT, first["name"] + "-photo.jpg")
    subprocess.run(["heif-enc", "-q", "50", jpeg, "-o", jpeg[:-4] + ".heic"], check=True, stdout=subprocess.DEVNULL)
    tall_total()
    make_pdfs()


def tall_total():
    """A diner's receipt whose total is printed double height, as POS printers print totals: at
    its own proportions Tesseract misreads the narrow digits (the total-look step's case; its
    truth, total 56.58, is in that step's test)."""
    lines = ["*CORNER DINER", "12 MAIN ST", "SPRINGFIELD, IL 62704", "", "1 COFFEE               3.00",
             "2 LUNCH               45.90", "1 COKE                 3.00", "", "SUBTOTAL              51.90",
             "TAX                    4.68"]
    top = render(lines)
    font = ImageFont.truetype(FONT, 26)
    line = Image.new("L", (top.width, 38), 255)
    ImageDraw.Draw(line).text((36, 2), "TOTAL:               $56.58", font=font, fill=0)
    tall = line.resize((line.width, int(line.height * 2.4)), Image.BICUBIC)
    bottom = render(["05/26/2016 12:53 PM", "THANK YOU!"])
    img = Image.new("L", (top.width, top.height + tall.height + bottom.height), 255)
    img.paste(top, (0, 0))
    img.paste(tall, (0, top.height - 20))
    img.paste(bottom, (0, top.height - 20 + tall.height))
    img.save(os.path.join(OUT, "us-diner-tall.png"), dpi=(200, 200))


def text_pdf(pages):
    """A PDF whose pages carry their receipt as text (Courier, WinAnsi), as shops mail them."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        height = 40 + 12 * len(lines)
        ops = ["BT", "/F1 9 Tf", "12 TL", "14 %d Td" % (height - 24)]
        for line in lines:
            text = line.lstrip("*").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append("(%s) Tj T*" % text)
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 226 %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (height, content))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def make_pdfs():
    """Fixtures/documents: receipts as PDF, with a text layer (two pages) and scanned (no text)."""
    folder = os.path.join(ROOT, "Fixtures", "documents")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "mailed-receipts.pdf"), "wb") as f:
        f.write(text_pdf([SPECS[0]["lines"], SPECS[1]["lines"]]))
    stamp = time.strptime("2024-01-01", "%Y-%m-%d")  # fixed, so the file is the same each time
    render(SPECS[2]["lines"]).save(os.path.join(folder, "scanned-receipt.pdf"), resolution=200,
                                   creationDate=stamp, modDate=stamp)
    truth = {"mailed-receipts.pdf#page=1": SPECS[0]["truth"], "mailed-receipts.pdf#page=2": SPECS[1]["truth"],
             "scanned-receipt.pdf#page=1": SPECS[2]["truth"]}
    with open(os.path.join(folder, "truth.json"), "w") as f:
        json.dump(truth, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
