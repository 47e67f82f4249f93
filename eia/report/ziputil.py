"""Reproducible ZIP containers (docx, xlsx): fixed entry timestamps and document dates.

References
----------
PKWARE APPNOTE.TXT 6.3.10, 4.4.6 (MS-DOS date/time of entries; 1980-01-01 is the earliest);
ECMA-376 Part 2 (Open Packaging Conventions), 11 (core properties ``dcterms:created``/``modified``).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

__all__ = ["deterministic_zip"]


def deterministic_zip(data: bytes, when: dt.datetime | None = None) -> bytes:
    """Rewrite a ZIP (docx/xlsx) with fixed entry timestamps so the bytes are reproducible.

    ``when`` replaces the created/modified dates of ``docProps/core.xml`` (openpyxl stamps the
    save time there whatever the workbook properties say).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = (when or dt.datetime(2000, 1, 1)).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", blob)
            dst.writestr(zi, blob)
    return out.getvalue()
