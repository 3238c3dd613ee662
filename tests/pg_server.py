"""A real, throw-away PostgreSQL server for the tests: Debian's binaries, a cluster in a
temporary folder, started once per test session and stopped at its end.

PostgreSQL refuses to run as root, and the sessions and CI run as root: the cluster then runs
as `nobody` (through `runuser`), in a folder that user owns. Tests reach it over TCP on
127.0.0.1 with a password (scram-sha-256), as a client on another machine would. Each test
gets a schema of its own in one database (`schema()`), created and dropped in milliseconds.

`make test` and CI install Debian's `postgresql` when it is missing; elsewhere the tests that
need it are skipped with the reason, unless SCANNER_TEST_POSTGRESQL=required (CI) makes a
missing server a failure.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "scanner"
DATABASE = "scanner_test"
REQUIRED_ENV = "SCANNER_TEST_POSTGRESQL"


def find_bin() -> Path | None:
    """The newest Debian PostgreSQL bin folder holding initdb (or $SCANNER_PG_BIN)."""
    if os.environ.get("SCANNER_PG_BIN"):
        return Path(os.environ["SCANNER_PG_BIN"])
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One PostgreSQL cluster in a temporary folder."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="scanner-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.password = secrets.token_hex(12)
        self.port = _free_port()
        self._as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        self._schemas = 0
        self._starting: threading.Thread | None = None

    # -- life cycle ------------------------------------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self._as, *args], capture_output=True, text=True, check=check, cwd=self.root
        )

    def start(self) -> PgServer:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self._as:
            shutil.chown(self.root, "nobody")
            shutil.chown(pwfile, "nobody")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "--pwfile", str(pwfile),
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        pwfile.unlink()
        self._pg_ctl("start")
        self.sql(f"CREATE DATABASE {DATABASE}")
        return self

    def _pg_ctl(self, action: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=300 -c shared_buffers=64MB"
        )
        args = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w"]
        if action == "start":
            args += ["-o", options, "start"]
        else:
            args += ["-m", "fast", action]
        done = self._run(*args, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl {action} failed: {done.stderr or done.stdout}\n{log}")

    def stop(self) -> None:
        """Stop the server (in-flight connections are cut, as when a server goes away)."""
        self._pg_ctl("stop")

    def start_after(self, seconds: float) -> None:
        """Start the (stopped) server again in the background after `seconds`."""
        import time

        def later() -> None:
            time.sleep(seconds)
            self._pg_ctl("start")

        self._starting = threading.Thread(target=later, daemon=True)
        self._starting.start()

    def restart_after(self, seconds: float) -> None:
        """Stop now, start again after `seconds` (an outage)."""
        self.stop()
        self.start_after(seconds)

    def wait_started(self) -> None:
        if self._starting is not None:
            self._starting.join(60)
            self._starting = None

    def close(self) -> None:
        try:
            self.wait_started()
            if (self.data / "postmaster.pid").exists():
                self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- use ---------------------------------------------------------------------------------------
    def url(self, database: str = DATABASE, password: str | None = None) -> str:
        return f"postgresql://{USER}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser (autocommit: CREATE DATABASE needs it)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    @contextmanager
    def schema(self, name: str | None = None) -> Iterator[str]:
        """A store URL whose tables live in a fresh schema of their own (dropped afterwards)."""
        from scanner.store.postgres import create_schema, drop_schema, with_schema

        self._schemas += 1
        schema = name or f"t{os.getpid()}_{self._schemas}"
        create_schema(self.url(), schema)
        try:
            yield with_schema(self.url(), schema)
        finally:
            drop_schema(self.url(), schema)


@contextmanager
def postgresql_url(given: str = "") -> Iterator[str]:
    """`given` when a benchmark was handed a server's URL, else a throw-away server's for the
    time of the block (stopped and removed after it)."""
    if given:
        yield given
        return
    found = find_bin()
    if found is None:
        raise SystemExit("no PostgreSQL: apt-get install postgresql, or pass --pg-url")
    server = PgServer(found).start()
    try:
        yield server.url()
    finally:
        server.close()
