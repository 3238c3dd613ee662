"""The bilingual lexicon: well formed, a few thousand pairs, every taxonomy keyword paired,
and the query analysis that uses it (longest match, translations, bad files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import DEFAULTS, Config
from scanner.errors import InputError
from scanner.search.lexical import fold, tokens_of
from scanner.search.lexicon import build_lexicon, load_lexicon, parse_lexicon
from scanner.search.query import analyse_query

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / Config().search.lexicon


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_lexicon(str(LEXICON))


def _folded(term: str) -> str:
    return " ".join(fold(t) for t in tokens_of(term))


def test_the_lexicon_holds_a_few_thousand_pairs(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert len(lexicon.concepts) > 700 and lexicon.pairs > 5000
    for concept in lexicon.concepts:  # each side names something
        assert concept.fr and concept.en and all(t.strip() for t in concept.fr + concept.en)


def test_every_taxonomy_keyword_has_its_pair(lexicon) -> None:  # type: ignore[no-untyped-def]
    """Each [taxonomy.*].keywords entry of the defaults is a term of the lexicon, in a line
    that gives it terms in the other language."""
    terms = {
        (_folded(t), side)
        for c in lexicon.concepts
        for side, group in (("fr", c.fr), ("en", c.en))
        for t in group
    }
    missing = [
        f"{theme}: {keyword}"
        for theme, table in DEFAULTS["taxonomy"].items()
        for keyword in table["keywords"]
        if not any((_folded(keyword), side) in terms for side in ("fr", "en"))
    ]
    assert not missing, "taxonomy keywords without a lexicon pair: " + ", ".join(missing)


def test_an_english_query_gets_its_french_terms(lexicon) -> None:  # type: ignore[no-untyped-def]
    terms = analyse_query("gene therapy for sickle cell disease", lexicon)
    assert terms.lang == "en" and [c.text for c in terms.concepts] == [
        "gene therapy",
        "sickle cell disease",
    ]
    sickle = terms.concepts[1]
    assert ("drepanocytos",) in sickle.forms and sickle.translated
    assert "drépanocytose" in terms.dense_text  # the model reads the French name too
    french = analyse_query("robots chirurgicaux au bloc opératoire", lexicon)
    assert "surgical robot" in french.dense_text and french.translated
    assert "surgic" in french.stems  # English articles are found by their English stems


def test_words_outside_the_lexicon_stay_single_concepts(lexicon) -> None:  # type: ignore[no-untyped-def]
    terms = analyse_query("zorglub quantique", lexicon)
    assert [c.text for c in terms.concepts] == ["zorglub", "quantique"]
    assert not terms.concepts[0].translated and terms.concepts[1].translated
    plain = analyse_query("gene therapy")  # no lexicon: the words alone
    assert [c.text for c in plain.concepts] == ["gene", "therapy"] and not plain.translated


@pytest.mark.parametrize(
    "line",
    ["thérapie génique", "thérapie génique\t", "\tgene therapy", "a\tb\tc", " | \tgene"],
)
def test_a_malformed_line_is_named(line: str) -> None:
    with pytest.raises(InputError, match=r"x\.tsv:2"):
        parse_lexicon(["# comment", line], "x.tsv")


def test_a_missing_lexicon_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no lexicon"):
        load_lexicon(str(tmp_path / "nowhere"))
    built = build_lexicon(parse_lexicon(["in vitro\tin vitro", "nouveau-né\tnewborn"], "t.tsv"))
    assert [m.concept.en for m in built.find(["vitro"], "fr")] == [("in vitro",)]
    assert not built.find(["né"], "fr")  # "nouveau-né" is not the bare "né"
