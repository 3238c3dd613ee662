"""Throw-away stores beside a watch's own: `scanner eval` builds its sample store in one.

    with scratch_url(cfg.store, tmp_folder) as url:
        store = Store.open(url)   # a SQLite file in tmp_folder, or a fresh PostgreSQL schema

On PostgreSQL the scratch store is a schema of its own in the configured database (dropped
afterwards), so figures are measured on the backend the watch runs on without touching it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scanner.config import StoreConfig


@contextmanager
def scratch_url(cfg: StoreConfig, folder: Path, name: str = "scratch") -> Iterator[str]:
    """A store URL for scratch data on the configured backend; removed on exit (the SQLite
    file lives in `folder`, which the caller removes)."""
    if cfg.backend != "postgresql":
        yield f"sqlite:///{(folder / f'{name}.db').resolve()}"
        return
    from scanner.store.postgres import create_schema, drop_schema, with_schema

    schema = f"scanner_{name}_{os.getpid()}_{secrets.token_hex(4)}"
    create_schema(cfg.url, schema)
    try:
        yield with_schema(cfg.url, schema)
    finally:
        drop_schema(cfg.url, schema)
