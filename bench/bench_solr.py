#!/usr/bin/env python3
"""The Solr engine beside the Whoosh engine: the same synthetic references (bench_search.py's, made
from ../shared's Wiktionary pairs) and the same queries, on this machine, in one run.

For each size (default 100k) it prints, per engine:
  - references added per second (Solr with 1 and with 2 analysis worker processes),
  - warm search latency p50 / p95 for 1-4 word queries, Persian script and romanized,
  - queries per second with 4 concurrent clients (4 processes, each with its own Library, each
    sending as many queries as the latency run: a few seconds of load are too noisy to compare).
Searches on Solr start once its background merges after the add have settled (the wait is printed);
Whoosh merges within its commit.
Each build and each client runs in its own process; each Solr collection is deleted once measured. Needs a running SolrCloud: --engine URL, else
$PEYVAND_ENGINE (solr/cluster.sh start prints one). Run it under the CPU lock.

Usage: bench_solr.py [SIZE ...] [--queries N] [--engine solr://...] [--shards N]
       (--shards: the Solr collections' shards, each with 2 replicas; default: the first add's
       layout, 2 shards)
       (targets at 1M: Solr add >= 3,000 refs/s with 2 workers, p95 <= 50 ms, 4-client
       throughput >= 2x Whoosh's)
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_search as bs  # noqa: E402  (the one generator of synthetic references and queries)

CLIENTS = 4


def build(engine: str, path: str, n: int, workers: int, shards: int = 0) -> dict:
    from index.library import Library
    from index.reference import Reference

    refs = [Reference.from_dict(r) for r in bs.make_refs(n)]
    if shards and engine.startswith("solr"):      # else the first add's default layout
        from index import solr
        from index.engine import collection_name, parse

        solr.ensure_collection(solr.SolrClient(parse(engine)), collection_name(Path(path)), shards)
    t = time.perf_counter()
    lib = Library.open(path, engine=engine)
    summary = lib.add(refs, workers=workers)
    lib.close()
    return {"seconds": time.perf_counter() - t, "added": summary.added}


def _drop(engine: str, path: str) -> None:
    from index import solr
    from index.engine import collection_name, parse

    solr.drop_collection(solr.SolrClient(parse(engine)), collection_name(Path(path)))


def _segments(engine: str, collection: str) -> tuple[int, int]:
    """The segments and bytes of ``collection``'s replicas on every node the engine URL lists."""
    from index.engine import parse
    from index.solr import replica_indexes

    indexes = replica_indexes(parse(engine).bases, collection, timeout=10)
    return (sum(int(ix.get("segmentCount", 0)) for ix in indexes),
            sum(int(ix.get("sizeInBytes", 0)) for ix in indexes))


def settle(engine: str, path: str, quiet: float = 20.0, limit: float = 900.0) -> float:
    """Wait until Solr's background merges after the add are over (the replicas' segments and
    bytes unchanged for ``quiet`` seconds); the seconds waited. A catalogue is searched in that
    state; right after a bulk add, merges still share the two cores with the searches."""
    from index.engine import collection_name

    name = collection_name(Path(path))
    t = time.perf_counter()
    last, since = _segments(engine, name), time.perf_counter()
    while time.perf_counter() - since < quiet and time.perf_counter() - t < limit:
        time.sleep(2)
        now = _segments(engine, name)
        if now != last:
            last, since = now, time.perf_counter()
    return time.perf_counter() - t - quiet


def latency(engine: str, path: str, nq: int) -> dict:
    from index.library import Library

    lib = Library.open(path, create=False, engine=engine)
    for _, q in bs.make_queries(30, seed=99):
        lib.search(q)
    out: dict[str, list[float]] = {"persian": [], "latin": []}
    for kind, q in bs.make_queries(nq):
        t = time.perf_counter()
        lib.search(q, 10)
        out[kind].append(1000 * (time.perf_counter() - t))
    return {k: bs._percentiles(v) for k, v in out.items()}


