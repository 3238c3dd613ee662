"""Load on the search page: 100,000 stored articles, uvicorn on loopback, a bounded
concurrent load generator; prints p50/p95 of server time (the app's Server-Timing header) and
of client latency, for the page's default hybrid mode and for lexical mode.

    python bench/web_search_load.py [--articles 100000] [--requests 400] [--concurrency 8]
        [--backends sqlite,postgresql] [--pg-url postgresql://…] [--workers 2]

The store is built once under --workdir and reused: synthetic French-health texts (Zipf over
a health vocabulary and filler words), one organisation mention and one theme each, their
stemmed copies for lexical search, and one synthetic unit vector per article in the FAISS index
(embedding 100,000 texts on 2 CPU cores is the embedding bench's business; the query itself
is embedded by the real model, so dense ranking costs what it costs, its order is meaningless).
Each request is a full page: hits, facet counts, rendering. With `--backends sqlite,postgresql`
the same load runs against each: the PostgreSQL store is the SQLite one copied by `scanner
migrate`'s code into --pg-url (default: a throw-away server, Debian's, as in the tests), so both
serve the same articles and the same index. Each request is a full page: hits, total, facet
counts, rendering. `--workers N` serves from N processes, each on its own socket of one port,
as `scanner serve --workers N` does.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import socket
import statistics
import sys
import time
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # pg_server: a throw-away PostgreSQL

import numpy as np  # noqa: E402

from scanner.config import Config, config_from_dict  # noqa: E402
from scanner.records import Article, Mention, ThemeScore  # noqa: E402
from scanner.store import Store  # noqa: E402

THEMES = ("therapies_innovantes", "bloc_operatoire", "sante_numerique", "prevention")
VOCAB = (  # noqa: SIM905 (prose is easier to edit than a list of words)
    "thérapie génique cellulaire robot chirurgical bloc opératoire télésurveillance données "
    "santé intelligence artificielle dispositif médical vaccin dépistage prévention hôpital "
    "start-up levée fonds millions euros Bpifrance Inserm France 2030 innovation essai "
    "clinique patients diagnostic imagerie organoïde microfluidique bioproduction usine "
    "antibiorésistance pandémie nutrition cancer diabète cardiologie médecin infirmier"
).split()
ORGS = ("Bpifrance", "Inserm", "AP-HP", "CEA", "Sanofi", "HAS", "ANSM", "Doctolib")
QUERIES = (
    "robot chirurgical",
    "thérapie génique",
    "télésurveillance",
    "vaccin",
    "dépistage cancer",
    "levée de fonds",
    "intelligence artificielle",
    "organoïde",
    "bioproduction",
    "diabète",
)


def build_store(path: Path, n: int) -> Store:
    """A store with `n` articles, one organisation mention and one theme score each."""
    store = Store.open(path)
    have = store.articles.count()
    if have >= n:
        return store
    rng = random.Random(1)
    # health words ranked among 5,000 filler words, Zipf-weighted like real text: a query
    # matches a few per cent of the articles, not all of them
    vocab = [
        "".join(rng.choices("bcdfglmnprstv", k=2) + rng.choices("aeiou", k=2)) + str(j)
        for j in range(5000)
    ]
    for i, word in enumerate(VOCAB):
        vocab.insert(100 + 40 * i, word)
    cum = list(accumulate(1 / (rank + 10) for rank in range(len(vocab))))
    day0 = date(2025, 1, 1)
    started = time.perf_counter()
    for batch in range(have, n, 5000):
        with store.db.transaction():  # one transaction per batch: the adds join it
            for i in range(batch, min(n, batch + 5000)):
                words = rng.choices(vocab, cum_weights=cum, k=rng.randint(120, 260))
                org = rng.choice(ORGS)
                text = f"{org} " + " ".join(words) + "."
                aid = f"s{i}"
                store.articles.add(
                    Article(
                        id=aid,
                        url=f"https://bench.test/{i}",
                        title=" ".join(words[:8]).capitalize(),
                        text=text,
                        content_hash=aid,
                        source_id=f"src{i % 12}",
                        lang="fr",
                        published=day0 + timedelta(days=i % 600),
                    )
                )
                start = len(" ".join(words[:8]).capitalize()) + 2
                store.mentions.replace_auto(
                    aid,
                    [
                        Mention(
                            kind="organisation",
                            start=start,
                            end=start + len(org),
                            text=org,
                            canonical=org,
                            confidence=rng.random(),
                        )
                    ],
                )
                store.themes.replace(aid, [ThemeScore(aid, rng.choice(THEMES), 0.7, True)])
        print(
            f"  stored {min(n, batch + 5000):>7} articles ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    return store


def prepare_search(cfg: Config, store: Store) -> None:
    """Stemmed copies (what the pipeline's processing leaves) and synthetic vectors, indexed."""
    from scanner.search.retrieval import update_lexical
    from scanner.vectors.index import index_info, rebuild_index

    started = time.perf_counter()
    stemmed = update_lexical(store)
    if stemmed:
        print(f"  stemmed {stemmed} articles ({time.perf_counter() - started:.0f} s)", flush=True)
    model, dim = cfg.embed.model, 384
    if store.vectors.count(model) < store.articles.count():
        rng = np.random.default_rng(3)
        rows = store.db.query("SELECT content_hash FROM articles ORDER BY num")
        for lo in range(0, len(rows), 5000):
            with store.db.transaction():
                for r in rows[lo : lo + 5000]:
                    v = rng.standard_normal((1, dim)).astype(np.float32)
                    store.vectors.put(r[0], model, v / np.linalg.norm(v))
        print(f"  {len(rows)} synthetic vectors ({time.perf_counter() - started:.0f} s)")
    if index_info(cfg, store).get("articles", 0) < store.articles.count():
        print(f"  {rebuild_index(cfg, store)} ({time.perf_counter() - started:.0f} s)")


def config(workdir: Path, url: str = "", cache: int | None = None) -> Config:
    taxonomy = {t: {"label": t, "description": t, "seeds": [t]} for t in THEMES}
    return config_from_dict(
        {
            "store": {"url": url or f"sqlite:///{workdir / 'bench.db'}"},
            "search": {} if cache is None else {"cache": cache},
            "index": {"path": str(workdir / "index")},
            "web": {"secret_file": str(workdir / "secret")},
            "output": {"dir": str(workdir / "out")},
            "taxonomy": taxonomy,
        }
    )


def serve(
    workdir: Path,
    sock: socket.socket,
    url: str,
    cache: int | None = None,
    others: tuple[socket.socket, ...] = (),
) -> None:
    """The server process: the app over the bench store, on an already bound socket (its
    siblings' sockets, `others`, closed here as `scanner serve` does)."""
    for other in others:
        if other is not sock:
            other.close()
    import uvicorn

    from scanner.search.hybrid import search_page
    from scanner.web import create_app

    cfg = config(workdir, url, cache)
    store = Store.from_config(cfg.store)
    # load the query model, the index and the lexicon here, before serving: the HTTP warm-up
    # cannot choose which process answers, and a process that first met a hybrid query in
    # the measured run counted seconds of model loading as page time (a query of its own:
    # no result the measured pages ask for is computed in advance)
    search_page(cfg, store, "échauffement du serveur")
    app = create_app(cfg, store)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


async def load(
    url: str, mode: str, requests: int, concurrency: int, fresh: bool = False
) -> tuple[list[float], list[float], int]:
    """`requests` GETs of the search page, at most `concurrency` in flight; then stop. A third
    filter by theme, a fifth ask for page 2. `fresh`: a new connection per page, else kept
    alive (then the kernel's choice of a process for each of `concurrency` connections
    decides how the pages are shared among the server processes, run by run)."""
    import httpx

    rng = random.Random(7)
    gate = asyncio.Semaphore(concurrency)
    server_ms: list[float] = []
    client_ms: list[float] = []
    errors = 0

    async def one(client: httpx.AsyncClient, i: int) -> None:
        nonlocal errors
        params: dict[str, str] = {"q": rng.choice(QUERIES), "mode": mode}
        if i % 3 == 0:
            params["theme"] = rng.choice(THEMES)
        if i % 5 == 0:
            params["page"] = "2"
        async with gate:
            t0 = time.perf_counter()
            r = await client.get(url + "/", params=params)
            client_ms.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            errors += 1
        found = re.search(r"dur=([\d.]+)", r.headers.get("server-timing", ""))
        if found:
            server_ms.append(float(found[1]))

    limits = httpx.Limits(max_keepalive_connections=0 if fresh else concurrency)
    async with httpx.AsyncClient(timeout=900, limits=limits) as client:
        # warm up every server process: the query model, the index, the query-vector cache
        warm = [client.get(url + "/", params={"q": q, "mode": mode}) for q in QUERIES * 3]
        await asyncio.gather(*warm)
        await asyncio.gather(*(one(client, i) for i in range(requests)))
    return server_ms, client_ms, errors


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="per mode")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--modes", default="hybrid,lexical")
    parser.add_argument("--backends", default="sqlite", help="sqlite, postgresql or both")
    parser.add_argument("--pg-url", default="", help="an empty PostgreSQL database")
    parser.add_argument("--workdir", type=Path, default=ROOT / "data" / "bench-web")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument(
        "--fresh-connections", action="store_true",
        help="a new connection per page (as many readers' browsers would be), not kept-alive ones",
    )  # fmt: skip
    parser.add_argument(
        "--cache", type=int, default=None,
        help="[search].cache of the servers (0: every page ranks afresh; default: the config's)",
    )  # fmt: skip
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    cfg = config(args.workdir)
    print(f"store: {args.articles} articles in {cfg.store.url}")
    store = build_store(Path(cfg.store.sqlite_path or ""), args.articles)
    prepare_search(cfg, store)
    pg_server = None
    try:
        for backend in args.backends.split(","):
            url = cfg.store.url
            if backend == "postgresql":
                if not args.pg_url:
                    from pg_server import PgServer, find_bin

                    pg_server = PgServer(find_bin() or Path("/usr/lib/postgresql/15/bin")).start()
                    args.pg_url = pg_server.url()
                url = copied(store, args.pg_url)
            run_load(args, url, backend)
    finally:
        store.close()
        if pg_server is not None:
            pg_server.close()


