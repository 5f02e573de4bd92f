"""Total area coverage (TAC): how much ink the press lays down at the darkest spot of each page.

Paper takes only so much ink (300 % on coated offset, less on uncoated): above it sheets set off on each
other and dry badly. The sum C+M+Y+K is only known after transparency, overprint and images are
composited, so it is measured on a Ghostscript render of the BleedBox, never on the objects.

Colour management: Ghostscript passes DeviceCMYK through to a CMYK device unchanged, but by default it
converts ``ICCBased`` CMYK to its own generic SWOP profile (100 C + 100 K reads 292 %), and a forced
``-sOutputICCProfile`` converts DeviceCMYK instead. ``-dUsePDFX3Profile`` does what a PDF/X RIP does: the
output intent becomes the destination, so DeviceCMYK and CMYK in the output intent's own profile pass
through, and only colours tagged with another profile (or RGB) are converted to the press condition.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageMath

from .document import PdfDocument

RULE = "ink-coverage"
#: 8-bit channels round each ink to 1/255: four of them can add up to ~1.6 % above what the file says.
TOLERANCE = 2.0
TIMEOUT_S = 600
FULL = 255.0


def ink_coverage(doc: PdfDocument, limit: float = 300.0, dpi: int = 36) -> dict:
    """Failure per page whose densest pixel carries more than ``limit`` % ink (plus rounding tolerance)."""
    before = len(doc.findings)
    facts: dict = {"limit": limit, "dpi": dpi, "max_by_page": {}, "max": None}
    gs = shutil.which("gs")
    if gs is None:
        doc.add(RULE, "failure", "Ghostscript is needed to measure ink coverage (apt install ghostscript)")
        return facts
    with tempfile.TemporaryDirectory(prefix="kambook-tac-") as folder:
        error = _render(doc, gs, dpi, Path(folder))
        if error:
            doc.add(RULE, "failure", f"Ghostscript could not render the file: {error}")
            return facts
        for number in range(1, len(doc.pages) + 1):
            tif = Path(folder) / f"{number}.tif"
            if not tif.is_file():
                doc.add(RULE, "failure", "Ghostscript rendered no image of this page", number)
                continue
            peak, over, share = _measure(tif, dpi, limit + TOLERANCE)
            facts["max_by_page"][str(number)] = round(peak, 1)
            if peak > limit + TOLERANCE:
                doc.add(RULE, "failure", f"ink coverage reaches {peak:.0f} %, over the {limit:g} % limit on "
                        f"{over:.1f} cm² ({share:.1f} % of the page with bleed)", number)
    values = facts["max_by_page"].values()
    facts["max"] = max(values) if values else None
    doc.ok_unless(RULE, before, f"ink coverage at most {facts['max']:.0f} % (limit {limit:g} %)"
                  if facts["max"] is not None else "no page to measure")
    return facts


def _render(doc: PdfDocument, gs: str, dpi: int, folder: Path) -> str | None:
    """One Ghostscript run for the whole file: starting it per page would cost more than rendering."""
    source = _without_object_streams(doc.path, folder)
    intent = doc.output_intent
    pdfx = intent is not None and intent.get("profile_components") == 4
    error = _gs(gs, dpi, folder, source, ["-dUsePDFX3Profile"] if pdfx else [])
    if error and pdfx:  # an output intent profile Ghostscript rejects: measure with its default CMYK instead
        error = _gs(gs, dpi, folder, source, [])
    return error


def _gs(gs: str, dpi: int, folder: Path, source: Path, options: list[str]) -> str | None:
    command = [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{dpi}", "-dUseBleedBox",
               *options, f"-sOutputFile={folder / '%d.tif'}", str(source)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return lines[-1] if lines else f"exit status {done.returncode}"
    return None


def _without_object_streams(path: Path, folder: Path) -> Path:
    """Ghostscript 10's PDF interpreter reads objects in object streams about four times slower (11 s
    instead of 2-3 s for a 160-page WeasyPrint book): qpdf (through pikepdf) writes them out in a blink."""
    try:
        import pikepdf

        plain = folder / "source.pdf"
        with pikepdf.open(path) as pdf:
            pdf.save(plain, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                     stream_decode_level=pikepdf.StreamDecodeLevel.none)
        return plain
    except Exception:  # noqa: BLE001 - without pikepdf, or on a file it rejects, Ghostscript reads the original
        return path


def _measure(tif: Path, dpi: int, threshold: float) -> tuple[float, float, float]:
    """Maximum % of the page (bleed included: marks belong outside it), the area over ``threshold`` in cm²
    and as a share of the page."""
    with Image.open(tif) as image:
        image = image.convert("CMYK")
    total = _ink_sum(*image.split())
    peak = total.getextrema()[1] * 100 / FULL
    if peak <= threshold:
        return peak, 0.0, 0.0
    units = threshold * FULL / 100
    over = _above(total, units).convert("L").histogram()[1]
    pixel_cm2 = (2.54 / dpi) ** 2
    return peak, over * pixel_cm2, 100 * over / (image.width * image.height)


def _ink_sum(c: Image.Image, m: Image.Image, y: Image.Image, k: Image.Image) -> Image.Image:
    """C+M+Y+K per pixel in a 32-bit image (0-1020); Pillow < 10.3 has only the string form of ImageMath."""
    if hasattr(ImageMath, "lambda_eval"):
        return ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return ImageMath.eval("c + m + y + k", c=c, m=m, y=y, k=k)


def _above(total: Image.Image, units: float) -> Image.Image:
    """1 where the sum exceeds ``units``, 0 elsewhere."""
    if hasattr(ImageMath, "lambda_eval"):
        return ImageMath.lambda_eval(lambda a: a["t"] > units, t=total)
    return ImageMath.eval(f"t > {units}", t=total)
