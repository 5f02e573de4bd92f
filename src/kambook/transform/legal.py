"""The legal mentions of a printed book, as sentences, for the copyright page and the colophon.

French law (arrêté du 12 janvier 1995 on the legal deposit of printed works) asks every copy to state the
publisher's name and address, the printer's name and address, the date printing was completed, the ISBN
and the month and year of the legal deposit. ``book.yaml`` holds them as data (``publisher_address``,
``printer:``, ``legal_deposit``; the manifest requires them when the print edition is built) and the
sentences are written here and typeset with the rest of the book (``render.legal`` only marks them up).
The notice on copying paraphrases the Code de la propriété intellectuelle (articles L. 122-4 and
L. 122-5), as French books print it.
"""

from __future__ import annotations

import datetime as dt

from ..manifest import Manifest, PrinterSpec
from ..text.dates import MONTHS
from ..text.typography import NBSP, typeset

#: The usual notice of a French book on what copying the law allows (kambook's own wording).
COPYING_NOTICE = (
    "Toute représentation ou reproduction de cet ouvrage, intégrale ou partielle, par quelque procédé que ce "
    "soit, sans le consentement de l'auteur ou de ses ayants droit est illicite (Code de la propriété "
    f"intellectuelle, article{NBSP}L.{NBSP}122-4) et constitue une contrefaçon. Seules sont permises "
    f"(article{NBSP}L.{NBSP}122-5) les copies strictement réservées à l'usage privé du copiste et non "
    "destinées à une utilisation collective, ainsi que les analyses et courtes citations justifiées par le "
    "caractère critique, pédagogique ou d'information de l'œuvre, à condition d'indiquer clairement le nom "
    "de l'auteur et la source."
)


def french_month(value: dt.date) -> str:
    """« janvier 2015 »."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def _printed(printer: PrinterSpec | None) -> str:
    """« Achevé d'imprimer en janvier 2015 par Imprimerie …, adresse. », from what the manifest gives."""
    if printer is None or not (printer.name or printer.completed):
        return ""
    text = f"Achevé d'imprimer en {french_month(printer.completed)}" if printer.completed else "Imprimé"
    if printer.name:
        text += f" par {printer.name}" + (f", {printer.address}" if printer.address else "")
    return text + "."


def legal_texts(m: Manifest) -> dict[str, str]:
    """Each mention the manifest can give, by name, typeset: the print edition's manifest gives them all.
    ``publisher`` and ``address`` are the two lines of the publisher's mention."""
    texts = {
        "publisher": m.publisher,
        "address": m.publisher_address or m.publisher_city,
        "rights": m.rights,
        "notice": COPYING_NOTICE,
        "isbn": f"ISBN{NBSP}{m.isbn}",
        "deposit": f"Dépôt légal : {french_month(m.legal_deposit)}" if m.legal_deposit else "",
        "printed": _printed(m.printer),
    }
    return {key: typeset(text, "fr") for key, text in texts.items() if text}
