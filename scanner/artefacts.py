"""Trained artefacts on disk (theme, stage and payer models): checksums and atomic writes.

Weights are written first, then the manifest that vouches for them with their SHA-256, each
through a temporary file renamed into place: an interrupted save leaves the old pair or a
manifest that no longer matches, which the loaders treat as stale, never half a model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np


def sha256_of(path: Path) -> str:
    """The file's SHA-256, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vouched_for(path: Path, sha256: object) -> bool:
    """The file exists and its SHA-256 is the one its manifest vouches for."""
    return path.is_file() and sha256_of(path) == sha256


def save_arrays(path: Path, arrays: Mapping[str, Any], compressed: bool = False) -> str:
    """Write `arrays` as one .npz at `path` atomically; its SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp.npz")
    (np.savez_compressed if compressed else np.savez)(tmp, **arrays)
    tmp.replace(path)
    return sha256_of(path)


def write_manifest(path: Path, body: Mapping[str, object]) -> None:
    """Write the manifest JSON at `path` atomically."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)
