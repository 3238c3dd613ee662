"""Money amounts in French (and English) news, with their value in euros.

    find_amounts("doté de 2,3 Mds€", rates={"USD": 0.92})  # -> [Amount(..., value_eur=2.3e9)]

An amount is a number with a currency ("670 M€", "718,4 millions d'euros", "€30M", "30 M EUR",
"1 500 000 €", "trente millions d'euros", "50 millions de dollars"), optionally qualified
("plus de", "environ", "près de" ... → `approx`) or a range ("entre 10 et 15 millions d'euros"
→ `value_eur` the low end, `high_eur` the high end). A bare "12 millions" counts only in a
sentence that already gave a euro amount, and not when a noun follows ("12 millions de
patients"). Years, percentages, dates, counts and phone numbers carry no currency and are
never amounts. Other currencies get a euro value only through `rates` (euros per unit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from scanner.nlp.currencies import PREFIX, SCALE_ONLY, SUFFIX, currency_code
from scanner.nlp.numbers import DIGITS, WORDS, parse_digits, parse_words

SP = "[ \u00a0\u202f\u2009\u200b\u2060]"  # zero-width spaces too: they come from CMS markup
_APOS = "['’]"

_SCALE = (
    r"(?P<scale>(?i:milliards?|millions?|milliers?|mille|billions?|trillions?|thousand)(?![\w])"
    r"|(?:Mds|Mrds|Mrd|Md|MM|Mio|bn|mn|M|G|k|K|m|B)(?=EUR|USD|E(?![\w])|[^\w]|$))"
)
_SCALES = {
    "milliard": 1e9, "md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9, "g": 1e9, "bn": 1e9, "b": 1e9,
    "million": 1e6, "m": 1e6, "mm": 1e6, "mio": 1e6, "mn": 1e6,
    "mille": 1e3, "millier": 1e3, "thousand": 1e3, "k": 1e3,
    "billion": 1e12, "trillion": 1e18,
}  # fmt: skip
_WORD_SCALES = {"milliard", "million", "billion", "trillion"}

# "1,3 ME", "500 KE": the wire services' and regional papers' euro after a scale letter
_E_AFTER_SCALE = r"(?<=[MkK])E(?![\w])"

_CORE = re.compile(
    rf"(?<![\w.,])(?:(?P<pre>{PREFIX}){SP}*)?"
    rf"(?:(?P<num>{DIGITS})|(?P<words>{WORDS})|(?P<halfa>(?i:half)[\-{SP[1:-1]}]a(?=[\-{SP[1:-1]}])))"
    rf"(?:{SP}*(?P<demi>(?i:demi)[\-{SP[1:-1]}])?{_SCALE})?(?P<half>{SP}+et{SP}+demie?(?![\w]))?"
    rf"(?:{SP}*(?:(?P<de>de|d{_APOS}){SP}*)?(?P<cur>{SUFFIX}|{_E_AFTER_SCALE}))?"
    rf"(?:{SP}+(?:et{SP}+)?(?:(?P<cents>\d{{1,2}}|{WORDS}){SP}+(?i:centimes?|cents?)\b"
    rf"|(?P<cents2>\d\d)(?=\s*(?:[.;!?)]|,\s|$))))?"
)

# Words before an amount that make it approximate (or a bound); "'" stands for both apostrophes
# and a space for any run of spaces. A ceiling ("jusqu'à 30 M€", "up to $4m") is left out of the
# surface: every outsider annotator wrote the bare amount there (21 cases in three sets, none the
# other way), and the fact stage reads the ceiling from the sentence (a ticket, not money paid).
_QUALIFIER_WORDS = (
    "un peu plus de", "un peu moins de", "pas plus de", "plus de", "plus d'", "plus que",
    "moins de", "moins d'", "près de", "près d'", "pres de", "autour de", "autour d'",
    "au moins", "en-dessous de", "en dessous de", "au-dessus de", "au dessus de", "à peu près", "environ", "quelque", "approximativement",
    "presque", "quasiment", "quasi", "more than", "less than", "at least", "over", "about", "around",
    "roughly", "nearly", "almost", "approximately", "some", "under",
)  # fmt: skip
_QUALIFIERS = "|".join(
    re.escape(w).replace(r"\ ", f"{SP}+").replace("'", _APOS) for w in _QUALIFIER_WORDS
)
_QUALIFIER = re.compile(rf"(?<![\w])(?i:{_QUALIFIERS})(?:{SP}+|(?<=['’]))$")

_LOW = (
    rf"(?<![\w.,])(?:(?P<lpre>{PREFIX}){SP}?)?(?:(?P<lnum>{DIGITS})|(?P<lwords>{WORDS}))"
    rf"(?:{SP}?(?P<lscale>(?i:milliards?|millions?|mille)|Mds|Md|M|k))?"
    rf"(?:{SP}?(?:(?:de|d{_APOS}){SP}?)?(?P<lcur>{SUFFIX}))?"
)
_RANGE = re.compile(
    rf"(?:(?P<head>(?i:entre|between|de|from)){SP}+)?{_LOW}{SP}*"
    rf"(?P<sep>(?i:et|and|à|to)|[\-–—]){SP}*$"
)
# Cheap tests of the few characters before an amount, so that the heavy range and qualifier
# patterns only run where they can match (a megabyte of text has tens of thousands of amounts).
_RANGE_HINT = re.compile(rf"(?:\b(?i:et|and|à|to)|[\-–—]){SP}*$")
_QUALIFIER_HINT = re.compile(
    rf"(?:\b(?i:de|que|moins|environ|quelque|près|pres|à|approximativement|presque|quasi|"
    rf"quasiment|than|to|least|over|about|around|roughly|nearly|almost|approximately|some|"
    rf"under){SP}+|(?i:d|plus|moins|autour|près)['’])$"
)
_NOUN_AFTER = re.compile(rf"{SP}*(?:de|d{_APOS}|des|of){SP}?(?P<next>\w)", re.IGNORECASE)
_INSTITUTION_AFTER = re.compile(rf"{SP}*(?:de{SP}+l{_APOS}|de{SP}+la{SP}+|du{SP}+)[A-ZÉÈ]")
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_ENGLISH = re.compile(r"\b(?:the|and|of|with|for|has|was|is|are|raised|million)\b")
_FRENCH = re.compile(r"\b(?:le|la|les|et|des|du|une|est|avec|pour|millions?)\b")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount; offsets index the text given to `find_amounts`. `value`/`high` are in
    `currency`; `value_eur`/`high_eur` in euros (None without a rate). A range has `high_eur`
    (`value_eur` is then its low end)."""

    start: int
    end: int
    text: str
    value_eur: float | None
    currency: str
    approx: bool = False
    high_eur: float | None = None
    value: float = 0.0
    high: float | None = None


