"""Fuzzing (hypothesis) of what reads untrusted text: the JSONL reader, the amount parser,
the config loader, the week parser and the search query parser. Each target runs a bounded
number of examples (a few seconds) in the default suite; HYPOTHESIS_EXAMPLES raises it for
a longer hunt (`HYPOTHESIS_EXAMPLES=20000 pytest -o timeout=0 tests/test_fuzz.py`).

The property is the same everywhere: the function returns a well-formed result or raises
the package's own error (InputError, ConfigError), never anything else, and what it returns
keeps its invariants (offsets inside the text, finite euro values, text a store can write)."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import tempfile
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from starlette.datastructures import QueryParams

from scanner.config import DEFAULTS_FILE, Config, config_from_dict, load_config
from scanner.crawl.items import Item, parse_item, read_items
from scanner.errors import ConfigError, InputError, UnknownTheme
from scanner.nlp.amounts import find_amounts
from scanner.nlp.money_format import format_eur
from scanner.search.lexicon import load_lexicon
from scanner.search.query import MAX_TERMS, analyse_query
from scanner.weeks import LAST_YEAR, iso_week, week_bounds, week_start

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 300,
    deadline=None,  # a shared, busy machine: time is bounded by the count of examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=not EXAMPLES,  # the default suite is reproducible; a long hunt explores
)

# text that exercises parsers: any Unicode (lone surrogates included) and the characters
# these parsers care about, over-represented
ANY_TEXT = st.text(st.characters(codec=None), max_size=200)
MONEY_WORDS = st.sampled_from([
    "€", "EUR", "euros", "M€", "Md€", "k€", "millions", "milliards", "mille", "$", "USD",
    "£", "CHF", "dollars", "de", "d'", "entre", "et", "à", "environ", "plus de", "1", "2,5",
    "12 500 000", "1.000.000", "3,2", "trente", "cent", "quatre-vingt", "1e400", "nan",
    "\u202f", "\u00a0", " ", "-", "–", "(", ")", "%", "0", "999999999999999999999",
])  # fmt: skip
MONEYISH = st.lists(st.one_of(MONEY_WORDS, ANY_TEXT.map(lambda t: t[:8])), max_size=25).map(
    " ".join
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
ITEM_KEYS = st.sampled_from(["id", "text", "title", "date", "url", "lang", "other"])
# URL-shaped text: schemes, brackets, ports and escapes where URL parsers break
URLISH = st.tuples(
    st.sampled_from(["http://", "https://", "javascript:", "//", "data:", "HTTP://", " http://"]),
    st.text(st.sampled_from("[]:@%/?#.a1-\\ \t\x00é"), max_size=12),
).map("".join)


def storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# ---- JSONL reader -------------------------------------------------------------------------


def _check_item(item: Item) -> None:
    for value in (item.id, item.text, item.title, item.url, item.lang):
        assert isinstance(value, str) and storable(value)
    assert item.id.strip() and item.text.strip()
    assert item.url == "" or item.url.startswith(("http://", "https://"))
    assert item.date is None or isinstance(item.date, date)


@FUZZ
@given(st.dictionaries(ITEM_KEYS, JSON_VALUES | ANY_TEXT | URLISH, max_size=7))
@example({"id": "a", "text": "\ud800"})
@example({"id": "a", "text": "t", "title": ["a", "b"]})
@example({"id": "a", "text": "t", "date": "２０２６-11-10"})
@example({"id": "a", "text": "t", "url": "http://["})  # found by this test: urlsplit raised
def test_fuzz_parse_item(obj: dict) -> None:
    try:
        item = parse_item(obj)
    except InputError:
        return
    _check_item(item)


@FUZZ
@given(st.lists(st.binary(max_size=120) | JSON_VALUES.map(json.dumps).map(str.encode), max_size=8))
@example([b'{"id": "x", "text": "caf\xe9"}'])
@example([b"[" * 3000 + b"]" * 3000])
@example([b'{"id": "s", "text": "\\ud800"}'])
def test_fuzz_read_items_keeps_every_good_line(lines: list[bytes]) -> None:
    """Random lines between two good ones: both good ones always come back."""
    good = [b'{"id": "first", "text": "texte"}', b'{"id": "last", "text": "texte"}']
    body = b"\n".join([good[0], *(line.replace(b"\n", b" ") for line in lines), good[1]])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.jsonl"
        path.write_bytes(body + b"\n")
        found = list(read_items(path, max_bytes=10_000))
    assert all(isinstance(x, Item | InputError) for x in found)
    items = [x for x in found if isinstance(x, Item)]
    for item in items:
        _check_item(item)
    assert items[0].id == "first" and items[-1].id == "last"
    for error in found:
        if isinstance(error, InputError):
            assert "items.jsonl:" in str(error)  # the line is named


# ---- amount parser (scanner/nlp/amounts.py) ---------------------------------------------------


@FUZZ
@given(st.one_of(MONEYISH, ANY_TEXT))
@example("1e400 €")
@example("999999999999999999999999999999 milliards d'euros")
@example("entre 3 et 2 M€")
def test_fuzz_find_amounts(text: str) -> None:
    assume(storable(text))  # texts reach the parser from the store: no lone surrogates
    for amount in find_amounts(text, {"USD": 0.92, "GBP": 1.17, "CHF": 1.05}):
        assert 0 <= amount.start < amount.end <= len(text)
        assert amount.text == text[amount.start : amount.end]
        for value in (amount.value_eur, amount.high_eur):
            assert value is None or (math.isfinite(value) and value >= 0)
            if value is not None:
                format_eur(value)  # what every page and bulletin then does with it


# ---- config loader ------------------------------------------------------------------------------

_DEFAULTS = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
_SETTINGS = [(s, k) for s, table in _DEFAULTS.items() if s != "taxonomy" for k in table]
SETTING_VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    ANY_TEXT,
    st.lists(st.integers() | ANY_TEXT, max_size=3),
    st.dictionaries(ANY_TEXT, st.floats() | ANY_TEXT, max_size=3),
)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(_SETTINGS), SETTING_VALUES), max_size=6))
def test_fuzz_config_values(changes: list) -> None:
    data: dict = {}
    for (section, key), value in changes:
        data.setdefault(section, {})[key] = value
    try:
        cfg = config_from_dict(data)
    except ConfigError as exc:
        assert exc.key  # the message names the key
        return
    assert isinstance(cfg, Config)
    for section, table in data.items():
        for key in table:
            got = getattr(getattr(cfg, section), key)
            if isinstance(got, float):
                assert math.isfinite(got)


@FUZZ
@given(st.binary(max_size=300) | ANY_TEXT.filter(storable).map(str.encode))
@example(b"[themes]\nthreshold = 7.5\n")
@example(b"[crawl]\ntimeout = nan\n")
@example(b"[[sources]]\nid = 1\n")
@example(b"[taxonomy.x]\nlabel = 'x'\n")
def test_fuzz_config_files(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_bytes(body)
        try:
            cfg = load_config(path)
        except ConfigError as exc:
            assert str(exc).startswith("config")
            return
    assert isinstance(cfg, Config)


# ---- week parser ------------------------------------------------------------------------------------


@FUZZ
@given(
    ANY_TEXT
    | st.from_regex(r"\A\d{4}-W\d{2}\Z")  # Unicode digits too: only ASCII ones are weeks
    | st.builds(lambda y, w: f"{y:04d}-W{w:02d}", st.integers(0, 9999), st.integers(0, 99))
)
@example("9999-W52")
@example("2026-W4\uff16")
def test_fuzz_week_parser(text: str) -> None:
    try:
        start, end = week_bounds(text)
    except InputError:
        return
    assert text.isascii() and iso_week(start) == text and end - start == timedelta(days=7)
    # the stages look back and ahead from a week: that must stay in the calendar
    start - timedelta(weeks=520)
    end + timedelta(weeks=520)


@FUZZ
@given(st.dates(min_value=date(1900, 1, 8), max_value=date(LAST_YEAR, 12, 20)))
def test_fuzz_week_round_trip(day: date) -> None:
    start = week_start(iso_week(day))
    assert start <= day < start + timedelta(days=7)


# ---- search query parser ------------------------------------------------------------------------


_CFG = config_from_dict({})
PARAM_NAMES = st.sampled_from(
    ["q", "theme", "source", "lang", "organisation", "programme", "since", "until",
     "min_amount", "mode", "k", "page", "other"]
)  # fmt: skip
PARAM_VALUES = st.one_of(
    ANY_TEXT.filter(storable),
    st.sampled_from(_CFG.theme_keys + ["hybrid", "dense", "lexical", "2026-11-10", "nan",
                                       "-5", "1e400", "0", "101", "10"]),
    st.integers().map(str),
)  # fmt: skip


@FUZZ
@given(st.lists(st.tuples(PARAM_NAMES, PARAM_VALUES), max_size=8))
def test_fuzz_search_parameters(pairs: list[tuple[str, str]]) -> None:
    from scanner.web.filters import parse_search

    try:
        params = parse_search(_CFG, QueryParams(pairs))
    except (InputError, UnknownTheme):
        return
    f = params.filters
    assert 1 <= params.k <= 100 and 1 <= params.page <= 1000
    assert f.min_amount_eur is None or (math.isfinite(f.min_amount_eur) and f.min_amount_eur >= 0)
    assert set(f.themes) <= set(_CFG.theme_keys)
    QueryParams(params.query_string())  # the page's links parse back


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='unicode61')")
    conn.execute("INSERT INTO t VALUES ('robot chirurgical', 'un robot au bloc opératoire')")
    return conn


LEXICON = load_lexicon(str(Path(__file__).resolve().parents[1] / "models" / "lexicon"))


@settings(FUZZ, max_examples=EXAMPLES or 120)  # language detection makes each one slower
@given(ANY_TEXT.filter(storable) | MONEYISH)
@example('"robot" OR NEAR(chirurgie) AND NOT ^bloc* :-')
@example("à la une")
def test_fuzz_query_analysis_gives_valid_fts(fts: sqlite3.Connection, query: str) -> None:
    try:
        terms = analyse_query(query, LEXICON)  # the shipped bilingual lexicon, as search uses it
    except InputError:
        return
    assert terms.text and len(terms.stems) <= MAX_TERMS
    expression = terms.fts()
    if expression:
        fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()
