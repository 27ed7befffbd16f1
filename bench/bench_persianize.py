"""Latin -> Persian speed: load time, warm words/s (against unidecode on the same words), peak RSS.

Words: the romanized words of the Wiktionary pairs in ../shared (citation style and ASCII), or, when
../shared is absent, the romanized title words of examples/references.txt. "Cold" words are each
spelled once, after load, each new to the process (distinct words: how the library meets a new
title); "repeated" spells the same words again (cache hits, as in real text where words recur). The
first word pays for starting the romanizer (eSpeak), which rescoring uses.
Usage: python bench/bench_persianize.py [N_WORDS]
"""
from __future__ import annotations

import os
import re
import resource
import sys
import time
from pathlib import Path

# new words must be new: no rankings remembered from earlier runs (translit.latin.memo)
os.environ["PEYVAND_PERSIANIZE_MEMO"] = "0"

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _words(limit: int) -> list[str]:
    data = SHARED / "data" / "wiktionary-fa-roman.dev.tsv"
    if data.is_file():
        sys.path.insert(0, str(SHARED / "tools"))
        from eval_translit import to_ascii, to_citation

        rows = [r.split("\t") for r in data.read_text(encoding="utf-8").splitlines()[1:]]
        las = [la for _, la in rows if " " not in la and "-" not in la]
        words = [f(la) for la in las for f in (to_citation, to_ascii)]
    else:
        text = (REPO / "examples" / "references.txt").read_text(encoding="utf-8")
        words = re.findall(r"[^\W\d_][\w‘’ʹ\-]*", text)
    return list(dict.fromkeys(words))[:limit]


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    words = _words(limit)
    # the word list is built once per installation and cached; build it in another process so that
    # this one measures loading it, and its peak RSS is not the build's
    import subprocess

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from translit.latin.wordlist import wordlist; wordlist()"],
                   cwd=REPO, check=True)
    ensure = time.perf_counter() - t0
    t0 = time.perf_counter()
    import importlib

    pz = importlib.import_module("translit.latin.backtranslit")
    text = importlib.import_module("translit.latin.latin_text")

    pz._model()
    load = time.perf_counter() - t0
    t = time.perf_counter()
    text.persianize_text("ketāb")
    pz._synth_pron("کتاب")  # the romanizer starts on the first word that needs rescoring
    first = time.perf_counter() - t

    t = time.perf_counter()
    for w in words:
        text.persianize_text(w)
    cold = len(words) / (time.perf_counter() - t)

    t = time.perf_counter()
    for _ in range(3):
        for w in words:
            text.persianize_text(w)
    warm = 3 * len(words) / (time.perf_counter() - t)

    from unidecode import unidecode

    t = time.perf_counter()
    for _ in range(3):
        for w in words:
            unidecode(w)
    uni = 3 * len(words) / (time.perf_counter() - t)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"words: {len(words)}")
    print(f"word list cache present or built (another process, start-up included): {ensure:.2f} s")
    print(f"load (word list + letter model): {load:.2f} s  [target <= 0.5 s]")
    print(f"first word (starts the romanizer): {first:.2f} s")
    print(f"persianize new words (distinct, after load): {cold:,.0f} words/s")
    print(f"persianize repeated words (cached): {warm:,.0f} words/s")
    print(f"unidecode on the same words: {uni:,.0f} words/s; persianize new words {cold / uni:.4f}x, "
          f"repeated {warm / uni:.2f}x unidecode")
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