@dataclass(frozen=True, slots=True)
class _Core:
    start: int
    end: int
    value: float
    currency: str
    number_start: int
    raw: float  # the number before its scale ("15" of "15 millions"), for ranges
    scale: float
    bare: bool = False


def find_amounts(text: str, rates: Mapping[str, float] | None = None) -> list[Amount]:
    """Money amounts in `text`, non-overlapping, sorted by start."""
    if not text:
        return []
    rates = rates or {}
    english = _looks_english(text)
    cores: list[_Core] = []
    for m in _CORE.finditer(text):
        core = _core(text, m, english, cores)
        if core is not None:
            cores.append(core)
    amounts = [_amount(text, c, rates) for c in cores]
    amounts += [a for c in cores for a in _respective_firsts(text, c, rates)]
    return _drop_contained(sorted(amounts, key=lambda a: (a.start, -a.end)))


# "avec respectivement 11 et 9 millions d'euros", "respectively 4, 3 and 2 million euros":
# the numbers before the last one are amounts of the same scale and currency
_RESPECTIVE = re.compile(
    rf"(?i:respectivement|respectively){SP}+(?:(?i:de|of){SP}+)?(?P<numbers>{DIGITS}(?:{SP}*,{SP}*{DIGITS}){{0,4}})"
    rf"{SP}+(?i:et|and){SP}+$"
)


def _respective_firsts(text: str, core: _Core, rates: Mapping[str, float]) -> list[Amount]:
    """The amounts a "respectivement X et Y millions" writes with the last one's unit."""
    if core.scale <= 1:
        return []
    m = _RESPECTIVE.search(text, max(0, core.number_start - 80), core.number_start)
    if m is None:
        return []
    rate = _rate(core.currency, rates)
    out = []
    for number in re.finditer(DIGITS, m.group("numbers")):
        raw = parse_digits(number.group(), has_scale=True)
        if raw is None or _YEAR.fullmatch(number.group()):
            return []
        start = m.start("numbers") + number.start()
        end = m.start("numbers") + number.end()
        value = raw * core.scale
        out.append(
            Amount(start, end, text[start:end], _eur(value, rate), core.currency, value=value)
        )
    return out


def _looks_english(text: str) -> bool:
    sample = text[:5000]
    return len(_ENGLISH.findall(sample)) > len(_FRENCH.findall(sample))


