#!/usr/bin/env python3
"""Speed and memory of the vowelled romanizer, next to unidecode on the same words in the same run.

Prints: lexicon load time (cold = rebuilding the cache from lexicon.db, warm = from the cache, each in
a fresh process), romanization rate cold (first sight of each word: eSpeak + alignment) and warm
(cached words), unidecode's rate, and peak RSS. Targets: warm >= 50,000 words/s, lexicon load <= 0.5 s,
peak RSS <= 300 MB.

Words come from the Wiktionary development pairs in ../shared when present, else from the lexicon.
Usage: python bench/bench_romanize.py [--words N] [--scheme citation]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "wiktionary-fa-roman.dev.tsv"

LOAD = "import time; t = time.perf_counter(); from translit.pronunciation.lexicon import lexicon; lexicon(); print(time.perf_counter() - t)"


def _load_time(env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", LOAD], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def _words(n: int) -> list[str]:
    words: list[str] = []
    if SHARED.is_file():
        for line in SHARED.read_text(encoding="utf-8").splitlines()[1:]:
            words.extend(line.split("\t")[0].split(" "))
    if len(words) < n:
        from translit.pronunciation.lexicon import lexicon

        words.extend(list(lexicon())[: n - len(words)])
    seen = list(dict.fromkeys(words))
    return seen[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--scheme", default="citation")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=tmp)
        cold_load = _load_time(env)
        warm_load = min(_load_time(env) for _ in range(3))
    print(f"lexicon load: cold (build cache) {cold_load:.3f} s, warm (from cache) {warm_load:.3f} s  [target <= 0.5 s]")

    sys.path.insert(0, str(ROOT))
    from translit.vowelled import romanize_vowelled, romanize_word

    words = _words(args.words)
    text_words = [w for w in words if w]
    t = time.perf_counter()
    for w in text_words:
        romanize_word(w, args.scheme)
    cold = len(text_words) / (time.perf_counter() - t)
    reps = 5
    t = time.perf_counter()
    for _ in range(reps):
        for w in text_words:
            romanize_word(w, args.scheme)
    warm = reps * len(text_words) / (time.perf_counter() - t)
    for w in text_words:  # fill the text-level cache first: this figure is the warm one
        romanize_vowelled(w, args.scheme)
    t = time.perf_counter()
    for _ in range(reps):
        for w in text_words:
            romanize_vowelled(w, args.scheme)
    warm_text = reps * len(text_words) / (time.perf_counter() - t)
    print(f"romanize ({args.scheme}, {len(text_words)} distinct words): cold {cold:,.0f} words/s, "
          f"warm {warm:,.0f} words/s per word (romanize_word), {warm_text:,.0f} words/s through "
          f"romanize_vowelled  [target warm >= 50,000]")
    sample = text_words[: min(2000, len(text_words))]
    from translit.vowelled import _romanize_text

    t = time.perf_counter()
    for w in sample:
        _romanize_text.__wrapped__(w, args.scheme, False)
    uncached = len(sample) / (time.perf_counter() - t)
    print(f"romanize_vowelled without its text cache (normalization + ezafe each call, words cached): "
          f"{uncached:,.0f} words/s")
    try:
        from unidecode import unidecode

        t = time.perf_counter()
        for _ in range(reps):
            for w in text_words:
                unidecode(w)
        uni = reps * len(text_words) / (time.perf_counter() - t)
        print(f"unidecode on the same words: {uni:,.0f} words/s (no vowels, no ezafe: a speed anchor only); "
              f"romanize new words {cold / uni:.3f}x, repeated {warm_text / uni:.2f}x unidecode")
    except ImportError:
        print("unidecode not installed")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss_mb:.0f} MB  [target <= 300 MB]")


if __name__ == "__main__":
    main()
