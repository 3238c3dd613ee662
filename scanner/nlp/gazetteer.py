"""Gazetteers of programmes and organisations: loading, folding, fast matching.

Matching runs on an accent-folded copy of the text that keeps a map back to the original
offsets, so a match always indexes the caller's text exactly. Multi-word aliases match without
regard to case ("agence de l'innovation en santé"); one-word aliases match as written or in
capitals ("Inserm", "INSERM"), which keeps acronyms such as "HAS", "ANS" or "ARS" from matching
the English "has" or the French "ans".
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import InputError
from scanner.text.folding import FoldedText, fold, fold_char

log = logging.getLogger(__name__)

KINDS = ("programme", "organisation")
# The longest name a gazetteer matches: real ones stay under 130 characters; a longer one is
# a pasted paragraph, skipped (and logged) when the matcher is built, refused at curation.
MAX_NAME_CHARS = 200


def name_key(name: str) -> str:
    """A folded comparison key: case, accents, spaces, hyphens and apostrophes ignored."""
    return re.sub(r"[\s\-'.\"]+", "", fold(name))


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One programme or organisation with its canonical name and aliases."""

    kind: str
    canonical: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    type: str = ""
    case_sensitive: bool = False


@dataclass(frozen=True, slots=True)
class GazMatch:
    """A gazetteer hit: offsets index the original text."""

    kind: str
    start: int
    end: int
    text: str
    canonical: str
    alias: str


def _alias_pattern(folded_alias: str) -> str:
    """Regex for a folded alias that tolerates spacing, hyphen and apostrophe variants."""
    parts = []
    for ch in folded_alias:
        if ch.isspace():
            parts.append(r"\s+")
        elif ch == "-":
            parts.append(r"\s*-?\s*")
        elif ch == "'":
            parts.append(r"'\s?")
        else:
            parts.append(re.escape(ch))
    return re.sub(r"(\\s\+)+", r"\\s+", "".join(parts))


def _log_skipped(kind: str, what: str, name: str) -> None:
    log.warning(
        "gazetteer %s %s skipped (%d characters, at most %d, with a letter or digit): %.60r",
        kind,
        what,
        len(name),
        MAX_NAME_CHARS,
        name,
    )


def usable_name(name: str) -> bool:
    """A name the matcher can take: some letter or digit once folded, at most MAX_NAME_CHARS."""
    return len(name) <= MAX_NAME_CHARS and any(c.isalnum() for c in fold(name))


def is_case_sensitive(alias: str) -> bool:
    """One-word aliases ("HAS", "Inserm", "Roche") must keep their case; phrases need not."""
    return not any(c.isspace() for c in alias.strip())


@dataclass(slots=True)
class _Table:
    """Compiled matchers over the folded text (rebuilt after `add_alias`)."""

    sensitive: re.Pattern[str] | None
    insensitive: re.Pattern[str] | None
    by_cased_key: dict[str, tuple[str, str]] = field(default_factory=dict)
    by_key: dict[str, tuple[str, str]] = field(default_factory=dict)