def _core(text: str, m: re.Match[str], english: bool, earlier: list[_Core]) -> _Core | None:
    pre, cur, scale_txt = m.group("pre"), m.group("cur"), m.group("scale")
    raw: float | None
    if m.group("halfa") is not None:
        if scale_txt is None or _scale_key(scale_txt) not in _WORD_SCALES:
            return None  # "half a dozen"; only "half a billion euros" is money
        number_start, raw = m.start("halfa"), 0.5
    elif m.group("num") is not None:
        number_start = m.start("num")
        raw = parse_digits(m.group("num"), has_scale=scale_txt is not None, english=english)
    else:
        parsed = parse_words(m.group("words"))
        if parsed is None:
            return None
        raw, offset = parsed
        number_start = m.start("words") + offset
        if pre is not None:
            return None  # "€ trente" is not written
        if scale_txt is None:
            raw, scale_txt = _split_word_scale(m.group("words")[offset:], raw)
    if raw is None:
        return None
    scale_key = _scale_key(scale_txt)
    if scale_key == "m" and scale_txt == "m" and pre is None:
        return None  # "200 m" is metres unless a currency symbol leads ("€30m")
    if scale_txt == "B" and pre is None:
        return None  # "phase 2B", "2B" alone; "$175.6B" is a billion

    scale = _SCALES.get(scale_key, 1.0) if scale_key else 1.0
    if scale_key == "billion" and (english or pre is not None):
        scale = 1e9  # the English billion
    end = m.end()
    code = currency_code(pre) if pre is not None else None
    if cur is not None:
        suffix_code = currency_code(cur)
        if suffix_code in SCALE_ONLY and scale_key not in _WORD_SCALES:
            end = m.start("de") if m.group("de") else m.start("cur")
            cur = None
        else:
            code = code or ("GBP" if suffix_code in SCALE_ONLY else suffix_code)
    if cur is None and m.group("de") is not None:
        end = m.start("de")
    end = _rstrip(text, m.start(), end)
    bare = False
    if code is None:
        # "12 millions de patients": a count, whatever comes before it
        if scale_key not in _WORD_SCALES or _noun_follows(text, end):
            return None
        raised = _MONEY_VERB_BEFORE.search(text, max(0, m.start() - 50), m.start()) is not None
        if not raised and not _euro_context(text, m.start(), earlier):
            return None
        code, bare = "EUR", not raised
    if m.group("demi") is not None:
        if raw != 1 or scale == 1.0:
            return None  # only "un demi-milliard", "un demi-million"
        raw = 0.5
    if m.group("half") is not None:
        if scale == 1.0:
            return None  # "trois et demi" is not money
        raw += 0.5
    value = raw * scale
    if m.group("cents") is not None or m.group("cents2") is not None:
        # "1 USD et 23 centimes", "15 dollars 50."
        cents = _cents(m.group("cents") or m.group("cents2"))
        ranged = re.search(r"(?i:entre|between)\s+$", text[max(0, m.start() - 9) : m.start()])
        if cents is not None and cur is not None and scale == 1.0 and not ranged:
            value += cents / 100
        else:
            cut = m.start("cents") if m.group("cents") is not None else m.start("cents2")
            end = _rstrip(text, m.start(), cut)
    start = m.start() if pre is not None else number_start
    if start > 0 and text[start - 1] in "-\u2212" and (start == 1 or text[start - 2] in " (\n"):
        start, value = start - 1, -value  # "-3 M€" (a loss), not the "-" of a range
    return _Core(start, end, value, code, number_start, raw, scale, bare)


def _split_word_scale(words: str, value: float) -> tuple[float, str | None]:
    """ "trente millions" → (30, "millions"), so that a range's low end ("entre vingt et
    trente millions") takes the scale; other runs are kept whole."""
    head, _, last = words.rpartition(" ")
    if last.lower().rstrip("s") not in ("million", "milliard"):
        return value, None
    parsed = parse_words(head) if head.strip() else None
    if parsed is None or parsed[1] != 0:
        return value, None
    return parsed[0], last


def _cents(raw: str) -> float | None:
    """ "23" or "quarante-cinq" (centimes): a whole number below 100, else None."""
    if raw.isdigit():
        return float(raw)
    parsed = parse_words(raw)
    return parsed[0] if parsed is not None and parsed[1] == 0 and parsed[0] < 100 else None


def _scale_key(scale: str | None) -> str | None:
    if scale is None:
        return None
    low = scale.lower()
    if scale in ("M", "m"):
        return "m"
    return low[:-1] if low.endswith("s") and low[:-1] in _SCALES else low


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \u00a0\u202f\u2009":
        end -= 1
    return end


