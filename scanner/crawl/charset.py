"""Bytes of an HTML page → text, trusting evidence over declarations.

Servers and pages often declare the wrong charset (a Latin-1 page sent as UTF-8, a UTF-8 page
declared ISO-8859-1). The order here: a byte-order mark; valid UTF-8 (a non-ASCII text that
decodes as UTF-8 is UTF-8 in practice, whatever it declares); the declared charset (HTTP
header, then `<meta charset>`) if it decodes cleanly; charset-normalizer's guess; finally
Windows-1252 with replacement characters, which never fails.
"""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def declared_charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.I)
    return m[1].lower() if m else None


def meta_charset(body: bytes) -> str | None:
    m = _META.search(body[:4096])
    return m[1].decode("ascii").lower() if m else None


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(body: bytes, header_charset: str | None = None) -> str:
    """The text of an HTML body (see the module docstring for the order of evidence)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for charset in (_known(header_charset), _known(meta_charset(body))):
        if charset and charset not in ("utf-8", "ascii"):
            try:
                return body.decode(charset)
            except (UnicodeDecodeError, LookupError):
                continue
    guess = _guess(body)
    if guess:
        return guess
    return body.decode("cp1252", errors="replace")


def _guess(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - httpx and requests bring it
        return None
    best = from_bytes(body[:200_000]).best()
    if best is None:
        return None
    try:
        return body.decode(best.encoding, errors="replace")
    except LookupError:
        return None
