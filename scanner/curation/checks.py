"""What a curator types, checked before anything is stored: euro values and the names that go
into the gazetteers. A value refused is an InputError, and nothing is saved."""

from __future__ import annotations

import math

from scanner.errors import InputError
from scanner.nlp.gazetteer import MAX_NAME_CHARS

MAX_EUROS = 1e15  # a thousand billion euros: more than any programme announces


def checked_euros(value: float | None) -> float | None:
    """A curator's euro value, refused (InputError, nothing saved) unless finite, ≥ 0 and at
    most MAX_EUROS: NaN or 1e400 once answered 500 and wiped the stored value."""
    if value is None:
        return None
    if not math.isfinite(value) or not 0 <= value <= MAX_EUROS:
        raise InputError(
            f"not a usable euro value: {value!r} (a number from 0 to {MAX_EUROS:.0e} euros)"
        )
    return float(value)


def checked_name(name: str, what: str = "name") -> str:
    """A programme or organisation name fit for the gazetteers, stripped; InputError when it
    is over MAX_NAME_CHARS (a pasted paragraph), has no letter or digit, or holds control
    characters or lone surrogates."""
    name = name.strip()
    if len(name) > MAX_NAME_CHARS:
        raise InputError(
            f"{what} is {len(name)} characters long; a name has at most {MAX_NAME_CHARS}"
        )
    if not any(c.isalnum() for c in name):
        raise InputError(f"{what} {name!r} has no letter or digit")
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in name):
        raise InputError(f"{what} must not hold control characters or lone surrogates")
    return name
