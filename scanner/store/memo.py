"""Results computed from the store, kept until the store changes.

    counts = store.memo.get(("facets", nums), lambda: store.search.facet_counts(nums), 128)

A search page ranks, counts facets and pages through the same hits again and again (the next
page, a facet clicked, a reader going back); each of those is computed once and kept, in this
process, for as long as the database has not changed. SQLite says when it has (`PRAGMA
data_version` moves when another connection commits; `total_changes` counts this one's own
writes), so a kept result is always what computing it again would give. PostgreSQL gives no such
signal: nothing is kept there.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from scanner.store.db import Database

T = TypeVar("T")


class Memo:
    """A bounded, least-recently-used cache of results, emptied when the database changes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._seen: Hashable = None
        self._kept: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T], size: int) -> T:
        """`compute()`, or what it gave for `key` since the last change to the database (at most
        `size` results kept; 0 keeps none)."""
        generation = self.db.generation() if size > 0 else None
        if generation is None:
            return compute()
        with self._lock:
            if generation != self._seen:
                self._kept.clear()
                self._seen = generation
            elif key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]  # type: ignore[return-value]  # stored by compute() of this key
        value = compute()  # outside the lock: other pages go on meanwhile
        with self._lock:
            if generation == self._seen:  # not if the store changed while computing
                self._kept[key] = value
                while len(self._kept) > size:
                    self._kept.popitem(last=False)
        return value
