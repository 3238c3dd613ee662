"""Shared test fixtures. Heavy models load once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"


@pytest.fixture(scope="session")
def mention_extractor():  # type: ignore[no-untyped-def]
    """One MentionExtractor (spaCy model + gazetteers) for the whole test session."""
    from scanner.config import NlpConfig
    from scanner.nlp.mentions import MentionExtractor

    # in this process: the worker processes have their own test (test_mentions.py)
    rates = {"USD": 0.92, "GBP": 1.17, "CHF": 1.05}
    # no curated names: a watch's data/curated under the working directory must not leak in
    extractor = MentionExtractor(NlpConfig(rates=rates, workers=1, curated_dir=""), PROJECT)
    yield extractor
    extractor.close()


@pytest.fixture(scope="session")
def web_browser():  # type: ignore[no-untyped-def]
    """One headless Debian Chromium (driven by Playwright) for the web tests of the session."""
    from web_fixtures import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """The default sentence-transformers embedder (packaged all-MiniLM-L6-v2), loaded once."""
    from scanner.config import EmbedConfig
    from scanner.vectors.embed import load_embedder

    return load_embedder(EmbedConfig())


@pytest.fixture(scope="session")
def search_sample(tmp_path_factory, embedder):  # type: ignore[no-untyped-def]
    """(cfg, store) of a scratch store holding the sample corpus, embedded and indexed once
    for the session; tests that change it work on `search_copy` (tests/search_fixtures.py)."""
    from scanner.config import load_config
    from scanner.eval.search import scratch_search_store

    folder = tmp_path_factory.mktemp("search-sample")
    cfg, store = scratch_search_store(
        load_config(PROJECT / "config.toml"), PROJECT / "corpora", folder
    )
    yield cfg, store
    store.close()


@pytest.fixture()
def search_copy(search_sample, tmp_path):  # type: ignore[no-untyped-def]
    """A private copy (store and index) of `search_sample`, for tests that change it."""
    import shutil
    import sqlite3
    from dataclasses import replace

    from scanner.store import Store

    cfg, store = search_sample
    db = tmp_path / "copy.db"
    with sqlite3.connect(db) as target:
        store.db.conn.backup(target)
    shutil.copytree(cfg.index.path, tmp_path / "index")
    copy_cfg = replace(
        cfg,
        store=replace(cfg.store, path=str(db)),
        index=replace(cfg.index, path=str(tmp_path / "index")),
    )
    copy = Store.open(db)
    yield copy_cfg, copy
    copy.close()


@pytest.fixture(scope="session")
def theme_cfg(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The project's config with the theme and stage models and the index in a session
    folder: the models train there once from the labelled sets (reusing the shipped
    gold-vector cache)."""
    import shutil
    from dataclasses import replace

    from scanner.config import load_config

    cfg = load_config(PROJECT / "config.toml")
    root = tmp_path_factory.mktemp("themes")
    models = root / "models" / "themes"
    models.mkdir(parents=True)
    cache = PROJECT / "models" / "themes" / "gold-vectors.npz"
    if cache.is_file():
        shutil.copy(cache, models / cache.name)
    return replace(
        cfg,
        themes=replace(cfg.themes, model_dir=str(models), gold=str(PROJECT / "corpora")),
        maturity=replace(cfg.maturity, model_dir=str(root / "models" / "maturity")),
        index=replace(cfg.index, path=str(root / "index")),
    )


@pytest.fixture(scope="session")
def theme_scorer(theme_cfg, embedder):  # type: ignore[no-untyped-def]
    """A ThemeScorer with its classifier trained (once) on the gold set."""
    from scanner.themes.training import load_theme_scorer

    return load_theme_scorer(theme_cfg, None, embedder)
