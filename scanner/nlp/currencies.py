"""Currency names, symbols and codes as French (and English) news write them, with ISO codes.

`SUFFIX` and `PREFIX` are regex fragments; `currency_code` maps what they matched to a code.
Longer names come first in each alternation so that "dollars canadiens" wins over "dollars".
"""

from __future__ import annotations

import re
import unicodedata

_SP = "[ \u00a0\u202f]"

# (pattern, code); patterns are matched case-insensitively unless they are codes or symbols.
_NAMES: tuple[tuple[str, str], ...] = (
    (r"euros?", "EUR"),
    (rf"dollars?{_SP}+(?:canadiens?|CAD)", "CAD"),
    (rf"dollars?{_SP}+australiens?", "AUD"),
    (rf"dollars?{_SP}+(?:néo-zélandais|neo-zelandais)", "NZD"),
    (rf"dollars?{_SP}+(?:de{_SP}+Hong{_SP}*Kong|hongkongais)", "HKD"),
    (rf"dollars?(?:{_SP}+(?:américains?|americains?|US|USD))?", "USD"),
    (rf"livres?{_SP}+sterling|pounds?(?:{_SP}+sterling)?", "GBP"),
    (rf"francs?{_SP}+suisses?", "CHF"),
    (rf"francs?{_SP}+CFA", "XOF"),
    (r"francs?", "FRF"),
    (r"yens?", "JPY"),
    (r"yuans?|renminbis?", "CNY"),
    (rf"roupies?(?:{_SP}+indiennes?)?", "INR"),
    (r"shekels?|sheqalim", "ILS"),
    (r"riyals?", "SAR"),
    (r"rials?", "IRR"),
    (rf"couronnes?{_SP}+suédoises?", "SEK"),
    (rf"couronnes?{_SP}+norvégiennes?", "NOK"),
    (rf"couronnes?{_SP}+danoises?", "DKK"),
    (rf"marks?{_SP}+finlandais", "FIM"),
    (rf"florins?{_SP}+(?:hollandais|néerlandais)", "NLG"),
    (rf"pesos?(?:{_SP}+mexicains?)?", "MXN"),
)
# Names that are also common words ("trois livres" are books): money only after a scale word.
SCALE_ONLY = {"GBP_BARE"}
_BARE_POUND = (r"livres?", "GBP_BARE")

_CODES = ("EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "CNY", "SEK", "NOK", "DKK", "INR")
_DOLLAR_TAILS = {"us": "USD", "usd": "USD", "cad": "CAD", "ca": "CAD", "c": "CAD", "aud": "AUD",
                 "au": "AUD", "hk": "HKD", "nz": "NZD"}  # fmt: skip
_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "us$": "USD", "c$": "CAD",
            "ca$": "CAD", "a$": "AUD", "au$": "AUD", "hk$": "HKD", "nz$": "NZD"}  # fmt: skip

_DOLLAR_TAIL = r"\$(?:[ \u00a0]?(?i:usd|us|cad|ca|aud|au|hk|nz|c)(?![\w]))?"
_CODE_ALT = "|".join(_CODES)
_NAME_ALT = "|".join(f"(?:{p})" for p, _ in (*_NAMES, _BARE_POUND))

SUFFIX = (
    rf"€|(?:US|C|CA|A|AU|HK|NZ)\$|{_DOLLAR_TAIL}|£|¥|(?i:eur)(?![\w])|(?:{_CODE_ALT})(?![\w])|"
    rf"(?i:(?:{_NAME_ALT})(?![\w]))"
)
PREFIX = (
    rf"(?i:usd|cad|aud|nzd|hkd|mxn)\$|(?:US|C|CA|A|AU|HK|NZ)\$|€|\$|£|¥|(?:{_CODE_ALT})(?![A-Za-z])"
)

_COMPILED_NAMES = [(re.compile(p, re.IGNORECASE), c) for p, c in (*_NAMES, _BARE_POUND)]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def currency_code(matched: str) -> str:
    """ISO code for a currency as matched by SUFFIX or PREFIX ("d'euros" → EUR, "$ c" → CAD).
    "GBP_BARE" marks a bare "livres", which only counts after a scale word."""
    raw = " ".join(matched.replace("\u00a0", " ").replace("\u202f", " ").split())
    low = raw.lower()
    if low in _SYMBOLS:
        return _SYMBOLS[low]
    if len(low) == 4 and low.endswith("$"):
        return low[:3].upper()  # "usd$", "nzd$"
    if low.startswith("$"):
        return _DOLLAR_TAILS.get(low[1:].strip(), "USD")
    if raw == "E":
        return "EUR"  # "1,3 ME": only read right after a scale letter
    if raw.upper() in _CODES:
        return raw.upper()
    for pattern, code in _COMPILED_NAMES:
        if pattern.fullmatch(raw) or pattern.fullmatch(_fold(raw)):
            return code
    return "XXX"  # ISO 4217 "no currency": never given a euro value