def client(engine: str, path: str, k: int, nq: int) -> dict:
    """One of the concurrent clients: its own queries, after a warm-up; waits for a start time."""
    from index.library import Library

    lib = Library.open(path, create=False, engine=engine)
    for _, q in bs.make_queries(20, seed=99):
        lib.search(q)
    qs = [q for _, q in bs.make_queries(nq, seed=1000 + k)]
    start = float(os.environ["BENCH_START"])
    while time.time() < start:
        time.sleep(0.005)
    t = time.perf_counter()
    for q in qs:
        lib.search(q, 10)
    return {"seconds": time.perf_counter() - t, "queries": len(qs)}


def _run(args: list[str], env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "--worker", *args], stdout=subprocess.PIPE,
                            text=True, env=env)


def _result(p: subprocess.Popen) -> dict:
    out, _ = p.communicate()
    if p.returncode:
        raise SystemExit(f"worker failed ({p.returncode})")
    return json.loads(out.strip().splitlines()[-1])


def throughput(engine: str, path: str, nq: int) -> float:
    env = dict(os.environ, BENCH_START=str(time.time() + 20))   # all warm before the start
    procs = [_run(["client", engine, path, str(k), str(nq)], env) for k in range(CLIENTS)]
    rs = [_result(p) for p in procs]
    return sum(r["queries"] for r in rs) / max(r["seconds"] for r in rs)


def main() -> None:
    if not bs.PAIRS.exists():
        print(f"skipped: {bs.PAIRS} not found (the shared data is not part of the repository)")
        return
    args = sys.argv[1:]
    opts = {"--queries": "400", "--engine": os.environ.get("PEYVAND_ENGINE", ""), "--shards": "0"}
    for name in list(opts):
        if name in args:
            i = args.index(name)
            opts[name] = args[i + 1]
            del args[i:i + 2]
    solr, nq, shards = opts["--engine"], int(opts["--queries"]), opts["--shards"]
    if not solr.startswith("solr"):
        raise SystemExit("give a Solr engine: --engine solr://HOST:PORT/solr or $PEYVAND_ENGINE")
    sizes = [int(a) for a in args] or [100_000]
    tmp = Path(tempfile.mkdtemp(prefix="pv-bench-solr-"))
    tag = uuid.uuid4().hex[:6]
    print(f"{sys.version.split()[0]}, {os.cpu_count()} cores; {nq} queries (1-4 words, half Persian "
          f"script, half romanized), latencies warm in ms; {CLIENTS} clients x {nq} queries; "
          f"Solr collections of {shards if shards != '0' else 'the default'} shards x 2 replicas")
    try:
        for n in sizes:
            print(f"\n== {n:,} references ==")
            # searches once per engine (the two Solr collections are alike); the runs that matter
            # most for the targets first, so that a run cut short still has them
            runs = [("solr, 2 workers", solr, str(tmp / f"bench-{tag}-{n}-2w"), 2, True),
                    ("whoosh", "whoosh", str(tmp / f"w{n}"), 1, True),
                    ("solr, 1 worker", solr, str(tmp / f"bench-{tag}-{n}-1w"), 1, False)]
            for label, engine, path, workers, searches in runs:
                built = _result(_run(["build", engine, path, str(n), str(workers), shards]))
                line = f"{label:16s} add {n / built['seconds']:7.0f} refs/s ({built['seconds']:.1f} s)"
                if searches and engine.startswith("solr"):
                    line += f" | merges settled {settle(engine, path):.0f} s later"
                if searches:
                    lat = _result(_run(["latency", engine, path, str(nq)]))
                    qps = throughput(engine, path, nq)
                    line += (f" | p50/p95 Persian {lat['persian'][0]:.1f}/{lat['persian'][1]:.1f}, "
                             f"romanized {lat['latin'][0]:.1f}/{lat['latin'][1]:.1f}"
                             f" | {CLIENTS} clients {qps:.0f} queries/s")
                print(line, flush=True)
                if engine.startswith("solr"):
                    # a collection searched no more leaves the JVM's heap to the next ones
                    _drop(engine, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        kind, engine, path = sys.argv[2], sys.argv[3], sys.argv[4]
        if kind == "build":
            r = build(engine, path, int(sys.argv[5]), int(sys.argv[6]),
                      int(sys.argv[7]) if len(sys.argv) > 7 else 0)
        elif kind == "latency":
            r = latency(engine, path, int(sys.argv[5]))
        else:
            r = client(engine, path, int(sys.argv[5]), int(sys.argv[6]))
        print(json.dumps(r))
    else:
        main()
