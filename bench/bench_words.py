#!/usr/bin/env python3
"""Both directions of vowelled transliteration in one run: romanize (Persian -> Latin, lexicon and
eSpeak NG) and persianize (Latin -> Persian, word list and letter model), each in its own process so
that each peak RSS is its own, each beside unidecode on the same words.

Prints what bench_romanize.py and bench_persianize.py print: load time, words/s for words met for the
first time and for repeated words, unidecode's rate and the ratios, peak RSS.
Targets (issue 3): romanize >= 50,000 words/s, persianize >= 10,000 words/s, load <= 0.5 s,
RSS <= 300 MB. Usage: python bench/bench_words.py
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for script, args in (("bench_romanize.py", []), ("bench_persianize.py", ["2000"])):
        print(f"\n== {script} ==", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *args], check=True)


if __name__ == "__main__":
    main()
