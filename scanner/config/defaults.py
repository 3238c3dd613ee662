"""Every setting's default, written once in `scanner/defaults.toml` (package data, documented
key by key), and where a watch's resources live."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scanner.errors import ConfigError

SOURCE_KINDS = ("feed", "sitemap", "listing", "page")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def resource_dir(relative: str) -> Path:
    """Where project resources (models/, corpora/) named by a relative path live: the current
    directory when it has them, else the project folder this package was installed from."""
    return Path(".") if Path(relative).exists() else PROJECT_ROOT


# Every setting's default, written once: in defaults.toml (package data, documented key by key).

# Every setting's default, written once: in defaults.toml (package data, documented key by key).
DEFAULTS_FILE = Path(__file__).resolve().parents[1] / "defaults.toml"


def _read_defaults() -> dict[str, Any]:
    try:
        return tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # a broken install, not a user error
        raise ConfigError(
            "", f"the package's defaults ({DEFAULTS_FILE}) are unreadable: {exc}"
        ) from exc


DEFAULTS = _read_defaults()


def _frozen(value: Any) -> Any:
    """A TOML value as a dataclass default: lists become tuples (the fields are immutable)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


class _SectionDefaults:
    """`_crawl("timeout")`: the default of [crawl].timeout, as written in defaults.toml."""

    def __init__(self, section: str) -> None:
        self.section = section

    def __call__(self, key: str) -> Any:
        try:
            table = DEFAULTS
            for part in self.section.split("."):  # "alerts.smtp": a table inside a section
                table = table[part]
            return _frozen(table[key])
        except KeyError:
            raise ConfigError(f"{self.section}.{key}", f"no default in {DEFAULTS_FILE}") from None

    def factory(self, key: str) -> Callable[[], Any]:
        """For a mutable default (a table): a fresh copy for each instance."""
        value = self(key)
        return lambda: dict(value)


_store, _index, _output, _crawl, _dedup, _nlp, _embed = (
    _SectionDefaults(s) for s in ("store", "index", "output", "crawl", "dedup", "nlp", "embed")
)
_search, _themes, _rank, _bulletin, _web, _demo = (
    _SectionDefaults(s) for s in ("search", "themes", "rank", "bulletin", "web", "demo")
)
_smtp, _alerts = _SectionDefaults("alerts.smtp"), _SectionDefaults("alerts")
_maturity, _worker = _SectionDefaults("maturity"), _SectionDefaults("worker")
