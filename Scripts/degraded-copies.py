#!/usr/bin/env python3
"""Copies of a dataset's images made worse in five ways, to see OCR noise the parser's rules were
not made on: the rules were tuned on the dev set's own readings, and a rule that only mends those
shows no gain here. Each copy is a dataset folder (img/, and gt/ linked to the original) for
`receipts eval`:
  low    0.6x scale, JPEG quality 60
  rot    turned 1.5 degrees, blurred (radius 0.8), contrast 0.7
  half   0.5x scale, JPEG quality 75
  noise  grain blended in at 18%, JPEG quality 35 (the grain seeded by the file's name, so each
         run makes the same copy)
  tilt   turned -2.5 degrees on grey, brightness 0.85
Usage: Scripts/degraded-copies.py [DATASET] [OUT]   (default ../shared/receipts-dev/sroie, /tmp/degraded)
Needs Pillow (pip install pillow)."""
import os
import random
import sys

from PIL import Image, ImageEnhance, ImageFilter

dataset = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "../shared/receipts-dev/sroie")
out_root = sys.argv[2] if len(sys.argv) > 2 else "/tmp/degraded"


def scaled(factor, resample):
    return lambda im: im.resize((int(im.width * factor), int(im.height * factor)), resample)


def turned(degrees, fill, resample):
    return lambda im: im.rotate(degrees, resample=resample, expand=True, fillcolor=fill)


# Image.effect_noise draws from an unseeded generator: one seeded by each file's name (below)
# keeps the copies comparable across runs.
rng = random.Random()


def grain(im):
    grey = im.convert("L")
    noise = Image.frombytes("L", grey.size, bytes(min(255, max(0, int(rng.gauss(128, 40))))
                                                   for _ in range(grey.width * grey.height)))
    return Image.blend(grey, noise, 0.18).convert("RGB")


copies = {
    "low": (scaled(0.6, Image.LANCZOS), 60),
    "rot": (lambda im: ImageEnhance.Contrast(turned(1.5, (255, 255, 255), Image.BICUBIC)(im)
                                             .filter(ImageFilter.GaussianBlur(0.8))).enhance(0.7), 60),
    "half": (scaled(0.5, Image.BILINEAR), 75),
    "noise": (grain, 35),
    "tilt": (lambda im: ImageEnhance.Brightness(turned(-2.5, (200, 200, 200), Image.BILINEAR)(im)).enhance(0.85), 70),
}

for name, (make, quality) in copies.items():
    out = os.path.join(out_root, name)
    os.makedirs(os.path.join(out, "img"), exist_ok=True)
    if not os.path.exists(os.path.join(out, "gt")):
        os.symlink(os.path.join(dataset, "gt"), os.path.join(out, "gt"))
    for f in sorted(os.listdir(os.path.join(dataset, "img"))):
        image = Image.open(os.path.join(dataset, "img", f)).convert("RGB")
        stem = os.path.splitext(f)[0]
        rng.seed(stem)
        make(image).save(os.path.join(out, "img", stem + ".jpg"), quality=quality)
    print(f"{out}: {len(os.listdir(os.path.join(out, 'img')))} images", file=sys.stderr)
