"""The EPUB's zip container, the same bytes for the same files: ``mimetype`` first and stored, every
entry dated alike, in a fixed order, with fixed permissions; written aside and moved into place."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from ..atomic import atomic_path

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
#: Already compressed: deflating them again only costs time.
STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".woff2", ".gif", ".webp")


def write_archive(target: Path, files: dict[str, bytes], moment: dt.datetime) -> int:
    """Write ``files`` (path inside ``EPUB/`` → bytes) as an EPUB at ``target``; return its size in bytes.

    The zip format cannot date a file before 1980: an earlier ``moment`` is taken as 1980-01-01.
    """
    stamp = max((moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second),
                (1980, 1, 1, 0, 0, 0))
    entries = [("mimetype", b"application/epub+zip"), ("META-INF/container.xml", CONTAINER.encode())]
    entries += [(f"EPUB/{name}", files[name]) for name in sorted(files)]
    with atomic_path(target) as tmp:
        with zipfile.ZipFile(tmp, "w") as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=stamp)
                stored = name == "mimetype" or name.endswith(STORED_SUFFIXES)
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 3  # Unix, whatever machine builds it
                archive.writestr(info, data, compresslevel=9 if not stored else None)
        size = tmp.stat().st_size
    return size
