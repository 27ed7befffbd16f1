#!/usr/bin/env python3
"""Why peyvand keeps its own BibTeX and RIS readers: bibtexparser 2 and rispy measured on the
inputs peyvand must handle (the bad records of tests/test_reliability_inputs.py, IMOS examples).

For each case it prints what each parser recovers and what it says about the broken record, then
the speed of the BibTeX readers on the 217 iran-bibtex entries (x20) when ../shared is present.
Needs the bench extra: pip install '.[bench]'.
Usage: python bench/bench_format_parsers.py
"""
from __future__ import annotations

import glob
import logging
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import bibtexparser  # noqa: E402
import rispy  # noqa: E402

from index.readers import read_text  # noqa: E402

logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")

BIB = {
    "truncated entry at the end": "@book{good1, title={A}, year={2001}}\n"
                                  "@article{cut, title={Tārikh-e Īr",
    "unbalanced braces": "@book{bad, title={{Tārikh}, year={2001}}\n@book{good1, title={A}}\n",
    "@string macro with # concatenation": "@string{t = \"Tehran\"}\n"
                                          "@book{k, address = t # { Press}, title={X}}\n",
    "month macro": "@book{k, month = sep, title={X}}\n",
    "LaTeX accents": "@article{m, author = \"M\\\"uller, J{\\\"o}rg\", title = {\\d{h}ukm 1850--1900}}\n",
}
RIS = {
    "record without ER, then a good one": "TY  - BOOK\nTI  - Lost record\nAU  - X, Y.\n"
                                           "TY  - JOUR\nID  - good\nTI  - Ravābet\nAU  - Karami, J.\n"
                                           "ER  - \n",
    "last record without ER": "TY  - JOUR\nID  - good\nTI  - T\nER  - \nTY  - JOUR\nTI  - Last\n",
}


def main() -> None:
    print("BibTeX                               | bibtexparser 2.x (default stack)      | peyvand")
    for name, text in BIB.items():
        lib = bibtexparser.parse_string(text)
        theirs = [f"{e.key}: " + ", ".join(f"{f.key}={f.value!r}" for f in e.fields
                                          if f.key != "year") for e in lib.entries]
        theirs += [f"failed block line {b.start_line + 1}: {b.error!r}" for b in lib.failed_blocks]
        ours = read_text(text, "bibtex", "x.bib")
        mine = [f"{r.id}: title={r.title!r}" + (f", place={r.place!r}" if r.place else "")
                + (f", season={r.season!r}" if r.season else "")
                + (f", authors={r.authors!r}" if r.authors else "") for r in ours.references]
        mine += [f"skipped {s.origin}: {s.reason}" for s in ours.skipped]
        print(f"- {name}\n    bibtexparser: {theirs}\n    peyvand:      {mine}")
    print("\nRIS")
    for name, text in RIS.items():
        try:
            theirs = [{k: v for k, v in r.items() if k in ("id", "title", "authors")}
                      for r in rispy.loads(text)]
        except Exception as exc:       # noqa: BLE001 - what it raises is the measurement
            theirs = f"{type(exc).__name__}: {exc}"
        ours = read_text(text, "ris", "x.ris")
        mine = [f"{r.id or '-'}: {r.title!r} {r.authors}" for r in ours.references]
        mine += [f"skipped {s.origin}: {s.reason}" for s in ours.skipped]
        print(f"- {name}\n    rispy:   {theirs}\n    peyvand: {mine}")
    files = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data",
                                          "iran-bibtex", "*.bib")))
    if files:
        big = "\n".join(open(p, encoding="utf-8").read() for p in files) * 20
        t = time.perf_counter()
        lib = bibtexparser.parse_string(big)
        t_theirs = time.perf_counter() - t
        t = time.perf_counter()
        ours = read_text(big, "bibtex", "big.bib")
        t_ours = time.perf_counter() - t
        print(f"\nspeed, iran-bibtex x20 ({len(lib.entries) + len(lib.failed_blocks)} blocks): "
              f"bibtexparser {t_theirs:.2f} s (raw values, no LaTeX decoding), peyvand "
              f"{t_ours:.2f} s ({len(ours.references) + len(ours.skipped)} entries, decoded)")


if __name__ == "__main__":
    main()
