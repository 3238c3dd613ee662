"""JSONL items: the batch contract of `scanner ingest --jsonl` and `scanner analyze`.

    for item in read_items(Path("items.jsonl"), max_bytes=5_000_000):
        ...  # an Item, or an InputError naming the line ("items.jsonl:7: ...")

Each line is read and decoded on its own, so one bad byte, one malformed or hostile line
costs that line only: the others are kept, and every bad one is reported with its number.
A line is refused, with the reason, when it is longer than `max_bytes`, not UTF-8, not a JSON
object, nested deeper than MAX_DEPTH, holds a lone surrogate (which no store can write), or
when a field has the wrong type or an out-of-range value (`title` as a list is an error, not
the text "['a', 'b']"). Unknown fields are ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from scanner.crawl.urls import is_http
from scanner.errors import InputError
from scanner.extract.dedup import content_hash
from scanner.records import Article
from scanner.text.lang import detect_language
from scanner.weeks import FIRST_YEAR, LAST_YEAR

MAX_DEPTH = 20  # an item is flat: deeper JSON is hostile (and json's recursion has a limit)
MAX_ID = 200  # characters
MAX_TITLE = 2_000
MAX_URL = 2_000
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?", re.ASCII)


@dataclass(frozen=True, slots=True)
class Item:
    """One input line: `id`, `text`, optional `title`, `date`, `url`, `lang`."""

    id: str
    text: str
    title: str = ""
    date: date | None = None
    url: str = ""
    lang: str = ""


def read_items(path: Path, max_bytes: int = 5_000_000) -> Iterator[Item | InputError]:
    """Items of a JSONL file; a bad line yields an InputError naming the line (not raised).
    A file that cannot be opened raises InputError at once, before any item is read."""
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed by _items)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return _items(path, handle, max_bytes)


def _items(path: Path, handle: BinaryIO, max_bytes: int) -> Iterator[Item | InputError]:
    with handle:
        try:
            for n, raw in _lines(handle, max_bytes):
                if raw is None:
                    yield InputError(f"{path}:{n}: line longer than {max_bytes} bytes, skipped")
                    continue
                if not raw.strip():
                    continue
                try:
                    yield parse_item(decode_line(raw))
                except InputError as exc:
                    yield InputError(f"{path}:{n}: {exc}")
        except OSError as exc:  # a folder given as a file, a read error half-way
            yield InputError(f"{path}: cannot read on: {exc.strerror or exc}")


def _lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes), or (line number, None) for a line over `max_bytes`, which is
    skipped without ever being held whole in memory."""
    n = 0
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        n += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # the rest of the long line
                raw = handle.readline(1 << 20)
            yield n, None
            continue
        yield n, raw


def decode_line(raw: bytes) -> object:
    """One line's JSON value; InputError for bad UTF-8, bad JSON or too deep a nesting."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
        ) from None
    if _depth_over(raw, MAX_DEPTH):
        raise InputError(f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    except (RecursionError, ValueError) as exc:  # ValueError: an integer of 5,000 digits
        raise InputError(f"not usable JSON: {str(exc)[:100]}") from None


def _depth_over(raw: bytes, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than `limit` (a cheap upper bound: only
    lines with that many openers are scanned)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def parse_item(obj: object) -> Item:
    """Validate one decoded JSON object as an Item; InputError names the field."""
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {_json_type(obj)}")
    item_id = _text(obj, "id", required=True, limit=MAX_ID).strip()
    text = _text(obj, "text", required=True)
    title = _text(obj, "title", limit=MAX_TITLE)
    url = _text(obj, "url", limit=MAX_URL).strip()
    if url and not is_http(url):
        raise InputError(f"field 'url' must be an http(s) URL, got {url[:80]!r}")
    lang = _text(obj, "lang", limit=20).strip()
    if lang and not _LANG.fullmatch(lang):
        raise InputError(f"field 'lang' must be a language code like fr or en, got {lang!r}")
    return Item(
        id=item_id,
        text=text,
        title=title,
        date=_date(obj.get("date")),
        url=url,
        lang=re.split("[-_]", lang)[0].lower(),
    )


def _text(obj: dict, key: str, required: bool = False, limit: int | None = None) -> str:
    value = obj.get(key)
    if value is None or (value == "" and not required):
        if required:
            raise InputError(f"missing field {key!r}")
        return ""
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string, got {_json_type(value)}")
    if required and not value.strip():
        raise InputError(f"field {key!r} is empty")
    if limit is not None and len(value) > limit:
        raise InputError(f"field {key!r} is longer than {limit} characters ({len(value)})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # "\ud800": valid JSON, but no text a store can hold
        raise InputError(
            f"field {key!r} holds a lone surrogate (\\u{ord(value[exc.start]):04x} at "
            f"character {exc.start})"
        ) from None
    return value


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"field 'date' must be a string YYYY-MM-DD, got {_json_type(value)}")
    m = _DATE.match(value.strip())
    if not m:
        raise InputError(f"bad date {value[:40]!r} (expected YYYY-MM-DD)")
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise InputError(f"bad date {value[:40]!r}: {exc}") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(f"date {value[:40]!r} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return day


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def item_to_article(item: Item, languages: Sequence[str] = ("fr", "en")) -> Article:
    """An Article for an input item; its id is kept, its URL made up when absent."""
    url = item.url or f"urn:scanner:item:{item.id}"
    lang = item.lang or detect_language(f"{item.title}\n{item.text}")
    return Article(
        id=item.id,
        url=url,
        canonical_url=url,
        title=item.title,
        text=item.text,
        published=item.date,
        lang=lang,
        lang_ok=lang in languages,
        content_hash=content_hash(item.title, item.text),
        source_id="jsonl",
    )
