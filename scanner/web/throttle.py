"""Login throttling: failed logins counted per account and per client address, and a cap on
the password hashes (argon2, deliberately slow) computed at once.

    throttle = LoginThrottle(attempts=5, window=900, hashing=1, clock=time.time)
    throttle.check(username, address)      # TooManyLogins (429) while either is locked
    with throttle.hashing():               # Busy (503) if no slot frees within `wait` seconds
        user = authenticate(...)
    throttle.failed(username, address) / throttle.succeeded(username)

After `attempts` failures of one account, or from one address, within `window` seconds,
every login for it is refused until the oldest failure leaves the window, even with the
right password: guessing gets `attempts` tries per window, not thousands. A success clears
the account's failures (not the address's: one valid account must not reset a guesser's
count). The counts live in the app's memory: one `scanner serve` process is one app.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from scanner.errors import ScannerError

MAX_TRACKED = 100_000  # keys remembered at once; beyond, the oldest go first


class TooManyLogins(ScannerError):
    """Too many failed logins for this account or from this address; try again later."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Busy(ScannerError):
    """The server is busy checking other passwords; try again in a moment."""

    http_status = 503


class LoginThrottle:
    """Failed-login counts and the hashing slots of one web app."""

    def __init__(
        self,
        attempts: int,
        window: float,
        hashing: int,
        clock: Callable[[], float],
        wait: float = 10.0,
    ) -> None:
        self.attempts = max(1, attempts)
        self.window = window
        self.clock = clock
        self.wait = wait
        self._slots = threading.BoundedSemaphore(max(1, hashing))
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def check(self, username: str, address: str) -> None:
        """TooManyLogins when the account or the address has used up its attempts."""
        now = self.clock()
        with self._lock:
            for key, what in ((f"user:{username}", "this account"), (f"addr:{address}", "")):
                times = self._recent(key, now)
                if len(times) >= self.attempts:
                    wait = max(1, int(times[0] + self.window - now) + 1)
                    who = what or "your address"
                    raise TooManyLogins(
                        f"too many failed logins for {who}; try again in "
                        f"{(wait + 59) // 60} minute(s)",
                        wait,
                    )

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (f"user:{username}", f"addr:{address}"):
                self._recent(key, now).append(now)
                self._failures[key] = self._failures.pop(key)  # most recent last
            while len(self._failures) > MAX_TRACKED:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{username}", None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    @contextmanager
    def hashing(self) -> Iterator[None]:
        """A slot to compute one password hash in; Busy when none frees within `wait`."""
        if not self._slots.acquire(timeout=self.wait):
            raise Busy("the server is busy checking other logins; try again in a moment")
        try:
            yield
        finally:
            self._slots.release()
