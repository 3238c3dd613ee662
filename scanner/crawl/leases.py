"""Leases on sources: two crawls sharing a store never read the same source at once.

    leases = SourceLeases(store, seconds=600)
    mine, busy = leases.take(sources)      # busy: {source id: who holds it}
    task = asyncio.create_task(leases.keep())   # renews them while the crawl runs
    leases.release()

A lease is a row in the store (`store.work`), so it holds across processes and machines; a
crawl that is killed stops renewing, and its leases run out after `seconds` (at once when the
next crawl runs on the same machine and sees that the holder's process is gone).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Sequence

from scanner.errors import ScannerError
from scanner.records import Source
from scanner.store import Store

log = logging.getLogger(__name__)


class SourceLeases:
    """The leases one crawl holds."""

    def __init__(self, store: Store, seconds: float) -> None:
        self.store = store
        self.seconds = seconds
        self.holder = f"crawl {socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.held: list[str] = []

    def take(self, sources: Sequence[Source]) -> tuple[list[Source], dict[str, str]]:
        """The sources this crawl could lease, and who holds each of the others."""
        mine: list[Source] = []
        busy: dict[str, str] = {}
        for source in sources:
            name = f"source:{source.id}"
            if self.store.work.take_lease(name, self.holder, self.seconds):
                mine.append(source)
                self.held.append(name)
                continue
            held = self.store.work.lease_holder(name)
            dead = held is not None and _dead_here(held[0])
            if (
                held
                and dead
                and self.store.work.take_over_lease(name, held[0], self.holder, self.seconds)
            ):
                log.warning("source %s: %s was killed; lease taken over", source.id, held[0])
                mine.append(source)
                self.held.append(name)
                continue
            busy[source.id] = f"{held[0]} (for {held[1]:.0f} s more)" if held else "another crawl"
            log.warning("source %s skipped: being crawled by %s", source.id, busy[source.id])
        return mine, busy

    async def keep(self) -> None:
        """Renew the leases every third of their length, until cancelled."""
        while True:
            await asyncio.sleep(max(1.0, self.seconds / 3))
            for name in self.held:
                try:
                    self.store.work.take_lease(name, self.holder, self.seconds)
                except ScannerError as exc:  # the store is away: the next renewal may work
                    log.warning("could not renew the lease on %s: %s", name, exc)

    def release(self) -> None:
        for name in self.held:
            try:
                self.store.work.release_lease(name, self.holder)
            except ScannerError as exc:  # it runs out by itself
                log.warning("could not release the lease on %s: %s", name, exc)
        self.held = []


def _dead_here(holder: str) -> bool:
    """True when `holder` ("crawl HOST:PID:…") ran on this machine and its process is gone."""
    try:
        host, pid, _ = holder.removeprefix("crawl ").rsplit(":", 2)
        if host != socket.gethostname():
            return False
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (ValueError, PermissionError):
        return False
    return False
