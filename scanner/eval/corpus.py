"""Reading a gold corpus folder: `sample/items_*.jsonl` (the texts), `gold/annotations_*.jsonl`
(themes and mentions per item) and `gold/queries_*.jsonl` (graded search queries).

Every reader raises InputError naming the file and line of a bad entry. `corpus_digest` hashes
the files, so a figure pinned on a corpus notices when the corpus changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scanner.errors import InputError
from scanner.extract.dedup import content_hash
from scanner.records import Article


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One gold mention: a distinct (kind, surface text) of an item."""

    kind: str
    text: str
    canonical: str = ""
    value_eur: float | None = None
    currency: str | None = None
    approx: bool = False
    high_eur: float | None = None
    fact: GoldFact | None = None  # amounts annotated with their funding fact


@dataclass(frozen=True, slots=True)
class GoldFact:
    """An amount's annotated funding fact (`recipient`, `payers`, `programme` canonical)."""

    role: str
    new: bool
    recipient: str | None
    payers: tuple[str, ...]
    programme: str | None


@dataclass(frozen=True, slots=True)
class GoldItem:
    """An item's gold themes and mentions."""

    id: str
    themes: tuple[str, ...]
    mentions: tuple[GoldMention, ...]
    stage: str | None = None  # maturity (None: off-topic, or the text does not say)
    phase: str | None = None  # clinical-trial phase when stated
    staged: bool = False  # the annotation has a `stage` key (None then means "no stage")


@dataclass(frozen=True, slots=True)
class GoldQuery:
    """A query with graded relevance (item id → 1..3) and its subset: `en` (English words,
    French answers mostly), `paraphrase` (French, without the answers' words) or `fr`; a query
    without one is `en` or `fr` by its language."""

    query: str
    lang: str
    relevant: dict[str, int]
    subset: str = ""


def read_jsonl(folder: Path, pattern: str) -> Iterator[tuple[Path, int, dict]]:
    """(file, line number, object) of every non-blank line of the files matching `pattern`."""
    paths = sorted(Path(folder).glob(pattern))
    if not paths:
        raise InputError(f"no {pattern} in {folder}")
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc})") from exc
            if not isinstance(data, dict) or "id" not in data and "query" not in data:
                raise InputError(f"{path}:{number}: expected an object with an id")
            yield path, number, data


def item_article(data: dict) -> Article:
    """A sample item as an article: its id kept, its outlet as source, a `urn:` URL."""
    item_id = str(data["id"])
    title, text = str(data.get("title") or ""), str(data["text"])
    published = None
    if data.get("published"):
        try:
            published = date.fromisoformat(str(data["published"])[:10])
        except ValueError:
            published = None
    url = f"urn:scanner:sample:{item_id}"
    return Article(
        id=item_id,
        url=url,
        canonical_url=url,
        title=title,
        text=text,
        source_id=str(data.get("outlet") or ""),
        published=published,
        lang=str(data.get("lang") or ""),
        content_hash=content_hash(title, text),
        story_id=str(data.get("story") or ""),
    )


def load_sample(corpora: Path | str) -> list[Article]:
    """The items of `corpora/sample/items_*.jsonl` as articles, in file order."""
    articles = []
    for path, number, data in read_jsonl(Path(corpora) / "sample", "items_*.jsonl"):
        if not isinstance(data.get("text"), str) or not data["text"].strip():
            raise InputError(f"{path}:{number}: item {data['id']} has no text")
        articles.append(item_article(data))
    return articles


def load_items(corpora: Path | str) -> dict[str, str]:
    """Item texts by id, as `title + "\\n\\n" + text` (the text mention offsets index)."""
    return {a.id: a.full_text for a in load_sample(corpora)}


def load_gold(corpora: Path | str) -> dict[str, GoldItem]:
    """Gold items from `corpora/gold/annotations_*.jsonl`, by id."""
    gold: dict[str, GoldItem] = {}
    for path, number, data in read_jsonl(Path(corpora) / "gold", "annotations_*.jsonl"):
        try:
            mentions = tuple(
                GoldMention(
                    kind=m["kind"],
                    text=m["text"],
                    canonical=m.get("canonical") or "",
                    value_eur=m.get("value_eur"),
                    currency=m.get("currency"),
                    approx=bool(m.get("approx", False)),
                    high_eur=m.get("high_eur"),
                    fact=_gold_fact(m),
                )
                for m in data.get("mentions", [])
            )
            gold[str(data["id"])] = GoldItem(
                str(data["id"]),
                tuple(data.get("themes", [])),
                mentions,
                stage=data.get("stage") or None,
                phase=data.get("phase") or None,
                staged="stage" in data,
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}:{number}: bad gold line ({exc})") from exc
    return gold


def _gold_fact(m: dict) -> GoldFact | None:
    """The fact annotated on an amount, None when it carries no role."""
    if m.get("kind") != "amount" or "role" not in m:
        return None
    return GoldFact(
        role=str(m["role"]),
        new=bool(m["new"]),
        recipient=m.get("recipient") or None,
        payers=tuple(str(p) for p in m.get("payers") or ()),
        programme=m.get("programme") or None,
    )


def load_dates(corpora: Path | str) -> dict[str, date | None]:
    """Each sample item's publication date, by id."""
    return {a.id: a.published for a in load_sample(corpora)}


def load_queries(corpora: Path | str) -> list[GoldQuery]:
    """Every gold query of `corpora/gold/queries_*.jsonl`."""
    queries = []
    folder = Path(corpora) / "gold"
    try:
        for path, number, obj in read_jsonl(folder, "queries_*.jsonl"):
            try:
                lang = str(obj.get("lang", ""))
                subset = str(obj.get("subset") or ("en" if lang == "en" else "fr"))
                queries.append(GoldQuery(obj["query"], lang, obj["relevant"], subset))
            except (KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}: bad gold query ({exc})") from exc
    except InputError as exc:
        if not queries and str(exc).startswith("no "):
            raise InputError(f"no gold queries in {folder} (queries_*.jsonl)") from exc
        raise
    return queries


def corpus_digest(corpora: Path | str) -> str:
    """A short hash of the corpus files (items, annotations, queries): a pinned figure belongs
    to the corpus it was measured on."""
    root = Path(corpora)
    h = hashlib.sha256()
    for path in sorted([*root.glob("sample/*.jsonl"), *root.glob("gold/*.jsonl")]):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
