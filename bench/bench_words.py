#!/usr/bin/env python3
"""Both directions of vowelled transliteration in one run: romanize (Persian -> Latin, lexicon and
eSpeak NG) and persianize (Latin -> Persian, word list and letter model), each in its own process so
that each peak RSS is its own, each beside unidecode on the same words.

Prints what bench_romanize.py and bench_persianize.py print: load time, words/s for words met for the
first time and for repeated words, unidecode's rate and the ratios, peak RSS. Then eSpeak NG's data,
the current Persian dictionary compiled from the shipped sources beside 1.52's bundled data, each in
fresh processes: first-use time (compile + load in an empty cache; load alone once compiled),
romanize new words/s, and the wall time of a one-word `peyvand romanize` after first use.
Targets (issue 3): romanize >= 50,000 words/s, persianize >= 10,000 words/s, load <= 0.5 s,
RSS <= 300 MB; (issue 11) a one-word `peyvand romanize` < 1 s wall after first use.
Usage: python bench/bench_words.py [--espeak-only]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "data" / "wiktionary-fa-roman.dev.tsv"

# In a child process: the first reading (eSpeak's data directory made or found, the library loaded),
# then, with the lexicon loaded, each distinct word romanized once (eSpeak + alignment: new words).
_ESPEAK_RUN = """
import json, sys, time
t = time.perf_counter()
from translit.pronunciation import g2p
g2p.espeak_phonemes("کتاب")
first = time.perf_counter() - t
data = g2p.espeak_data()
from translit.pronunciation.lexicon import lexicon
from translit.vowelled import romanize_word
lexicon()
words = [w for w in sys.stdin.read().split("\\n") if w]
t = time.perf_counter()
for w in words:
    romanize_word(w, "citation")
rate = len(words) / (time.perf_counter() - t)
print(json.dumps({"first": first, "rate": rate, "compiled": data.compiled, "built": data.built,
                  "reason": data.reason}))
"""

_MODES = (("1.52 bundled", {"PEYVAND_ESPEAK_DATA": "bundled"}), ("current, compiled", {}))


def _words(n: int) -> list[str]:
    words: list[str] = []
    if SHARED.is_file():
        for line in SHARED.read_text(encoding="utf-8").splitlines()[1:]:
            words.extend(line.split("\t")[0].split(" "))
    else:
        for line in (ROOT / "examples" / "references.txt").read_text(encoding="utf-8").splitlines():
            words.extend(w for w in line.split() if any("\u0600" <= ch <= "\u06ff" for ch in w))
    return list(dict.fromkeys(w for w in words if w))[:n]


def _espeak_run(env: dict[str, str], words: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _ESPEAK_RUN], input="\n".join(words), env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    return time.perf_counter() - t


def espeak_data(n_words: int = 3000, reps: int = 3) -> None:
    """The current dictionary beside 1.52's, each measured ``reps`` times in fresh processes
    (best figure kept)."""
    words = _words(n_words)
    peyvand = Path(sys.executable).parent / "peyvand"
    print(f"eSpeak NG data: {len(words)} distinct words, best of {reps} fresh processes each")
    for name, extra in _MODES:
        fresh, cached, rates, walls = [], [], [], []
        for _ in range(reps):
            with tempfile.TemporaryDirectory() as tmp:
                env = dict(os.environ, XDG_CACHE_HOME=tmp, PEYVAND_PERSIANIZE_MEMO="0", **extra)
                env.pop("PEYVAND_ESPEAK_FA_SOURCES", None)
                if not extra:
                    env.pop("PEYVAND_ESPEAK_DATA", None)
                first = _espeak_run(env, words[:1])      # empty cache: compiles (current data)
                again = _espeak_run(env, words)          # compiled: loads only
                assert again["compiled"] == (not extra), again["reason"]
                assert not again["built"]
                fresh.append(first["first"])
                cached.append(again["first"])
                rates.append(again["rate"])
                if peyvand.exists():
                    _wall([str(peyvand), "romanize", "کتاب"], env)   # lexicon cache made
                    walls.append(min(_wall([str(peyvand), "romanize", "کتاب"], env) for _ in range(3)))
        wall = f"{min(walls):.3f} s" if walls else "(peyvand not installed)"
        how = "load only: nothing to compile" if extra else "compile + load"
        print(f"  {name:18} first reading {min(fresh):.3f} s in an empty cache ({how}), "
              f"{min(cached):.3f} s later (load); romanize new words {max(rates):,.0f} words/s; one-word `peyvand romanize` "
              f"after first use {wall}  [target < 1 s]")


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    if "--espeak-only" not in sys.argv:
        for script, args in (("bench_romanize.py", []), ("bench_persianize.py", ["2000"])):
            print(f"\n== {script} ==", flush=True)
            subprocess.run([sys.executable, str(HERE / script), *args], check=True)
    print("\n== eSpeak NG data ==", flush=True)
    espeak_data()


if __name__ == "__main__":
    main()
