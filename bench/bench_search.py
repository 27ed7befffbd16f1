#!/usr/bin/env python3
"""Indexing and search speed of peyvand's index beside plain Whoosh, on synthetic bibliographies.

References are made at run time from real Persian words with their romanizations (the Wiktionary
dev pairs in ../shared/data, which are not part of the repository): half the titles in Persian
script, half romanized in the seed's citation style. For each size (default 10k and 100k) it prints:

  - references added per second and the peak RSS of the process that built the index,
  - warm search latency p50 / p95 for 1-4 word queries, Persian-script and romanized,
  - the wall time of one `peyvand search` command on the index (start-up included),

for peyvand and, on the same data in the same run, for plain Whoosh (StandardAnalyzer, title and
authors, one TEXT field). Each build runs in its own process so that its peak RSS is its own.

Usage: bench_search.py [SIZE ...] [--queries N]      (targets: add >= 1000 refs/s at 100k,
       peak RSS <= 1 GB, search p50 <= 20 ms and p95 <= 100 ms warm, one-shot search <= 1.5 s)
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# every run starts from nothing remembered: no Latin -> Persian rankings from earlier runs
os.environ["PEYVAND_PERSIANIZE_MEMO"] = "0"
REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
PAIRS = SHARED / "data" / "wiktionary-fa-roman.dev.tsv"
sys.path.insert(0, str(REPO))

# Wiktionary's Iranian scheme -> the seed's citation habits (ā, sh, kh, gh, ezafe -e/-ye)
_CITATION = [("â", "ā"), ("š", "sh"), ("č", "ch"), ("ž", "zh"), ("x", "kh"), ("ğ", "gh"), ("q", "gh"),
             ("'", "‘")]


def citation(word: str) -> str:
    for a, b in _CITATION:
        word = word.replace(a, b)
    return word


def ascii_form(word: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFD", citation(word))
    return "".join(c for c in s if not unicodedata.combining(c)).replace("‘", "")


def load_pairs() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for line in PAIRS.read_text(encoding="utf-8").splitlines()[1:]:
        fa, la = line.split("\t")
        if " " in fa or " " in la or "-" in la or "\u200c" in fa or "'" in la:
            continue
        seen.setdefault(fa, la)
    return list(seen.items())


def make_refs(n: int, seed: int = 7) -> list[dict]:
    """``n`` references as plain dicts; titles draw words Zipf-like so common words repeat."""
    rng = random.Random(seed)
    pairs = load_pairs()
    rng.shuffle(pairs)
    weights = [1.0 / (i + 10) for i in range(len(pairs))]
    refs = []
    for i in range(n):
        ws = rng.choices(pairs, weights=weights, k=rng.randint(3, 8))
        name = rng.choice(pairs)
        if i % 2 == 0:
            title, author = " ".join(fa for fa, _ in ws), f"{name[0]}, ع."
        else:
            parts = [citation(la) + ("-ye" if k < len(ws) - 1 and rng.random() < 0.4 and la[-1] in "aeiouâ"
                                     else "-e" if k < len(ws) - 1 and rng.random() < 0.4 else "")
                     for k, (_, la) in enumerate(ws)]
            title, author = " ".join(parts).capitalize(), f"{citation(name[1]).capitalize()}, A."
        refs.append({"id": f"b{i:07d}", "title": title, "authors": [author], "year": str(1990 + i % 35),
                     "language": "fa"})
    return refs


def make_queries(n: int, seed: int = 11) -> list[tuple[str, str]]:
    """(kind, query) pairs: 1-4 words, Persian script or romanized (citation or plain ASCII)."""
    rng = random.Random(seed)
    pairs = load_pairs()
    weights = [1.0 / (i + 10) for i in range(len(pairs))]
    rng.shuffle(pairs)
    out = []
    for i in range(n):
        ws = rng.choices(pairs, weights=weights, k=rng.randint(1, 4))
        if i % 2 == 0:
            out.append(("persian", " ".join(fa for fa, _ in ws)))
        else:
            conv = citation if i % 4 == 1 else ascii_form
            out.append(("latin", " ".join(conv(la) for _, la in ws)))
    return out


# ---- workers (each runs in its own process) ----------------------------------------------------

def build_peyvand(path: str, n: int) -> dict:
    from index.library import Library
    from index.reference import Reference

    refs = [Reference.from_dict(r) for r in make_refs(n)]
    t = time.perf_counter()
    lib = Library.open(path)
    summary = lib.add(refs)
    lib.close()
    return {"seconds": time.perf_counter() - t, "added": summary.added}


def _plain_schema():
    from whoosh import fields
    from whoosh.analysis import StandardAnalyzer
    return fields.Schema(id=fields.ID(stored=True, unique=True),
                         text=fields.TEXT(analyzer=StandardAnalyzer()))


def build_plain(path: str, n: int) -> dict:
    from whoosh import index as wix

    refs = make_refs(n)
    t = time.perf_counter()
    os.makedirs(path, exist_ok=True)
    ix = wix.create_in(path, _plain_schema())
    w = ix.writer(procs=1, limitmb=256)
    for r in refs:
        w.add_document(id=r["id"], text=" ".join([r["title"], *r["authors"]]))
    w.commit()
    return {"seconds": time.perf_counter() - t, "added": len(refs)}


def _percentiles(ms: list[float]) -> tuple[float, float]:
    ms = sorted(ms)
    return ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.95))]


def search_peyvand(path: str, nq: int) -> dict:
    from index.library import Library

    lib = Library.open(path, create=False)
    qs = make_queries(nq)
    for _, q in make_queries(30, seed=99):   # warm: lexicons, caches, index files
        lib.search(q)
    out: dict[str, list[float]] = {"persian": [], "latin": []}
    for kind, q in qs:
        t = time.perf_counter()
        lib.search(q, 10)
        out[kind].append(1000 * (time.perf_counter() - t))
    return {k: _percentiles(v) for k, v in out.items()}


def search_plain(path: str, nq: int) -> dict:
    from whoosh import index as wix
    from whoosh.qparser import OrGroup, QueryParser

    ix = wix.open_dir(path)
    s = ix.searcher()
    qp = QueryParser("text", ix.schema, group=OrGroup)
    out: dict[str, list[float]] = {"persian": [], "latin": []}
    for _, q in make_queries(30, seed=99):
        s.search(qp.parse(q), limit=10)
    for kind, q in make_queries(nq):
        t = time.perf_counter()
        [h["id"] for h in s.search(qp.parse(q), limit=10)]
        out[kind].append(1000 * (time.perf_counter() - t))
    return {k: _percentiles(v) for k, v in out.items()}


WORKERS = {"build-peyvand": build_peyvand, "build-plain": build_plain,
           "search-peyvand": search_peyvand, "search-plain": search_plain}


def run_worker(name: str, path: str, n: int) -> tuple[dict, float]:
    """Run one worker in a child process: (its JSON result, its peak RSS in MB)."""
    proc = subprocess.Popen([sys.executable, __file__, "--worker", name, path, str(n)],
                            stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"worker {name} failed ({proc.returncode})")
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def peyvand_command() -> str | None:
    here = Path(sys.executable).parent / "peyvand"
    return str(here) if here.exists() else shutil.which("peyvand")


def main() -> None:
    if not PAIRS.exists():
        print(f"skipped: {PAIRS} not found (the shared data is not part of the repository)")
        return
    args = sys.argv[1:]
    nq = 400
    if "--queries" in args:
        i = args.index("--queries")
        nq = int(args[i + 1])
        del args[i:i + 2]
    sizes = [int(a) for a in args] or [10_000, 100_000]
    tmp = Path(tempfile.mkdtemp(prefix="pv-bench-"))
    print(f"{sys.version.split()[0]}, {os.cpu_count()} cores; queries per size: {nq} (1-4 words, half "
          "Persian script, half romanized); latencies warm, in ms")
    try:
        for n in sizes:
            print(f"\n== {n:,} references ==")
            for system in ("peyvand", "plain"):
                path = str(tmp / f"{system}-{n}")
                built, rss = run_worker(f"build-{system}", path, n)
                lat, _ = run_worker(f"search-{system}", path, nq)
                size = sum(f.stat().st_size for f in Path(path).iterdir()) / 1e6
                label = "peyvand" if system == "peyvand" else "plain Whoosh"
                print(f"{label:13s} add {n / built['seconds']:7.0f} refs/s ({built['seconds']:.1f} s), "
                      f"peak RSS {rss:5.0f} MB, index {size:5.1f} MB | search p50/p95: "
                      f"Persian {lat['persian'][0]:.1f}/{lat['persian'][1]:.1f}, "
                      f"romanized {lat['latin'][0]:.1f}/{lat['latin'][1]:.1f}")
            cmd = peyvand_command()
            if cmd:
                q = make_queries(1, seed=5)[0][1]
                t = time.perf_counter()
                subprocess.run([cmd, "search", q, "--json", "--index", str(tmp / f"peyvand-{n}")],
                               check=True, capture_output=True)
                print(f"one-shot `peyvand search` wall time: {time.perf_counter() - t:.2f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        name, path, n = sys.argv[2], sys.argv[3], int(sys.argv[4])
        print(json.dumps(WORKERS[name](path, n)))
    else:
        main()
