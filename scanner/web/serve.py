"""Serving the app from one or several processes on one listening socket.

    serve(cfg, "127.0.0.1", 8000, workers=2)

With `workers` > 1 the socket is bound once and each worker process (forked before any model
is loaded) runs its own uvicorn server, its own app and its own store connection over it: SQLite
in WAL mode lets readers in several processes read while one writes, and the kernel hands each
new connection to an idle worker. A worker that dies is not restarted; Ctrl-C stops them all.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket

from scanner.config import Config
from scanner.store import Store

MAX_WORKERS = 32


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (IPv6 when the host is an IPv6 address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def run_worker(cfg: Config, sock: socket.socket) -> None:
    """One worker: the app over its own store connection, served on the shared socket."""
    import uvicorn

    from scanner.web import create_app

    app = create_app(cfg, Store.from_config(cfg.store))
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(cfg: Config, host: str, port: int, workers: int = 1) -> None:
    """Serve until interrupted, from `workers` processes (1: this process)."""
    if not 1 <= workers <= MAX_WORKERS:
        from scanner.errors import InputError

        raise InputError(f"--workers must be between 1 and {MAX_WORKERS}, not {workers}")
    sock = bind(host, port)
    if workers == 1:
        run_worker(cfg, sock)
        return
    context = multiprocessing.get_context("fork")  # a POSIX server: workers share the socket
    procs = [context.Process(target=run_worker, args=(cfg, sock)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    # a service manager stops us with SIGTERM: stop the workers too, never orphan them
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        for proc in procs:
            proc.join()
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            if proc.is_alive() and proc.pid:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGINT)  # uvicorn finishes in-flight requests
        for proc in procs:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
        sock.close()
