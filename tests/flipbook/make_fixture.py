"""A realistic 8-page flipbook folder for the viewer's browser tests.

Draws the pages of a small symposium booklet with Pillow at the three sizes of the data contract (WebP
only), records every word drawn as a text run (fractions of the page), writes book.js, a PDF of the pages,
copies the viewer's files and renders index.html from the viewer's template. Usable from a test or by hand:

    python tests/flipbook/make_fixture.py /tmp/flipbook
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
VIEWER = ROOT / "src" / "kambook" / "flipbook" / "viewer"
FOLD_JS = ROOT / "src" / "kambook" / "text" / "fold.js"
FONTS = ROOT / "assets" / "fonts"

TITLE = "Symposium du Key Account Management"
SLUG = "key-account-management"
PDF = f"{SLUG}-flipbook.pdf"
PAGE_MM = (148, 210)
SIZES = {"thumb": 200, "read": 1200, "zoom": 2400}
LABELS = ["i", "ii", "iii", "iv", "v", "vi", "87", "88"]
EMAIL = "alexandra.delorme@symposiumkam-essec-halifax.com"

NAVY, BLUE, TERRA, SAND, INK, MUTED = "#14263f", "#1f3a5f", "#9c4523", "#f4eee3", "#1b1b1b", "#5d6470"
W = SIZES["zoom"]
H = round(W * PAGE_MM[1] / PAGE_MM[0])
M = 230  # page margin, in zoom pixels


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    for candidate in (FONTS / name, FONTS / "Lato-Regular.ttf"):
        try:
            return ImageFont.truetype(str(candidate), size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def serif(size: int) -> ImageFont.FreeTypeFont:
    return _font("GentiumBookPlus-Regular.woff2", size)


def serif_italic(size: int) -> ImageFont.FreeTypeFont:
    return _font("GentiumBookPlus-Italic.woff2", size)


def sans(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return _font("Lato-Bold.ttf" if bold else "Lato-Regular.ttf", size)


@dataclass
class Page:
    label: str
    background: str = "#ffffff"
    image: Image.Image = field(init=False)
    draw: ImageDraw.ImageDraw = field(init=False)
    runs: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.image = Image.new("RGB", (W, H), self.background)
        self.draw = ImageDraw.Draw(self.image)

    def words(self, x: float, y: float, text: str, font, fill: str = INK, spacing: float = 0) -> float:
        """Draws one line word by word, records each word as a run; returns the x after the line."""
        space = font.getlength(" ") + spacing
        size = font.size
        for word in text.split(" "):
            if not word:
                x += space
                continue
            self.draw.text((x, y), word, font=font, fill=fill)
            width = font.getlength(word)
            self.runs.append({"s": word, "x": round(x / W, 4), "y": round(y / H, 4),
                              "w": round(width / W, 4), "h": round(size / H, 4)})
            x += width + space
        return x

    def centred(self, y: float, text: str, font, fill: str = INK) -> None:
        width = font.getlength(text)
        self.words((W - width) / 2, y, text, font, fill)

    def paragraph(self, x: float, y: float, width: float, text: str, font, fill: str = INK, leading: float = 1.45) -> float:
        line: list[str] = []
        for word in text.split():
            if line and font.getlength(" ".join(line + [word])) > width:
                self.words(x, y, " ".join(line), font, fill)
                y += font.size * leading
                line = []
            line.append(word)
        if line:
            self.words(x, y, " ".join(line), font, fill)
            y += font.size * leading
        return y

    def heading(self, y: float, kicker: str, title: str) -> float:
        self.words(M, y, kicker.upper(), sans(54, True), TERRA, spacing=8)
        y += 100
        y = self.paragraph(M, y, W - 2 * M, title, sans(118, True), BLUE, leading=1.15)
        self.draw.rectangle((M, y + 30, M + 220, y + 44), fill=TERRA)
        return y + 130

    def folio(self) -> None:
        font = sans(52)
        self.draw.line((M, H - 250, W - M, H - 250), fill="#d8cfbf", width=4)
        self.words(M, H - 200, "Symposium du Key Account Management · 22 et 23 janvier 2015", sans(40), MUTED)
        width = font.getlength(self.label)
        self.words(W - M - width, H - 206, self.label, font, TERRA)

    def link(self, href: str, x: float, y: float, w: float, h: float) -> None:
        self.links.append({"href": href, "x": round(x / W, 4), "y": round(y / H, 4), "w": round(w / W, 4), "h": round(h / H, 4)})


def _programme(page: Page, y: float, items: list[tuple[str, str, str]]) -> float:
    for time, title, text in items:
        page.words(M, y + 6, time, sans(60, True), TERRA)
        after = page.paragraph(M + 330, y, W - 2 * M - 330, title, sans(66, True), BLUE, leading=1.25)
        if text:
            after = page.paragraph(M + 330, after + 6, W - 2 * M - 330, text, serif(58), INK, leading=1.4)
        y = after + 70
    return y


def pages() -> tuple[list[Page], list[dict]]:
    book: list[Page] = []

    cover = Page(LABELS[0], NAVY)
    d = cover.draw
    d.rectangle((0, 0, W, 120), fill=TERRA)
    d.rectangle((0, H - 760, W, H), fill="#0d1a2d")
    d.polygon([(W - 900, 120), (W, 120), (W, 1020)], fill=BLUE)
    cover.words(M, 520, "PREMIÈRE ÉDITION", sans(70, True), "#f0a27c", spacing=14)
    y = cover.paragraph(M, 700, W - 2 * M, "Symposium du Key Account Management", sans(220, True), "#ffffff", leading=1.08)
    d.rectangle((M, y + 60, M + 300, y + 80), fill=TERRA)
    y = cover.paragraph(M, y + 180, W - 2 * M - 200, "Le rendez-vous des professionnels francophones du management des comptes clés",
                        serif_italic(92), "#e9e2d4", leading=1.3)
    cover.words(M, H - 620, "22 et 23 janvier 2015", sans(104, True), "#ffffff")
    cover.words(M, H - 470, "CNIT – La Défense", sans(80), "#f0a27c")
    cover.words(M, H - 300, "ESSEC Business School · Halifax Consulting", sans(60), "#b9c4d4")
    book.append(cover)

    p2 = Page(LABELS[1])
    y = p2.heading(330, "Le symposium", "Un rendez-vous francophone des comptes clés")
    y = p2.paragraph(M, y, W - 2 * M, "ESSEC Business School et Halifax Consulting, cabinet de conseil et de formation en performance "
                     "commerciale, se sont associés pour lancer le premier Symposium annuel du Key Account Management : le "
                     "rendez-vous des professionnels francophones du sujet.", serif(66))
    y = p2.paragraph(M, y + 50, W - 2 * M, "Au départ, l'histoire d'une rencontre, en 2008, lors d'une conférence pan-européenne ; "
                     "puis, en 2013, la décision de concevoir ensemble un événement consacré aux concepts, aux méthodes et aux "
                     "meilleures pratiques du management des comptes clés.", serif(66))
    y += 90
    p2.words(M, y, "SIX BONNES RAISONS D'Y PARTICIPER", sans(54, True), TERRA, spacing=6)
    y += 110
    for n, reason in enumerate(["Se professionnaliser sur des pratiques en forte évolution.",
                                "Des pratiques qui ont prouvé leur pertinence économique.",
                                "La force du réseau et d'une vraie rencontre.",
                                "Le format d'ateliers d'échanges de pratiques.",
                                "Un haut niveau d'expertise.",
                                "Un événement francophone."], 1):
        p2.draw.ellipse((M, y, M + 86, y + 86), fill=SAND)
        p2.words(M + 28, y + 10, str(n), sans(58, True), TERRA)
        y = p2.paragraph(M + 140, y + 8, W - 2 * M - 140, reason, serif(62)) + 40
    p2.folio()
    book.append(p2)

    p3 = Page(LABELS[2])
    y = p3.heading(330, "Programme", "Jeudi 22 janvier 2015")
    _programme(p3, y, [
        ("8 h 30", "Accueil des participants", ""),
        ("9 h 00", "Conférence plénière d'ouverture", "Une courte conférence pour poser les enjeux : pourquoi le management "
         "des comptes clés est devenu une discipline d'entreprise."),
        ("10 h 00", "Atelier 1 – La coordination des achats centraux", ""),
        ("10 h 00", "Atelier 2 – Le mode de compensation des responsables comptes clés", ""),
        ("14 h 00", "Atelier 3 – La segmentation stratégique des clients", ""),
        ("18 h 30", "Networking", "Un temps d'échanges entre pairs, pour prolonger les ateliers et faire connaissance."),
    ])
    p3.folio()
    book.append(p3)

    p4 = Page(LABELS[3])
    y = p4.heading(330, "Programme", "Six ateliers de deux heures")
    y = p4.paragraph(M, y, W - 2 * M, "Les ateliers sont conçus pour favoriser des échanges riches entre les auditoires et les "
                     "intervenants praticiens, après le partage de leur expérience.", serif(64))
    y += 60
    for n, title in enumerate(["La coordination des achats centraux", "Le mode de compensation des responsables comptes clés",
                               "La segmentation stratégique des clients", "La fidélisation client",
                               "La complémentarité Marketing – Stratégie commerciale", "Les partenariats commerciaux internationaux"], 1):
        p4.draw.rectangle((M, y, W - M, y + 250), fill=SAND)
        p4.words(M + 50, y + 40, f"ATELIER {n}", sans(48, True), TERRA, spacing=6)
        p4.paragraph(M + 50, y + 110, W - 2 * M - 100, title, sans(62, True), BLUE, leading=1.2)
        y += 300
    p4.folio()
    book.append(p4)

    p5 = Page(LABELS[4])
    y = p5.heading(330, "Programme", "Vendredi 23 janvier 2015")
    y = _programme(p5, y, [
        ("9 h 00", "Atelier 4 – La fidélisation client", ""),
        ("9 h 00", "Atelier 5 – La complémentarité Marketing – Stratégie commerciale", ""),
        ("11 h 15", "Atelier 6 – Les partenariats commerciaux internationaux", ""),
        ("13 h 30", "Synthèse des ateliers et clôture", ""),
    ])
    p5.words(M, y + 40, "TABLE RONDE", sans(54, True), TERRA, spacing=6)
    p5.paragraph(M, y + 150, W - 2 * M, "Les défis de l'interculturalité dans le management des relations clients-fournisseurs, "
                 "avec des dirigeants de TOTAL, BNP Paribas, Roquette, OCP, Aptar et Nestlé.", serif(66))
    p5.folio()
    book.append(p5)

    p6 = Page(LABELS[5])
    y = p6.heading(330, "Jeudi 22 janvier · 20 h 00", "Le dîner de gala")
    y = p6.paragraph(M, y, W - 2 * M, "Le dîner de gala réunit intervenants et participants au cœur du CNIT pour favoriser les "
                     "échanges entre pairs, dans la continuité des ateliers de la journée.", serif(66))
    y += 120
    p6.draw.rectangle((M, y, W - M, y + 820), fill=SAND)
    p6.words(M + 70, y + 70, "CONTACT", sans(54, True), TERRA, spacing=6)
    p6.words(M + 70, y + 170, "Alexandra Delorme", sans(80, True), BLUE)
    p6.words(M + 70, y + 290, "Symposium Annuel du Key Account Management", serif(60))
    p6.words(M + 70, y + 390, "+33 (0)1 30 61 81 91", serif(60))
    email_font = sans(50)
    p6.words(M + 70, y + 500, EMAIL, email_font, "#1f5fa8")
    p6.draw.line((M + 70, y + 560, M + 70 + email_font.getlength(EMAIL), y + 560), fill="#1f5fa8", width=4)
    p6.link(f"mailto:{EMAIL}", M + 60, y + 490, email_font.getlength(EMAIL) + 20, 80)
    p6.words(M + 70, y + 640, "Le livre : voir l'extrait page 87", serif_italic(58), MUTED)
    p6.link("#page=7", M + 60, y + 630, serif_italic(58).getlength("Le livre : voir l'extrait page 87") + 20, 80)
    p6.folio()
    book.append(p6)

    p7 = Page(LABELS[6])
    p7.words(M, 330, "CHAPITRE 10", sans(54, True), TERRA, spacing=8)
    y = p7.paragraph(M, 430, W - 2 * M, "L'orchestration des ressources", serif(130), BLUE, leading=1.1) + 80
    body = ("Le responsable compte clé ne dispose que rarement d'une autorité hiérarchique sur les personnes qui servent "
            "le client. Il lui faut donc orchestrer : mobiliser la production, la logistique, la finance et le marketing "
            "autour d'un plan partagé, et rendre visible la contribution de chacun. ")
    for _ in range(3):
        y = p7.paragraph(M, y, W - 2 * M, body, serif(62), INK, leading=1.5) + 40
    p7.folio()
    book.append(p7)

    back = Page(LABELS[7], NAVY)
    back.draw.rectangle((0, H - 120, W, H), fill=TERRA)
    back.centred(1300, "Key Account Management", sans(110, True), "#ffffff")
    back.centred(1460, "Oser, structurer et planifier la relation avec les clients stratégiques", serif_italic(60), "#e9e2d4")
    back.centred(1620, "Hubert Faucher · Éditions KAWA", sans(60), "#f0a27c")
    back.centred(H - 500, "ISBN 978-2-36778-045-0", sans(48), "#b9c4d4")
    book.append(back)

    outline = [
        {"title": "Le symposium", "page": 2, "children": []},
        {"title": "Programme", "page": 3, "children": [
            {"title": "Jeudi 22 janvier", "page": 3, "children": []},
            {"title": "Les ateliers", "page": 4, "children": []},
            {"title": "Vendredi 23 janvier", "page": 5, "children": []},
            {"title": "Le dîner de gala", "page": 6, "children": []},
        ]},
        {"title": "Extrait : L'orchestration des ressources", "page": 7, "children": []},
    ]
    return book, outline


def make_fixture(dest: Path) -> Path:
    """Writes the flipbook folder into dest (created) and returns it."""
    dest = Path(dest)
    (dest / "pages").mkdir(parents=True, exist_ok=True)
    book, outline = pages()
    entries = []
    reads = []
    for n, page in enumerate(book, 1):
        images = {}
        for size, width in SIZES.items():
            height = round(width * PAGE_MM[1] / PAGE_MM[0])
            im = page.image if width == W else page.image.resize((width, height), Image.LANCZOS)
            stem = f"pages/p{n:03d}-{size}"
            im.save(dest / f"{stem}.webp", "WEBP", quality=78, method=4)
            images[size] = {"webp": f"{stem}.webp", "width": width}
            if size == "read":
                reads.append(im)
        entries.append({"number": n, "label": page.label, "images": images, "text": page.runs, "links": page.links})
    reads[0].save(dest / PDF, "PDF", save_all=True, append_images=reads[1:], resolution=1200 / (PAGE_MM[0] / 25.4))
    data = {"title": TITLE, "pdf": PDF, "page_width": PAGE_MM[0], "page_height": PAGE_MM[1], "pages": entries, "outline": outline}
    (dest / "book.js").write_text("window.FLIPBOOK = " + json.dumps(data, ensure_ascii=False) + ";\n", encoding="utf-8")
    for name in ("viewer.js", "viewer.css"):
        shutil.copy(VIEWER / name, dest / name)
    shutil.copy(FOLD_JS, dest / "fold.js")
    env = Environment(loader=FileSystemLoader(str(VIEWER)), autoescape=select_autoescape(["html", "j2"]))
    html = env.get_template("index.html.j2").render(title=TITLE, lang="fr", pdf=PDF, slug=SLUG, book_js="book.js",
                                                    home="../index.html")
    (dest / "index.html").write_text(html, encoding="utf-8")
    return dest


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixture.py OUTPUT_FOLDER")
    print(make_fixture(Path(sys.argv[1])))