def copied(store: Store, url: str) -> str:
    """`url`, holding a copy of the bench store (made once)."""
    from scanner.store.copy import copy_store

    with Store.open(url) as target:
        have = target.articles.count()
    if have != store.articles.count():
        started = time.perf_counter()
        report = copy_store(store, url)
        print(f"  copied to {url.split('@')[-1]}: {sum(report.rows.values())} rows "
              f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
    return url


def run_load(args: argparse.Namespace, url: str, backend: str) -> None:
    from scanner.web.serve import bind_each

    socks = bind_each("127.0.0.1", 0, max(1, args.workers))
    base = f"http://127.0.0.1:{socks[0].getsockname()[1]}"
    servers = [
        multiprocessing.get_context("fork").Process(
            target=serve, args=(args.workdir, sock, url, args.cache, tuple(socks)), daemon=True
        )
        for sock in socks
    ]
    for server in servers:
        server.start()
    for sock in set(socks):  # the servers hold them now
        sock.close()
    print(f"{len(servers)} server process(es)")
    try:
        import httpx

        for _ in range(300):  # wait for the server to answer
            try:
                httpx.get(base + "/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        for mode in args.modes.split(","):
            # warm every worker up first (models, caches): the CPU counted is the pages'
            asyncio.run(load(base, mode, 0, args.concurrency))
            before = [cpu_seconds(s.pid) for s in servers]
            cpu0 = sum(before)
            client0 = time.process_time()  # this process: the load generator
            t0 = time.perf_counter()
            server_ms, client_ms, errors = asyncio.run(
                load(base, mode, args.requests, args.concurrency, args.fresh_connections)
            )
            wall = time.perf_counter() - t0
            tag = f"{backend} {mode}"
            per_server = [cpu_seconds(s.pid) for s in servers]
            cpu = sum(per_server) - cpu0
            client = time.process_time() - client0
            print(
                f"[{tag}] {args.requests} search pages, {args.concurrency} concurrent, "
                f"{wall:.1f} s ({args.requests / wall:.1f} pages/s), {errors} error(s)"
            )
            print(
                f"[{tag}] server time  p50 {pct(server_ms, 50):7.1f} ms   "
                f"p95 {pct(server_ms, 95):7.1f} ms"
            )
            print(
                f"[{tag}] client time  p50 {pct(client_ms, 50):7.1f} ms   "
                f"p95 {pct(client_ms, 95):7.1f} ms"
            )
            print(
                f"[{tag}] server CPU {1000 * cpu / args.requests:.1f} ms per page (load "
                f"generator {1000 * client / args.requests:.1f} ms); machine load average "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
            )
            # the kernel hands each new connection to whichever process accepts it first: with
            # kept-alive connections one process may serve most pages while the other idles
            shares = [(b - a) / cpu if cpu else 0 for a, b in zip(before, per_server, strict=True)]
            print(f"[{tag}] share of server CPU per process: "
                  + " / ".join(f"{100 * x:.0f}%" for x in shares))  # fmt: skip
    finally:
        for server in servers:
            server.terminate()  # uvicorn finishes in-flight pages first
        for server in servers:
            server.join(10)
            if server.is_alive():
                server.kill()
                server.join()


if __name__ == "__main__":
    main()
