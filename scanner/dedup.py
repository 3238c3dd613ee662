"""Identity of articles: stable ids and content hashes (exact duplicates)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Text folded for comparison: NFKC, casefolded, whitespace collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(title: str, text: str) -> str:
    """Hash of an article's normalised body (the title may differ on a syndicated copy)."""
    del title  # a syndicated copy often retitles; the body decides
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()


def article_id_for_url(url: str) -> str:
    """A short stable id for an article found at a canonical URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
