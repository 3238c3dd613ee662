"""A config.toml for a test watch: the project's file (its sources), with everything the watch
writes — store, index, bulletins, curated names — inside a scratch folder, never in ./data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomli_w

from scanner.demo import SITE_BASE  # where config.toml's demo sources point

ROOT = Path(__file__).resolve().parents[1]


def watch_config(
    folder: Path,
    *,
    site_base: str | None = None,
    sources: str | None = None,
    **sections: dict[str, Any],
) -> Path:
    """Write `folder/config.toml` and return its path. `site_base` moves the demo sources to
    another address; `sources` replaces them (TOML text of `[[sources]]` tables); `sections`
    override more keys (`crawl={"delay": 0.0}`)."""
    tables: dict[str, dict[str, Any]] = {
        "store": {"url": f"sqlite:///{folder / 'w.db'}"},
        "index": {"path": str(folder / "index")},
        "output": {"dir": str(folder / "out")},
        "nlp": {"curated_dir": str(folder / "curated")},
    }
    for name, values in sections.items():
        tables[name] = {**tables.get(name, {}), **values}
    # the project's [store] table gives way to the scratch one written above
    body = re.sub(
        r"^\[store\]\n(?:\w+ = .*\n)*",
        "",
        (ROOT / "config.toml").read_text(encoding="utf-8"),
        flags=re.M,
    )
    if sources is not None:
        body = body.split("[[sources]]")[0] + sources
    if site_base is not None:
        body = body.replace(SITE_BASE, site_base)
    path = folder / "config.toml"
    path.write_text(tomli_w.dumps(tables) + "\n" + body, encoding="utf-8")
    return path
