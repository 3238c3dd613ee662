"""The gazetteer's matcher stays buildable whatever names curators give it: a name of
hundreds of characters used to make the regex builder recurse past Python's limit, and from
then on every extraction (process, ingest, crawl) failed."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanner.config import NlpConfig
from scanner.curation import corrections as curation
from scanner.curation import learning
from scanner.errors import InputError
from scanner.nlp.gazetteer import MAX_NAME_CHARS, GazEntry, Gazetteer
from scanner.records import Article, Mention
from scanner.store import Store

PROJECT = Path(__file__).resolve().parents[1]
LONG = "Société d'études " + "et de recherches appliquées " * 40  # ~1,100 characters


def shipped() -> Gazetteer:
    return Gazetteer.load(
        PROJECT / "models/gazetteer/programmes.jsonl",
        PROJECT / "models/gazetteer/organisations.jsonl",
    )


def test_a_very_long_curated_name_is_skipped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    gaz = shipped()
    gaz.add_alias("organisation", LONG[:450], LONG[:450])
    gaz.add_alias("organisation", "Biolab Nord", LONG)  # its canonical is unusable: whole entry
    with caplog.at_level(logging.WARNING, logger="scanner.nlp.gazetteer"):
        hits = gaz.find("L'Inserm et Biolab Nord avec la " + LONG[:450])
    assert [h.canonical for h in hits] == ["Inserm"]
    assert "skipped" in caplog.text and "450 characters" in caplog.text


def test_names_nested_two_hundred_deep_compile_and_longest_wins() -> None:
    names = ["Zq" + "a" * n for n in range(1, MAX_NAME_CHARS - 2)]
    gaz = Gazetteer([GazEntry("organisation", n) for n in names])
    text = f"chez {names[-1]} et {names[40]} puis {names[3]}."
    assert [h.canonical for h in gaz.find(text)] == [names[-1], names[40], names[3]]


def test_names_at_the_limit_still_match() -> None:
    name = "Consortium " + "x" * (MAX_NAME_CHARS - 11)
    assert len(name) == MAX_NAME_CHARS
    gaz = Gazetteer([GazEntry("organisation", name)])
    assert [h.canonical for h in gaz.find(f"Le {name} signe.")] == [name]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=1, max_size=400), min_size=1, max_size=12), st.text(max_size=300))
def test_any_names_give_a_matcher(names: list[str], text: str) -> None:
    """Emoji, zero-width characters, lone punctuation, very long names: a result, no crash."""
    gaz = Gazetteer()
    for name in names:
        if name.strip():
            gaz.add_alias("organisation", name, name)
    for hit in gaz.find(text + " " + " ".join(names)):
        assert hit.end > hit.start


def test_a_bad_curated_file_does_not_stop_extraction(tmp_path: Path) -> None:
    """What the curation desk wrote before the limits: an overlong name, a broken line."""
    spacy = pytest.importorskip("spacy")
    from scanner.nlp.mentions import MentionExtractor

    watch = tmp_path / "curated"
    watch.mkdir()
    lines = [
        json.dumps({"canonical": LONG, "aliases": []}),
        "{not json",
        json.dumps({"canonical": "Biolab Nord", "aliases": ["BLN"]}),
    ]
    (watch / "organisations.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    cfg = NlpConfig(curated_dir=str(watch))
    extractor = MentionExtractor(cfg, PROJECT, nlp=spacy.blank("fr"))
    found = extractor.extract_one(f"BLN et l'Inserm. {LONG}")
    orgs = {(m.text, m.canonical) for m in found if m.kind == "organisation"}
    assert ("BLN", "Biolab Nord") in orgs and ("Inserm", "Inserm") in orgs


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "w.db")
    text = "La start-up Biolab Nord lève 2 M€ auprès de Bpifrance. " + LONG
    s.articles.add(
        Article(id="a1", url="http://x.test/1", title="", text=text, content_hash="h1",
                published=date(2026, 11, 10))
    )  # fmt: skip
    start = text.index("Biolab Nord")
    s.mentions.replace_auto(
        "a1",
        [Mention("organisation", start, start + 11, "Biolab Nord", "Biolab Nord")],
    )
    return s


def test_the_curation_desk_refuses_overlong_names(store: Store, tmp_path: Path) -> None:
    mention = store.mentions.for_article("a1")[0]
    with pytest.raises(InputError, match="at most 200"):
        curation.edit_mention(store, mention.id or 0, "alice", canonical=LONG)
    with pytest.raises(InputError, match="at most 200"):
        curation.merge_organisations(store, "Biolab Nord", LONG, "alice")
    with pytest.raises(InputError, match="at most 200"):
        curation.merge_organisations(store, LONG, "Biolab Nord", "alice")
    full = store.articles.get("a1").full_text
    start = full.index("Société")
    with pytest.raises(InputError, match="at most 200"):  # the selection becomes the name
        curation.add_mention(store, "a1", start, len(full), "organisation", "alice")
    with pytest.raises(InputError, match="no letter"):
        curation.edit_mention(store, mention.id or 0, "alice", canonical="🧬 ✨")
    # a long passage is still fine as something else than a name
    curation.add_mention(store, "a1", start, len(full), "place", "alice")
    curation.edit_mention(store, mention.id or 0, "alice", canonical="Biolab Nord SAS")
    paths = {"organisation": tmp_path / "o.jsonl", "programme": tmp_path / "p.jsonl"}
    learning.sync_gazetteers(store, paths)
    assert "Biolab Nord SAS" in paths["organisation"].read_text("utf-8")
