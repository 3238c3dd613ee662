"""The values a curator types in the desk's form fields, read: a yes / no / unknown, a list of
payer names, an amount in euros. Anything else is an InputError."""

from __future__ import annotations

from scanner.curation.checks import checked_euros
from scanner.errors import InputError


def parse_new(value: str) -> bool | None:
    """ "1" / "0" / "" (unknown) → True / False / None."""
    text = value.strip().lower()
    if text in ("1", "true", "oui", "yes"):
        return True
    if text in ("0", "false", "non", "no"):
        return False
    if text in ("", "none", "inconnu"):
        return None
    raise InputError(f"new must be 1, 0 or empty, not {value!r}")


MAX_NAMES_FIELD = 4000  # characters of a payers field


def split_names(value: str) -> list[str]:
    """Payer names typed in one field, separated by ";" or new lines."""
    if len(value) > MAX_NAMES_FIELD:
        raise InputError(f"payers field too long ({len(value)} characters)")
    return [n.strip() for n in value.replace("\n", ";").split(";") if n.strip()]


def parse_euros(value: str) -> float | None:
    """ "12,5 M" / "12500000" / "" → euros (None when blank)."""
    text = value.strip().lower().replace("\u202f", "").replace(" ", "").replace("€", "")
    if not text:
        return None
    factor = 1.0
    for suffix, mult in (("md", 1e9), ("mrd", 1e9), ("m", 1e6), ("k", 1e3)):
        if text.endswith(suffix):
            text, factor = text[: -len(suffix)], mult
            break
    try:
        euros = float(text.replace(",", ".")) * factor
    except ValueError:
        raise InputError(f"not an amount in euros: {value!r} (e.g. 12500000 or 12,5 M)") from None
    return checked_euros(euros)  # NaN, inf and absurd values refused here too
