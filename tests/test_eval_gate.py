"""The eval gate (trafilatura's `eval_gate` habit): every pinned quality figure holds.

`tests/eval_gate.toml` pins, per corpus folder, the digest of its files and a floor a little
under each figure measured on it (a ceiling a little over it for a rate to keep low, such as
on-topic items left with no theme) (`scanner eval --json --corpora FOLDER` prints both). A drop
below a floor fails CI; so does a changed corpus, until its figures are measured again and the
file is updated. Curated names never count here (`with_curated` is off, the fixtures use none).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from scanner.eval.corpus import corpus_digest, load_queries
from scanner.eval.mentions import score_extractor

ROOT = Path(__file__).resolve().parents[1]
GATE = tomllib.loads((Path(__file__).with_name("eval_gate.toml")).read_text(encoding="utf-8"))
FOLDERS = sorted(GATE)


def floors(folder: str, part: str, table: str = "floors") -> dict[str, float]:
    prefix = f"{part}."
    pinned = GATE[folder].get(table, {})
    return {k.removeprefix(prefix): v for k, v in pinned.items() if k.startswith(prefix)}


def check(figures: dict[str, float], wanted: dict[str, float], where: str) -> None:
    """Every floor holds; so does every ceiling of the same part (`wanted` names the part)."""
    assert wanted, f"no floor pinned for {where}"
    below = {
        name: (round(figures.get(name, float("nan")), 4), floor)
        for name, floor in wanted.items()
        if not figures.get(name, float("nan")) >= floor
    }
    assert not below, f"{where}: figures below their floors (measured, floor): {below}"


def check_ceilings(figures: dict[str, float], folder: str, part: str) -> None:
    above = {
        name: (round(figures.get(name, float("nan")), 4), ceiling)
        for name, ceiling in floors(folder, part, "ceilings").items()
        if not figures.get(name, float("nan")) <= ceiling
    }
    assert not above, f"{folder}: figures above their ceilings (measured, ceiling): {above}"


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_corpus_is_the_one_the_figures_were_measured_on(folder: str) -> None:
    digest = corpus_digest(ROOT / folder)
    assert digest == GATE[folder]["digest"], (
        f"{folder} changed since its figures were pinned: run `scanner eval --json --corpora "
        f"{folder}` and update tests/eval_gate.toml (digest {digest})"
    )


@pytest.mark.parametrize("folder", [f for f in FOLDERS if floors(f, "mentions")])
def test_mention_figures_hold(folder: str, mention_extractor) -> None:  # type: ignore[no-untyped-def]
    report = score_extractor(mention_extractor, ROOT / folder)
    check(report.figures(), floors(folder, "mentions"), folder)


# The gold set's theme figure is a nested cross-validation (about 90 s, a sixth of the default
# suite): it runs with `-m slow`, as does test_themes' own check of it; the sets never tuned
# on, which are the figures that count, run by default.
THEME_FOLDERS = [
    pytest.param(f, marks=pytest.mark.slow) if f == "corpora" else f
    for f in FOLDERS
    if floors(f, "themes")
]


@pytest.mark.parametrize("folder", THEME_FOLDERS)
def test_theme_figures_hold(folder: str, theme_cfg, theme_scorer) -> None:  # type: ignore[no-untyped-def]
    """On the training gold set the figure is the cross-validated one (by story)."""
    from scanner.eval.themes import evaluate_themes

    figures = evaluate_themes(theme_cfg, ROOT / folder).figures()
    check(figures, floors(folder, "themes"), folder)
    check_ceilings(figures, folder, "themes")


@pytest.mark.parametrize("folder", [f for f in FOLDERS if floors(f, "stage")])
def test_stage_figures_hold(folder: str, theme_cfg) -> None:  # type: ignore[no-untyped-def]
    """On the training gold set the stage classifier is cross-validated (by story)."""
    from scanner.eval.stage import evaluate_stage

    check(evaluate_stage(theme_cfg, ROOT / folder).figures(), floors(folder, "stage"), folder)


@pytest.mark.parametrize("folder", [f for f in FOLDERS if floors(f, "search")])
def test_search_figures_hold(folder: str, search_sample) -> None:  # type: ignore[no-untyped-def]
    from scanner.eval.search import evaluate_on

    sample = (ROOT / folder / "sample").resolve()
    assert sample == (ROOT / "corpora" / "sample").resolve(), "the fixture holds the main sample"
    cfg, store = search_sample
    report = evaluate_on(cfg, store, load_queries(ROOT / folder))
    check(report.figures(), floors(folder, "search"), folder)


def test_the_gate_names_figures_that_exist() -> None:
    """A floor on a misspelt figure would never fail: every pinned name must be produced."""
    from scanner.eval.mentions import MentionReport
    from scanner.eval.metrics import PRF

    kinds = {k: PRF(1, 0, 0) for k in ("programme", "organisation", "amount")}
    sample = MentionReport(kinds=kinds, canonical={"programme": (1, 1), "organisation": (1, 1)})
    sample.amount_values = (1, 1)
    sides = ("in_gazetteer", "not_in_gazetteer")
    sample.listed = {k: dict.fromkeys(sides, PRF(1, 0, 0)) for k in ("programme", "organisation")}
    sample.by_lang = {k: dict.fromkeys(("fr", "en"), PRF(1, 0, 0)) for k in sample.listed}
    sample.one_canonical = {"programme": (1, 1), "organisation": (1, 1)}
    sample.relaxed = {"programme": PRF(1, 0, 0), "organisation": PRF(1, 0, 0)}
    sample.facts.seen = 1  # the funding-fact figures exist once an amount has a gold fact
    known = {f"mentions.{name}" for name in sample.figures()}
    for folder in FOLDERS:
        for name in [*GATE[folder]["floors"], *GATE[folder].get("ceilings", {})]:
            part = name.split(".", 1)[0]
            assert part in ("mentions", "themes", "stage", "search"), name
            if part == "mentions":
                assert name in known, f"{folder}: unknown figure {name}"
