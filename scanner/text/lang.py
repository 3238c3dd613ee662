"""Language identification (langdetect, seeded so a text always gets the same answer)."""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect is randomised; a fixed seed makes runs reproducible
DetectorFactory.seed = 0

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def detect_language(text: str, max_chars: int = 4000) -> str:
    """ISO 639-1 code of the text's language, or "" when it cannot tell (no letters)."""
    sample = text[:max_chars]
    if len(_LETTERS.findall(sample)) < 20:
        return ""
    try:
        langs = detect_langs(sample)
    except LangDetectException:
        return ""
    return langs[0].lang if langs else ""
