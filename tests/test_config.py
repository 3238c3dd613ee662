"""config.toml loading: defaults, the shipped file, and errors that name the bad key."""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.config import (
    _SECTIONS,
    DEFAULTS,
    Config,
    _build,
    _SectionDefaults,
    config_as_dict,
    config_from_dict,
    load_config,
)
from scanner.errors import ConfigError, UnknownTheme

ROOT = Path(__file__).resolve().parents[1]
THEMES = [
    "therapies_innovantes",
    "bloc_operatoire",
    "organes_sur_puce",
    "sante_numerique",
    "dispositifs_medicaux",
    "bioproduction",
    "mie_nrbc",
    "prevention",
]
MINIMAL = {"taxonomy": {"t": {"label": "T", "description": "d", "seeds": ["s"]}}}


def test_shipped_config_has_the_taxonomy_in_order() -> None:
    cfg = load_config(ROOT / "config.toml")
    assert cfg.theme_keys == THEMES
    for theme in cfg.taxonomy:
        assert theme.label and theme.description and len(theme.seeds) >= 3
    assert cfg.embed.model == "all-MiniLM-L6-v2"
    assert cfg.nlp.model == "fr_core_news_md"
    assert all(s.url.startswith("http://127.0.0.1:") for s in cfg.sources)


def test_defaults_fill_missing_sections() -> None:
    cfg = config_from_dict(MINIMAL)
    assert cfg.crawl.obey_robots is True
    assert cfg.store.url == "sqlite:///data/scanner.db"
    assert cfg.sources == ()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"crawl": {"timeout": "fast"}}, "crawl.timeout"),
        ({"crawl": {"timout": 3}}, "crawl.timout"),
        ({"crawl": {"retries": -1}}, "crawl.retries"),
        ({"crawl": {"obey_robots": "yes"}}, "crawl.obey_robots"),
        ({"nlp": {"rates": {"USD": "x"}}}, "nlp.rates.USD"),
        ({"storage": {}}, "storage"),
        ({"sources": [{"id": "a", "kind": "rss", "url": "http://x"}]}, "sources[0].kind"),
        ({"sources": [{"id": "a", "kind": "feed", "url": "ftp://x"}]}, "sources[0].url"),
        ({"sources": [{"id": "a", "kind": "feed"}]}, "sources[0].url"),
        ({"rank": {"key_programmes": "France 2030"}}, "rank.key_programmes"),
    ],
)
def test_bad_values_name_the_key(data: dict, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        config_from_dict(MINIMAL | data)
    assert err.value.key == key
    assert f"[{key}]" in str(err.value)


def test_taxonomy_defaults_replaced_whole_and_seeds_required() -> None:
    assert config_from_dict({}).theme_keys == THEMES  # the package's taxonomy
    assert config_from_dict(MINIMAL).theme_keys == ["t"]  # a watch's own replaces it whole
    with pytest.raises(ConfigError, match=r"taxonomy\.t\.seeds"):
        config_from_dict({"taxonomy": {"t": {"label": "T", "description": "d", "seeds": []}}})


def test_malformed_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text("[crawl\ntimeout = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_unknown_theme_lists_known_ones() -> None:
    cfg = load_config(ROOT / "config.toml")
    with pytest.raises(UnknownTheme) as err:
        cfg.theme("robots")
    assert "bloc_operatoire" in str(err.value)


@pytest.mark.parametrize("section", sorted(_SECTIONS))
def test_defaults_file_is_the_one_source_of_defaults(section: str) -> None:
    """Each dataclass default is defaults.toml's value, read through the same validation as a
    watch's file: the documented file and the code cannot drift."""
    cls = _SECTIONS[section]
    assert set(DEFAULTS[section]) == {f.name for f in fields(cls)}
    assert _build(cls, DEFAULTS[section], section) == cls()


def test_a_setting_without_default_is_named() -> None:
    with pytest.raises(ConfigError) as err:
        _SectionDefaults("crawl")("no_such_key")
    assert err.value.key == "crawl.no_such_key"


def test_a_watch_overrides_key_by_key() -> None:
    cfg = config_from_dict({"crawl": {"timeout": 3}, "nlp": {"rates": {"USD": 0.9}}})
    assert cfg.crawl.timeout == 3.0
    assert cfg.crawl.retries == Config().crawl.retries  # its neighbour keeps the default
    assert cfg.nlp.rates == {"USD": 0.9}  # a table is one value: replaced, not merged
    assert Config().nlp.rates["USD"] > 0  # foreign amounts convert without a watch file


def test_shipped_watch_file_sets_only_what_it_changes() -> None:
    """config.toml differs from the defaults only by its sources (the demo site)."""
    cfg = load_config(ROOT / "config.toml")
    assert cfg == Config(sources=cfg.sources, path=cfg.path)
    assert cfg.sources


def test_scanner_config_prints_toml_that_loads_back(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["config", "--config", str(ROOT / "config.toml")])
    assert result.exit_code == 0, result.output
    printed = tmp_path / "printed.toml"
    printed.write_text(result.stdout, encoding="utf-8")
    again = load_config(printed)
    assert again == replace(load_config(ROOT / "config.toml"), path=again.path)
    assert tomllib.loads(result.stdout) == config_as_dict(again)
    bad = CliRunner().invoke(app, ["config", "nope", "--config", str(ROOT / "config.toml")])
    assert bad.exit_code == 2 and "known sections" in bad.output
