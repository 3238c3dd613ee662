"""The index folder on disk: manifest, main index, entries, delta, lock; and FAISS builders.

Every file is written to a temporary name and renamed into place, the manifest last, so an
interrupted write leaves the previous index whole. The main index carries a CRC-32 in the
manifest: a truncated or damaged file is detected on load (and rebuilt by `scanner.vectors.index`),
never searched.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import faiss
import numpy as np

MANIFEST = "manifest.json"


class Unreadable(Exception):
    """The index folder cannot be used as it is (`missing`: there is no index at all)."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def hash64(content_hash: str) -> int:
    """A 60-bit integer for an article's content hash (what the entries compare)."""
    try:
        return int(content_hash[:15], 16)
    except ValueError:
        return zlib.crc32(content_hash.encode("utf-8"))


def new_flat(dim: int) -> faiss.Index:
    """Exact inner product with our own ids."""
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def new_ivf(vectors: np.ndarray, nlist: int = 0, total: int = 0) -> faiss.Index:
    """IVF-Flat over inner product, trained on (a sample of) `vectors`, for an index that will
    hold `total` vectors (default: as many as given); `nlist` 0 = about 2·√total (at 1M
    vectors, 2,000 lists built in 171 s against 657 s for 4,000, for the same recall at a
    given share of lists probed)."""
    n, dim = vectors.shape
    if not nlist:
        nlist = int(2 * math.sqrt(max(n, total)))
    nlist = max(1, min(nlist, 65_536, n // 39))  # k-means wants ≥ 39 points per list
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = 12  # enough for stable lists; training is the slow part of a build
    sample = min(n, 40 * nlist)
    rows = np.random.default_rng(0).choice(n, size=sample, replace=False) if sample < n else None
    index.train(np.ascontiguousarray(vectors if rows is None else vectors[np.sort(rows)]))
    return index


def all_vectors(index: faiss.Index) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) of everything an index holds (flat or IVF-Flat)."""
    if isinstance(index, faiss.IndexIDMap2):
        ids = faiss.vector_to_array(index.id_map).astype(np.int64)
        return ids, index.index.reconstruct_n(0, index.ntotal)
    ivf = faiss.extract_index_ivf(index)
    lists = ivf.invlists
    assert lists is not None  # an IVF index built or read by faiss owns its inverted lists
    ids_parts, vec_parts = [], []
    for i in range(ivf.nlist):
        size = lists.list_size(i)
        if not size:
            continue
        ids_parts.append(faiss.rev_swig_ptr(lists.get_ids(i), size).copy())
        codes = faiss.rev_swig_ptr(lists.get_codes(i), size * lists.code_size).copy()
        vec_parts.append(codes.view(np.float32).reshape(size, ivf.d))
    if not ids_parts:
        return np.zeros(0, dtype=np.int64), np.zeros((0, ivf.d), dtype=np.float32)
    return np.concatenate(ids_parts).astype(np.int64), np.vstack(vec_parts)


class IndexFiles:
    """The files of one index folder."""

    def __init__(self, folder: Path) -> None:
        self.dir = folder
        self.key = str(folder.resolve())

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Exclusive across processes (loading, repairing and writing take it)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / "lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def stamp(self) -> tuple[int, int, int] | None:
        try:
            st = (self.dir / MANIFEST).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def read_manifest(self) -> dict:
        path = self.dir / MANIFEST
        if not path.is_file():
            raise Unreadable(f"no index yet ({path} is missing)", missing=True)
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise Unreadable(f"unreadable manifest {path}: {exc}") from exc
        needed = ("format", "model", "dim", "kind", "articles", "vectors", "config_hash", "main")
        if not isinstance(manifest, dict) or any(k not in manifest for k in needed):
            raise Unreadable(f"manifest {path} lacks one of {', '.join(needed)}")
        return manifest

    def read_main(self, manifest: dict) -> tuple[faiss.Index | None, dict[int, tuple[int, int]]]:
        if not manifest["main"]:
            return None, {}
        path = self.dir / f"{manifest['main']}.faiss"
        try:
            blob = np.fromfile(path, dtype=np.uint8)
        except OSError as exc:
            raise Unreadable(f"index file {path} is missing or unreadable ({exc})") from exc
        if zlib.crc32(blob.data) != manifest.get("crc32") or len(blob) != manifest.get("size"):
            raise Unreadable(f"index file {path} is damaged (size or checksum differs)")
        try:
            index = faiss.deserialize_index(blob)
            rows = np.load(self.dir / f"{manifest['main']}.npy", allow_pickle=False)
        except (RuntimeError, OSError, ValueError) as exc:
            raise Unreadable(f"index file {path} cannot be read ({exc})") from exc
        if rows.ndim != 2 or rows.shape[1] != 3:
            raise Unreadable(f"entries of {path} have shape {rows.shape}")
        return index, {int(n): (int(h), int(s)) for n, h, s in rows}

    def read_delta(self, manifest: dict) -> dict[int, tuple[int, np.ndarray | None]]:
        name = manifest.get("delta") or ""
        if not name:
            return {}
        try:
            with np.load(self.dir / name, allow_pickle=False) as z:
                nums, hashes, counts, vectors = z["nums"], z["hashes"], z["counts"], z["vectors"]
        except (OSError, ValueError, KeyError) as exc:
            raise Unreadable(f"index delta {self.dir / name} cannot be read ({exc})") from exc
        out: dict[int, tuple[int, np.ndarray | None]] = {}
        at = 0
        for num, h, count in zip(nums, hashes, counts, strict=True):
            if count < 0:
                out[int(num)] = (int(h), None)
                continue
            out[int(num)] = (int(h), vectors[at : at + count])
            at += int(count)
        return out

    def write_main(self, index: faiss.Index | None, entries: dict[int, tuple[int, int]]) -> str:
        """Write a new main index and its entries; returns its name for the manifest."""
        if index is None:
            return ""
        name = f"main-{time.time_ns()}"
        self.dir.mkdir(parents=True, exist_ok=True)
        rows = np.array([(n, h, s) for n, (h, s) in entries.items()], dtype=np.int64)
        _write_atomic(self.dir / f"{name}.npy", lambda f: np.save(f, rows.reshape(-1, 3)))
        blob = faiss.serialize_index(index)
        _write_atomic(self.dir / f"{name}.faiss", lambda f: f.write(blob.tobytes()))
        self._pending_main = (name, zlib.crc32(blob.data), len(blob))
        return name

    def write_manifest(
        self, manifest: dict, delta: dict[int, tuple[int, np.ndarray | None]]
    ) -> None:
        """Write the delta, then the manifest naming it; then drop files nobody names."""
        manifest = dict(manifest)
        pending = getattr(self, "_pending_main", None)
        if pending and pending[0] == manifest["main"]:
            manifest["crc32"], manifest["size"] = pending[1], pending[2]
        elif manifest["main"]:
            old = self.read_manifest()
            manifest["crc32"], manifest["size"] = old.get("crc32"), old.get("size")
        manifest["delta"] = self._write_delta(delta, manifest["dim"]) if delta else ""
        manifest["saved_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        text = json.dumps(manifest, indent=2)
        _write_atomic(self.dir / MANIFEST, lambda f: f.write(text.encode("utf-8")))
        keep = {MANIFEST, "lock", manifest["delta"]}
        if manifest["main"]:
            keep |= {f"{manifest['main']}.faiss", f"{manifest['main']}.npy"}
        for path in self.dir.iterdir():
            if path.name not in keep and path.name.startswith(("main-", "delta-", ".tmp-")):
                path.unlink(missing_ok=True)

    def _write_delta(self, delta: dict[int, tuple[int, np.ndarray | None]], dim: int) -> str:
        name = f"delta-{time.time_ns()}.npz"
        nums = np.array(list(delta), dtype=np.int64)
        hashes = np.array([h for h, _ in delta.values()], dtype=np.int64)
        counts = np.array([-1 if v is None else len(v) for _, v in delta.values()], np.int64)
        parts = [v for _, v in delta.values() if v is not None and len(v)]
        vectors = np.vstack(parts) if parts else np.zeros((0, max(1, dim)), np.float32)

        def write(handle: BinaryIO) -> None:
            np.savez(handle, nums=nums, hashes=hashes, counts=counts, vectors=vectors)

        _write_atomic(self.dir / name, write)
        return name


def _write_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    with open(tmp, "wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
