#!/usr/bin/env python3
"""Throughput of normalization and the strict scheme, beside unidecode on the same text, same run.

The text is >= 1 MB of Persian built from hazm's own word list (real words, with ZWNJ compounds,
Arabic letter forms, harakat, digits and punctuation sprinkled in), so the figures need no data
outside the installed packages. Also times `peyvand --help` (a fresh process) against a bare
`python -c pass` start.

Usage: python bench/bench_translit.py [MEGABYTES]
"""
from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path


def persian_text(megabytes: float, seed: int = 7) -> str:
    words = [line.split("\t", 1)[0] for line in
             (resources.files("hazm") / "data" / "words.dat").read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    extras = ["،", ".", "«", "»", "۱۳۹۴", "1394", "ي", "ك", "َ", "ِ", "های", "ها"]
    out, size = [], 0
    target = int(megabytes * 1_000_000)
    while size < target:
        w = rng.choice(words)
        r = rng.random()
        if r < 0.05:
            w = w + " " + rng.choice(extras)
        elif r < 0.10:
            w = w + "\u200c" + rng.choice(["ها", "های", "ای"])
        out.append(w)
        size += len(w) + 1
        if rng.random() < 0.08:
            out.append("\n")
    return " ".join(out)


def rate(fn, text: str, repeat: int = 3) -> float:
    """Best-of-N characters per second of fn(text)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t)
    return len(text) / best


def wall(cmd: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    from unidecode import unidecode

    import translit
    from translit.engine import char_code

    text = persian_text(megabytes)
    translit.normalize("گرم کردن")  # load hazm before timing
    code = char_code("strict")
    normalized = translit.normalize(text, keep_harakat=True)
    latin = code.encode(normalized)
    assert translit.persianize(latin, "strict") == normalized

    base = rate(unidecode, text)
    rows = [
        ("unidecode (baseline)", base),
        ("normalize", rate(translit.normalize, text)),
        ("romanize strict (incl. normalize)", rate(lambda s: translit.romanize(s, "strict"), text)),
        ("romanize strict (normalized input)", rate(code.encode, normalized)),
        ("persianize strict", rate(lambda s: translit.persianize(s, "strict"), latin)),
    ]
    print(f"text: {len(text):,} characters of Persian; Python {sys.version.split()[0]}")
    print(f"{'step':38s} {'M chars/s':>10s} {'x unidecode':>12s}")
    for name, r in rows:
        print(f"{name:38s} {r / 1e6:10.2f} {r / base:12.2f}")

    bindir = Path(sys.executable).parent
    py_start = wall([sys.executable, "-c", "pass"])
    help_wall = wall([str(bindir / "peyvand"), "--help"])
    print(f"python -c pass: {py_start * 1000:.0f} ms; peyvand --help: {help_wall * 1000:.0f} ms wall (median of 5)")


if __name__ == "__main__":
    main()
