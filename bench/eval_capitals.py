"""Share of words whose capitalization matches the cataloguers' (ALA-LC rule 11) on the real
catalogue pairs in ../shared/data/real-catalog.dev.tsv: titles through translit.romanize with the
first word capitalized, author headings through translit.romanize_name. Words are paired when their
letters agree once case and marks are ignored; the figure is the share of paired words whose first
letter has the cataloguers' case. Usage: python bench/eval_capitals.py [PAIRS]"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import translit

PAIRS = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data" / "real-catalog.dev.tsv"


def _base(word: str) -> str:
    s = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in s if ch.isalpha() and ch not in "ʻʼ")


def _first_upper(word: str) -> bool:
    return next((ch.isupper() for ch in word if ch.isalpha() and ch not in "ʻʼ‘’"), False)


def main() -> None:
    if not PAIRS.is_file():
        print(f"no pairs file at {PAIRS}")
        return
    counts = {"title": [0, 0], "author": [0, 0]}
    for line in PAIRS.read_text(encoding="utf-8").splitlines()[1:]:
        src, _, kind, style, fa, la = line.split("\t")
        if style != "ala-lc" or kind not in counts:
            continue
        out = translit.romanize_name(fa, "ala-lc") if kind == "author" else \
            translit.capitalize_title(translit.romanize(fa, "ala-lc"))
        gold = {_base(w): w for w in la.replace("-", " ").split()}
        for w in out.replace("-", " ").split():
            g = gold.get(_base(w))
            if g:
                counts[kind][1] += 1
                counts[kind][0] += _first_upper(g) == _first_upper(w)
    for kind, (ok, n) in counts.items():
        print(f"{kind:7s} words paired {n:6d}  case as catalogued {ok / max(n, 1):.3f}")


if __name__ == "__main__":
    main()
