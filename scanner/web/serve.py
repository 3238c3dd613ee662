"""Serving the app from one or several processes on one listening socket.

    serve(cfg, "127.0.0.1", 8000, workers=2)

With `workers` > 1 each worker process (forked before any model is loaded) runs its own uvicorn
server, its own app and its own store connection: SQLite in WAL mode lets readers in several
processes read while one writes. Each listens on its own socket bound to the one port
(SO_REUSEPORT), and the kernel spreads new connections evenly over them: with one shared
socket, whichever process woke first took them, and under eight kept-alive clients one of two
workers served 99% of the pages while the other idled. A worker that dies is not restarted (its
socket closes with it, so no connection is sent to it); Ctrl-C stops them all.
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


def bind_each(host: str, port: int, workers: int) -> list[socket.socket]:
    """One listening socket per worker, all on one port (SO_REUSEPORT: the kernel spreads new
    connections over them). The port is first bound alone, so that one in use is an error as
    with `bind`, never a port silently shared with whoever holds it; without SO_REUSEPORT (not
    Linux), one socket shared by all."""
    first = bind(host, port)
    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        return [first] * workers
    port = first.getsockname()[1]
    first.close()
    socks = []
    for _ in range(workers):
        sock = socket.socket(first.family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(True)
        socks.append(sock)
    return socks


def run_worker(cfg: Config, sock: socket.socket, others: tuple[socket.socket, ...] = ()) -> None:
    """One worker: the app over its own store connection, served on its socket (the `others`,
    its siblings' sockets inherited by the fork, are closed: a worker that dies must take
    its socket out of the port's group)."""
    import uvicorn

    from scanner.web import create_app

    for other in others:
        if other is not sock:
            other.close()

    app = create_app(cfg, Store.from_config(cfg.store))
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(cfg: Config, host: str, port: int, workers: int = 1) -> None:
    """Serve until interrupted, from `workers` processes (1: this process)."""
    if not 1 <= workers <= MAX_WORKERS:
        from scanner.errors import InputError

        raise InputError(f"--workers must be between 1 and {MAX_WORKERS}, not {workers}")
    if workers == 1:
        run_worker(cfg, bind(host, port))
        return
    socks = bind_each(host, port, workers)
    context = multiprocessing.get_context("fork")  # a POSIX server: inherited sockets
    procs = [context.Process(target=run_worker, args=(cfg, sock, tuple(socks))) for sock in socks]
    for proc in procs:
        proc.start()
    for sock in set(socks):  # the workers hold them now
        sock.close()
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
