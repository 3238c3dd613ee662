"""A newcomer's first hour with the CLI (issue 18): a search on an empty store says so and
creates nothing, a running server of the same watch answers queries, `users add` works
without a terminal, the demo finds its site from any folder, processing shows the model
loading as a step."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner
from web_fixtures import PASSWORD, Server, fill_store, make_config

from scanner.cli import app
from scanner.config import PROJECT_ROOT, load_config
from scanner.demo import demo_config_file, serve_directory, site_dir
from scanner.store import Store
from scanner.web import create_app


def run(*args: str, **kwargs: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), **kwargs)  # type: ignore[arg-type]
    return result.exit_code, " ".join(result.output.split())


def test_search_on_an_empty_store_says_so_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("config.toml").write_text('[store]\nurl = "sqlite:///data/scanner.db"\n', encoding="utf-8")
    code, output = run("search", "robots chirurgicaux")
    assert code == 1
    assert "the store data/scanner.db is empty" in output and "scanner demo" in output
    assert not Path("data").exists()  # nothing made behind the user's back
    # a store that exists but holds nothing: the same answer
    Store.open("data/scanner.db").close()
    code, output = run("search", "robots chirurgicaux", "--json")
    assert code == 1 and "is empty" in output


def watch_file(tmp_path: Path, store: str, port: int) -> Path:
    toml = tmp_path / "config.toml"
    toml.write_text(
        f'[store]\nurl = "sqlite:///{store}"\n[web]\nhost = "127.0.0.1"\nport = {port}\n'
        '[taxonomy.bloc_operatoire]\nlabel = "Bloc"\ndescription = "d"\nseeds = ["s"]\n',
        encoding="utf-8",
    )
    return toml


def test_a_running_server_of_the_same_watch_answers_the_query(tmp_path: Path) -> None:
    cfg = make_config(tmp_path)
    store = Store.from_config(cfg.store)
    fill_store(store)
    with Server(create_app(cfg, store)) as server:
        port = int(server.url.rsplit(":", 1)[1])
        toml = watch_file(tmp_path, cfg.store.sqlite_path, port)
        code, output = run("search", "robot", "--mode", "lexical", "--config", str(toml))
        assert code == 0, output
        assert f"(answered by the running server at {server.url})" in output
        assert "Robot au bloc" in output
        # the same hits as a search made here
        code, local = run("search", "robot", "--mode", "lexical", "--local", "-c", str(toml))
        assert code == 0 and "answered by" not in local
        assert local.replace(" ", "") in output.replace(" ", "")
        # a server of another watch is not asked: this watch searches its own store
        other = tmp_path / "other"
        other.mkdir()
        with Store.open(other / "o.db") as own:
            fill_store(own)
        toml = watch_file(other, str(other / "o.db"), port)
        code, output = run("search", "robot", "--mode", "lexical", "--config", str(toml))
        assert code == 0 and "answered by" not in output and "Robot au bloc" in output
        assert httpx.get(server.url + "/healthz").headers["x-scanner-store"]
    store.close()


def test_users_add_without_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "config.toml"
    toml.write_text(f'[store]\nurl = "sqlite:///{tmp_path / "w.db"}"\n', encoding="utf-8")
    # standard input that is not a terminal: the password is its first line
    code, output = run("users", "add", "alice", "--config", str(toml), input=PASSWORD + "\n")
    assert code == 0, output
    # or the environment
    monkeypatch.setenv("SCANNER_PASSWORD", PASSWORD)
    code, output = run("users", "add", "rita", "--role", "reader", "--config", str(toml))
    assert code == 0, output
    monkeypatch.delenv("SCANNER_PASSWORD")
    code, output = run("users", "add", "bob", "--config", str(toml), input="")
    assert code == 2 and "no password on standard input" in output
    from scanner.web.security import authenticate

    with Store.open(tmp_path / "w.db") as store:
        assert [u.role for u in store.curation.users()] == ["curator", "reader"]
        assert authenticate(store, "alice", PASSWORD)


def test_the_demo_finds_its_site_and_watch_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an empty folder, far from the project
    chosen = demo_config_file(Path("config.toml"))
    assert chosen == PROJECT_ROOT / "config.toml"
    cfg = load_config(chosen)
    site = site_dir(cfg)
    assert site == PROJECT_ROOT / "corpora" / "site" and site.is_dir()
    with serve_directory(site) as base:
        feed = httpx.get(base + "/veille-sante-hebdo/rss.xml")
    assert feed.status_code == 200 and b"<rss" in feed.content
    # a watch of one's own is used when there is one
    Path("config.toml").write_text("", encoding="utf-8")
    assert demo_config_file(Path("config.toml")) == Path("config.toml")


@pytest.mark.slow
@pytest.mark.timeout(1200)  # the whole demo: crawl, models, bulletin (2 min on an idle machine)
def test_scanner_demo_runs_in_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("demo")
    assert code == 0, output
    assert "using the demo watch" in output
    assert list(Path("out").glob("bulletin-*.html")) and Path("data").is_dir()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_processing_shows_the_model_loading_step(tmp_path: Path) -> None:
    from test_web_reprocess import real_config

    from scanner.pipeline import LOADING, process_articles

    cfg = real_config(tmp_path)  # the real models, gazetteer copies in tmp_path
    steps: list[tuple[str, int, int]] = []
    with Store.from_config(cfg.store) as store:
        fill_store(store)
        process_articles(cfg, store, force=True, progress=lambda *a: steps.append(a))
    names = [s for s, _, _ in steps]
    assert names[0] == LOADING == "chargement des modèles…"
    assert steps[:2] == [(LOADING, 0, 1), (LOADING, 1, 1)]
    assert names.index("process") > 1
