"""plotly.js packed for a self-contained report: gzip + base64, unpacked in the browser."""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
from dataclasses import dataclass

from plotly.offline import get_plotlyjs


@dataclass(frozen=True)
class PackedScript:
    """A script compressed for embedding, with the CSP hash of its unpacked text."""

    gzip_base64: str
    csp_hash: str
    raw_size: int


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@functools.cache
def packed_plotlyjs() -> PackedScript:
    """plotly.min.js gzipped (fixed mtime, so reports are reproducible) and base64-encoded."""
    source = get_plotlyjs()
    packed = gzip.compress(source.encode("utf-8"), compresslevel=9, mtime=0)
    return PackedScript(
        gzip_base64=base64.b64encode(packed).decode("ascii"),
        csp_hash=csp_hash(source),
        raw_size=len(source.encode("utf-8")),
    )