# "Gleamer a glané 27 millions": a French verb of money raised or given, right before a bare
# number of millions with no noun after it, says euros as well as a currency would
_MONEY_VERB_BEFORE = re.compile(
    r"\b(?:a|ont|avait|avaient|vient d['’]|viennent d['’])?\s*(?:lev[ée]|lève|lèvent|glan[ée]|"
    r"récolt[ée]|engrang[ée]|empoch[ée]|collect[ée]|obtenu|obtient|reçu|reçoit|investi|investit|"
    r"injecté|injecte|apporté|apporte|accordé|accorde|débloqué|débloque|versé|verse)\s+"
    rf"(?:(?:{_QUALIFIERS}){SP}+)?$",
    re.IGNORECASE,
)


def _noun_follows(text: str, end: int) -> bool:
    """A noun after a bare number of millions ("12 millions de patients"); an institution
    is no such noun ("9 millions de l'État")."""
    after = text[end : end + 40]
    return bool(_NOUN_AFTER.match(after)) and not _INSTITUTION_AFTER.match(after)


def _euro_context(text: str, start: int, earlier: list[_Core]) -> bool:
    """A bare "12 millions" (no noun after it) is euros when an earlier euro amount is in the
    same sentence."""
    for core in reversed(earlier):
        if core.currency != "EUR" or core.bare:
            continue
        between = text[core.end : start]
        return len(between) < 300 and _SENTENCE_END.search(between) is None
    return False


def _amount(text: str, core: _Core, rates: Mapping[str, float]) -> Amount:
    start, approx = core.start, False
    low_value: float | None = None
    rng = None
    if _RANGE_HINT.search(text, max(0, start - 6), start):
        rng = _RANGE.search(text, max(0, start - 80), start)
    if rng is not None:
        low = _range_low(rng, core)
        if low is not None:
            low_value = low
            start = rng.start("head") if rng.group("head") else _low_start(rng)
    qual = None
    if _QUALIFIER_HINT.search(text, max(0, start - 20), start):
        qual = _QUALIFIER.search(text, max(0, start - 40), start)
    if qual is not None and low_value is None:
        start, approx = qual.start(), True
    rate = _rate(core.currency, rates)
    value, high = (low_value, core.value) if low_value is not None else (core.value, None)
    return Amount(
        start=start,
        end=core.end,
        text=text[start : core.end],
        value_eur=_eur(value, rate),
        currency=core.currency,
        approx=approx,
        high_eur=_eur(high, rate) if high is not None else None,
        value=value,
        high=high,
    )


def _low_start(rng: re.Match[str]) -> int:
    return (
        rng.start("lpre")
        if rng.group("lpre")
        else rng.start("lnum")
        if rng.group("lnum")
        else (rng.start("lwords"))
    )


def _range_low(rng: re.Match[str], core: _Core) -> float | None:
    """The low end of "entre 10 et 15 millions", "de 1 à 3 M€", "10 - 20 euros"; None when
    the words before the amount are no range of it."""
    head = (rng.group("head") or "").lower()
    sep = rng.group("sep").lower()
    if sep in ("et", "and") and head not in ("entre", "between"):
        return None
    if rng.group("lcur") is not None and currency_code(rng.group("lcur")) != core.currency:
        return None
    if rng.group("lnum") is not None:
        raw = parse_digits(rng.group("lnum"), has_scale=rng.group("lscale") is not None)
        if raw is not None and not head and _YEAR.fullmatch(rng.group("lnum")):
            return None  # "2024-30 M€", "2025 à 3 M€": a year, not a low end
    else:
        parsed = parse_words(rng.group("lwords"))
        if parsed is None or parsed[1] != 0:
            return None
        raw = parsed[0]
    if raw is None:
        return None
    if rng.group("lscale"):
        low = raw * _SCALES.get(_scale_key(rng.group("lscale")) or "", 1.0)
    else:
        # "entre 10 et 15 millions": the low end shares the scale unless it is already bigger
        # than the high end's number ("entre 300 000 et 2 millions"); a small number above the
        # high end's is a fall, no range ("le ticket est passé de 7 à 4 millions")
        low = raw * core.scale if raw < core.raw or raw < 1000 < core.scale else raw
    return low if low < core.value else None


def _rate(currency: str, rates: Mapping[str, float]) -> float | None:
    """Euros per unit of `currency` (None when no rate is known)."""
    return 1.0 if currency == "EUR" else rates.get(currency)


def _eur(value: float, rate: float | None) -> float | None:
    return value * rate if rate is not None else None


def _drop_contained(amounts: list[Amount]) -> list[Amount]:
    """A range or a qualified amount swallows the amounts it spans ("entre 10 € et 20 €")."""
    kept: list[Amount] = []
    for a in sorted(amounts, key=lambda a: (a.start, -(a.end - a.start))):
        if kept and a.start < kept[-1].end:
            continue
        kept.append(a)
    return kept
