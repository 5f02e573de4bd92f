"""A small book with every output (screen PDF, print interior and cover with their CMYK profile, flipbook,
site), a raster figure and a footnote in the flipbook's excerpt: quick to build whole, for the tests that
build in several folders or interrupt builds."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

from bookproject import ROOT

PROJECT = ROOT / "tests" / "fixtures" / "manifest" / "project"

EVENT = """\
title: Journée d'essai
dates: 3 février 2015
venue: Salle des essais
organisers: [Éditions d'essai]
programme:
  - day: Mardi 3 février 2015
    items:
      - {time: "9 h 00", title: "Accueil", kind: pause}
contact:
  name: Jeanne Auteur
  role: Organisation
  phone: "01 23 45 67 89"
  email: jeanne@example.org
  web: https://example.org
"""

CHAPTER = """\
---
title: Chapitre trois
label: ch:trois
---

Un paragraphe qui appelle une note[^note] et montre une figure.

![Une photographie d'essai.](../../assets/images/photo.png){#fig:photo alt="Un carré de couleurs."}

Un autre paragraphe, après la figure.

[^note]: La note de bas de page du chapitre.
"""


def small_book(folder: Path) -> Path:
    """The manifest tests' small book, completed with what every output needs."""
    shutil.copytree(PROJECT, folder)
    for name in ("styles", "assets/fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "assets" / "icc").mkdir()
    shutil.copy(ROOT / "assets" / "icc" / "FOGRA39-kambook.icc", folder / "assets" / "icc")
    (folder / "assets" / "images").mkdir()
    image = Image.new("RGB", (300, 200), "white")
    for x in range(300):
        for y in range(0, 200, 4):
            image.putpixel((x, y), (x % 256, 40 + y, 200 - y // 2))
    image.save(folder / "assets" / "images" / "photo.png", dpi=(300, 300))
    (folder / "assets" / "event").mkdir()
    (folder / "assets" / "event" / "journee.yaml").write_text(EVENT, encoding="utf-8")
    (folder / "chapters" / "partie-1" / "03-trois.md").write_text(CHAPTER, encoding="utf-8")
    manifest = folder / "book.yaml"
    text = manifest.read_text(encoding="utf-8").replace(
        "print:\n", "print:\n  bleed: 3mm\n  crop_marks: true\n  signature: 4\n"
                    "  icc_profile: assets/icc/FOGRA39-kambook.icc\n")
    manifest.write_text(text + "flipbook:\n  event: assets/event/journee.yaml\n  excerpt: ch:trois\n"
                               "  width: 148mm\n  height: 210mm\n", encoding="utf-8")
    return folder
