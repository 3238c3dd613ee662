"""Reading a watch's config.toml into a `Config` (unknown sections and keys refused by name),
and writing the settings in force back as TOML tables."""

from __future__ import annotations

import tomllib
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from scanner.config.analysis import (
    BulletinConfig,
    MaturityConfig,
    RankConfig,
    ThemesConfig,
    _taxonomy,
)
from scanner.config.defaults import DEFAULTS, SOURCE_KINDS
from scanner.config.sections import (
    Config,
    CrawlConfig,
    DedupConfig,
    EmbedConfig,
    IndexConfig,
    NlpConfig,
    OutputConfig,
    SearchConfig,
    StoreConfig,
)
from scanner.config.service import AlertsConfig, DemoConfig, WebConfig, WorkerConfig
from scanner.config.values import _build, parse_store_url
from scanner.errors import ConfigError
from scanner.records import Source

_SECTIONS = {
    "store": StoreConfig,
    "index": IndexConfig,
    "output": OutputConfig,
    "crawl": CrawlConfig,
    "dedup": DedupConfig,
    "nlp": NlpConfig,
    "embed": EmbedConfig,
    "search": SearchConfig,
    "themes": ThemesConfig,
    "maturity": MaturityConfig,
    "rank": RankConfig,
    "bulletin": BulletinConfig,
    "web": WebConfig,
    "worker": WorkerConfig,
    "demo": DemoConfig,
    "alerts": AlertsConfig,
}


def load_config(path: str | Path = "config.toml") -> Config:
    """Read and validate a config file; raise ConfigError naming the offending key."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError("", f"file not found: {p} (pass --config PATH or create config.toml)")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("", f"{p} is not valid TOML: {exc}") from exc
    return config_from_dict(data, path=str(p))


def config_from_dict(data: dict[str, Any], path: str | None = None) -> Config:
    """Build a Config from parsed TOML (used by tests and by load_config)."""
    known = set(_SECTIONS) | {"taxonomy", "sources"}
    for key in data:
        if key not in known:
            raise ConfigError(key, f"unknown section; known sections: {', '.join(sorted(known))}")
    _check_store(data.get("store", {}))
    kwargs: dict[str, Any] = {
        name: _build(cls, data.get(name, {}), name) for name, cls in _SECTIONS.items()
    }
    # a watch's taxonomy replaces the default one whole (themes are not merged key by key)
    kwargs["taxonomy"] = _taxonomy(data.get("taxonomy") or DEFAULTS["taxonomy"])
    kwargs["sources"] = _sources(data.get("sources", []))
    base = kwargs["web"].base_url
    if base and not base.startswith(("http://", "https://")):
        raise ConfigError("web.base_url", f'expected an http(s) address or "", got {base!r}')
    return Config(**kwargs, path=path)


def _check_store(data: Any) -> None:
    """[store].url is a URL the store can open; the former [store].path says what replaced it."""
    if not isinstance(data, dict):
        return  # _build names the error
    if "path" in data:
        path = data["path"]
        hint = f'url = "sqlite:///{path}"' if isinstance(path, str) else 'url = "sqlite:///PATH"'
        raise ConfigError(
            "store.path",
            f"replaced by [store].url, which also takes PostgreSQL; write {hint} instead",
        )
    if isinstance(data.get("url"), str):
        parse_store_url(data["url"])


def _sources(data: Any) -> tuple[Source, ...]:
    if not isinstance(data, list):
        raise ConfigError("sources", "expected an array of tables ([[sources]])")
    out: list[Source] = []
    for i, table in enumerate(data):
        where = f"sources[{i}]"
        source = _build(Source, table, where)
        if source.kind not in SOURCE_KINDS:
            raise ConfigError(f"{where}.kind", f"{source.kind!r} is not one of {SOURCE_KINDS}")
        if not source.url.startswith(("http://", "https://")):
            raise ConfigError(f"{where}.url", f"expected an http(s) URL, got {source.url!r}")
        if any(s.id == source.id for s in out):
            raise ConfigError(f"{where}.id", f"duplicate source id {source.id!r}")
        out.append(source)
    return tuple(out)


def config_as_dict(cfg: Config) -> dict[str, Any]:
    """The settings in force, as the TOML tables a config file would write them."""
    data: dict[str, Any] = {name: _plain(getattr(cfg, name)) for name in _SECTIONS}
    data["taxonomy"] = {
        t.key: {k: v for k, v in _plain(t).items() if k != "key"} for t in cfg.taxonomy
    }
    data["sources"] = [{k: v for k, v in _plain(s).items() if v is not None} for s in cfg.sources]
    return data


def _plain(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, tuple | list):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj
