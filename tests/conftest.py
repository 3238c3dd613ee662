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
        store=replace(cfg.store, url=f"sqlite:///{db}"),
        index=replace(cfg.index, path=str(tmp_path / "index")),
    )
    copy = Store.open(db)
    yield copy_cfg, copy
    copy.close()


@pytest.fixture(scope="session")
def search_sample_pg(tmp_path_factory, embedder, pg_server):  # type: ignore[no-untyped-def]
    """`search_sample` on PostgreSQL: the same sample store in a schema of the session's
    server (same index folder layout, its own copy)."""
    from scanner.config import load_config
    from scanner.eval.search import scratch_search_store

    folder = tmp_path_factory.mktemp("search-sample-pg")
    with pg_server.schema("search_sample") as url:
        cfg, store = scratch_search_store(
            load_config(PROJECT / "config.toml"), PROJECT / "corpora", folder, url
        )
        yield cfg, store
        store.close()


@pytest.fixture()
def search_copy_pg(search_sample_pg, pg_server, tmp_path):  # type: ignore[no-untyped-def]
    """A private copy of `search_sample_pg` (made by `scanner migrate`'s copy, index too)."""
    import shutil
    from dataclasses import replace

    from scanner.store import Store
    from scanner.store.copy import copy_store

    cfg, store = search_sample_pg
    with pg_server.schema() as url:
        copy_store(store, url)
        shutil.copytree(cfg.index.path, tmp_path / "index")
        copy_cfg = replace(
            cfg,
            store=replace(cfg.store, url=url),
            index=replace(cfg.index, path=str(tmp_path / "index")),
        )
        copy = Store.open(url)
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


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A real PostgreSQL server (Debian's) for the session, stopped at its end."""
    import atexit
    import os

    from pg_server import REQUIRED_ENV, PgServer, find_bin

    bin_dir = find_bin()
    if bin_dir is None:
        reason = "Debian's postgresql is not installed (`make test` installs it when root)"
        if os.environ.get(REQUIRED_ENV) == "required":
            pytest.fail(reason)
        pytest.skip(reason)
    server = PgServer(bin_dir).start()
    atexit.register(server.close)  # an interrupted session stops it too
    yield server
    atexit.unregister(server.close)
    server.close()


@pytest.fixture()
def pg_url(pg_server):  # type: ignore[no-untyped-def]
    """A store URL on the session's PostgreSQL, in a fresh schema of its own."""
    with pg_server.schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):  # type: ignore[no-untyped-def]
    """A fresh store URL on each backend: the same test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'w.db'}"
        return
    with request.getfixturevalue("pg_server").schema() as url:
        yield url


@pytest.fixture()
def any_store(store_url):  # type: ignore[no-untyped-def]
    """An empty store on each backend (SQLite, PostgreSQL), closed after the test."""
    from scanner.store import Store

    store = Store.open(store_url)
    yield store
    store.close()