def _compile(alternatives: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for many alias patterns, factored as a trie on their leading literal
    characters: Python's engine tries alternatives one by one, and hundreds of aliases
    tried at every position of a long text are slow."""
    alts = sorted(set(alternatives), key=len, reverse=True)
    if not alts:
        return None
    return re.compile(r"(?<![\w])(?:" + _trie([_pieces(a) for a in alts]) + r")(?![\w])")


_PIECE = re.compile(r"\\s\+|\\s\*-\?\\s\*|'\\s\?|\\.|.", re.DOTALL)
_END = ""  # trie key of "a pattern ends here" (every piece has at least one character)
MAX_NESTING = 40  # trie branchings nested deeper than this are written as a flat alternation


def _pieces(pattern: str) -> list[str]:
    """An alias pattern cut into its atoms (an escaped char, a spacing or hyphen class)."""
    return _PIECE.findall(pattern)


def _trie(patterns: list[list[str]]) -> str:
    """Alternation of piece lists with common leading pieces factored out; an exhausted
    pattern becomes an empty (last) alternative, so longer names still win.

    Built and written out with explicit stacks, never recursion: a curator's name of a
    thousand characters is a thousand trie levels. Groups nest at most MAX_NESTING deep
    (the regex compiler recurses on them); below that, a subtree is a flat alternation."""
    root: dict[str, dict] = {}
    for pieces in patterns:
        node = root
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[_END] = {}
    written: dict[int, str] = {}
    stack: list[tuple[dict, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, children_done = stack.pop()
        branching = len(node) > 1
        if not children_done:
            if branching and depth >= MAX_NESTING:
                written[id(node)] = _flat(node)
                continue
            stack.append((node, depth, True))
            stack.extend(
                (child, depth + branching, False) for key, child in node.items() if key != _END
            )
            continue
        alts = [key + written.pop(id(child)) for key, child in node.items() if key != _END]
        if _END in node:
            alts.append("")
        written[id(node)] = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return written[id(root)]


def _flat(node: dict) -> str:
    """A trie subtree as one flat alternation of its suffixes, longest first."""
    suffixes: list[list[str]] = []
    stack: list[tuple[dict, list[str]]] = [(node, [])]
    while stack:
        current, path = stack.pop()
        for key, child in current.items():
            if key == _END:
                suffixes.append(path)
            else:
                stack.append((child, [*path, key]))
    suffixes.sort(key=len, reverse=True)
    return "(?:" + "|".join("".join(s) for s in suffixes) + ")"


def _press_case(name: str) -> tuple[str, ...]:
    """The press writes a long acronym as a word: "le Feder", "la Drees", "l'Anses"."""
    if name.isalpha() and name.isupper() and len(name) >= 5:
        return (name[0] + name[1:].lower(),)
    return ()


def _cased_key(name: str) -> str:
    return re.sub(r"[\s\-'.\"]+", "", "".join(fold_char(c) for c in name))


class Gazetteer:
    """Programme and organisation names, their aliases, and a matcher over texts."""

    def __init__(self, entries: Iterable[GazEntry] = ()) -> None:
        self._entries: dict[tuple[str, str], GazEntry] = {}
        for entry in entries:
            self._put(entry)
        self._table: _Table | None = None
        self._any_case: tuple[_Table, dict[str, tuple[str, str]]] | None = None

    @classmethod
    def load(cls, programmes: Path | None, organisations: Path | None) -> Gazetteer:
        """Read the two JSONL gazetteers; a bad line raises InputError naming file and line."""
        entries: list[GazEntry] = []
        if programmes is not None:
            entries += load_entries(programmes, "programme")
        if organisations is not None:
            entries += load_entries(organisations, "organisation")
        return cls(entries)

    def _put(self, entry: GazEntry) -> None:
        key = (entry.kind, entry.canonical)
        old = self._entries.get(key)
        if old is not None:
            aliases = old.aliases + tuple(a for a in entry.aliases if a not in old.aliases)
            entry = GazEntry(
                entry.kind,
                entry.canonical,
                aliases,
                old.parent or entry.parent,
                old.type or entry.type,
                old.case_sensitive,
            )
        self._entries[key] = entry
        self._table = None

    def add_alias(self, kind: str, alias: str, canonical: str) -> None:
        """Teach a new name for `canonical` (created when unknown); takes effect at once."""
        if kind not in KINDS:
            raise InputError(f"gazetteer kind must be one of {KINDS}, not {kind!r}")
        if not alias.strip() or not canonical.strip():
            raise InputError("gazetteer alias and canonical must not be empty")
        self._put(GazEntry(kind, canonical.strip(), (alias.strip(),)))

    def entries(self, kind: str | None = None) -> list[GazEntry]:
        """All entries, or those of one kind."""
        return [e for e in self._entries.values() if kind is None or e.kind == kind]

    def entry(self, kind: str, canonical: str) -> GazEntry | None:
        return self._entries.get((kind, canonical))

    def _build(self) -> _Table:
        sensitive: list[str] = []
        insensitive: list[str] = []
        table = _Table(None, None)
        for entry in self._entries.values():
            if not usable_name(entry.canonical):  # the whole entry: its aliases would mean it
                _log_skipped(entry.kind, "entry", entry.canonical)
                continue
            for name in dict.fromkeys((entry.canonical, *entry.aliases)):
                if not usable_name(name):
                    _log_skipped(entry.kind, "alias", name)
                    continue
                value = (entry.kind, entry.canonical)
                if entry.case_sensitive or is_case_sensitive(name):
                    for variant in {name, name.upper(), *_press_case(name)}:
                        cased = "".join(fold_char(c) for c in variant)
                        sensitive.append(_alias_pattern(cased))
                        table.by_cased_key.setdefault(_cased_key(variant), value)
                else:
                    insensitive.append(_alias_pattern(fold(name)))
                table.by_key.setdefault(name_key(name), value)
        table.sensitive = _compile(sensitive)
        table.insensitive = _compile(insensitive)
        return table

    @property
    def table(self) -> _Table:
        if self._table is None:
            self._table = self._build()
        return self._table

    def lookup(self, name: str, kind: str | None = None) -> str | None:
        """The canonical name for `name` (any alias, any case for phrases), or None."""
        table = self.table
        hit = table.by_cased_key.get(_cased_key(name))
        if hit is None and not is_case_sensitive(name):
            hit = table.by_key.get(name_key(name))
        if hit is None or (kind is not None and hit[0] != kind):
            return None
        return hit[1]

    def lookup_any_case(self, name: str, kind: str | None = None) -> str | None:
        """`lookup` with one-word aliases in any case too ("BpiFrance"), for a span already
        taken for a name (scanning text this way would match common words)."""
        if self._any_case is None or self._any_case[0] is not self.table:
            entries = reversed(list(self._entries.values()))  # the first entry wins a key
            keys = {name_key(a): (e.kind, e.canonical) for e in entries
                    for a in (e.canonical, *e.aliases)}  # fmt: skip
            self._any_case = (self.table, keys)
        hit = self._any_case[1].get(name_key(name))
        if hit is None or (kind is not None and hit[0] != kind):
            return None
        return hit[1]

    def find(self, text: str | FoldedText, kinds: Iterable[str] = KINDS) -> list[GazMatch]:
        """Non-overlapping gazetteer hits in the text, longest first, sorted by start."""
        view = text if isinstance(text, FoldedText) else FoldedText(text)
        wanted = set(kinds)
        table = self.table
        found: list[GazMatch] = []
        for pattern, folded, sensitive in (
            (table.sensitive, view.cased, True),
            (table.insensitive, view.lower, False),
        ):
            if pattern is None:
                continue
            for m in pattern.finditer(folded):
                key = _cased_key(m.group()) if sensitive else name_key(m.group())
                hit = (table.by_cased_key if sensitive else table.by_key).get(key)
                if hit is None or hit[0] not in wanted:
                    continue
                if sensitive and _shouting(view.cased, m.start(), m.end()):
                    continue
                start, end = view.original_span(m.start(), m.end())
                found.append(GazMatch(hit[0], start, end, view.text[start:end], hit[1], m.group()))
        return drop_overlaps(found)


_CAPS_WORD = re.compile(r"[A-Z][A-Z\-]{1,}")


def _shouting(cased: str, start: int, end: int) -> bool:
    """A short acronym inside an all-capitals line ("5 ANS DE ...") or after a number is not
    evidence of an organisation."""
    word = cased[start:end]
    if len(word) > 4 or not word.isupper():
        return False
    before = cased[max(0, start - 30) : start].split()
    after = cased[end : end + 30].split()
    if before and re.fullmatch(r"\d[\d.,]*", before[-1]):
        return True
    prev_caps = bool(before) and _CAPS_WORD.fullmatch(before[-1].strip(",.;:")) is not None
    next_caps = bool(after) and _CAPS_WORD.fullmatch(after[0].strip(",.;:")) is not None
    return prev_caps and next_caps


class SpanSet:
    """Disjoint [start, end) spans; `add` refuses a span that overlaps one already kept.
    Bisection keeps a megabyte of text with tens of thousands of mentions fast."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return True
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> bool:
        """Keep the span if it is non-empty and free; say whether it was kept."""
        if start >= end or self.overlaps(start, end):
            return False
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True


def drop_overlaps(matches: list[GazMatch]) -> list[GazMatch]:
    """Keep the longest of overlapping hits (earliest on ties), sorted by start."""
    taken = SpanSet()
    ordered = sorted(matches, key=lambda m: (-(m.end - m.start), m.start))
    kept = [m for m in ordered if taken.add(m.start, m.end)]
    return sorted(kept, key=lambda m: m.start)


def load_entries(path: Path, kind: str, strict: bool = True) -> list[GazEntry]:
    """Entries of one JSONL gazetteer file; InputError names the file and line of a bad one.
    With `strict=False` (a watch's curated names, written while the watch runs) a bad line
    is logged and skipped: one bad name must not stop every later extraction."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read gazetteer ({exc})") from exc
    entries = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entries.append(_parse_entry(json.loads(line), kind))
        except (ValueError, TypeError, KeyError) as exc:
            if strict:
                raise InputError(f"{path}:{number}: bad gazetteer line ({exc})") from exc
            log.warning("%s:%d: gazetteer line skipped (%s)", path, number, exc)
    return entries


def _parse_entry(data: object, kind: str) -> GazEntry:
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    canonical = data["canonical"]
    aliases = data.get("aliases", [])
    if not isinstance(canonical, str) or not canonical.strip():
        raise ValueError("'canonical' must be a non-empty string")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError("'aliases' must be a list of non-empty strings")
    parent = data.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ValueError("'parent' must be a string or null")
    return GazEntry(
        kind,
        canonical.strip(),
        tuple(a.strip() for a in aliases),
        parent,
        str(data.get("type", "")),
        bool(data.get("case_sensitive", False)),
    )
