"""config.toml loading: defaults, the shipped file, and errors that name the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import config_from_dict, load_config
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
    assert cfg.store.path == "data/scanner.db"
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


def test_taxonomy_required_and_seeds_required() -> None:
    with pytest.raises(ConfigError, match="taxonomy"):
        config_from_dict({})
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
