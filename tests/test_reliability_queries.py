"""Reliability: hostile and odd queries. peyvand does not hand queries to Whoosh's query parser, so
Whoosh syntax (quotes, ``field:``, wildcards, AND/OR/NOT, ranges, boosts) is only punctuation: no
error, and a word wrapped in syntax finds what the bare word finds. Queries with no words (only
punctuation, only ZWNJ or marks) find nothing. Very long queries end in bounded time."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from index.library import Library
from index.readers import read_path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "references.txt"
runner = CliRunner()

# Generous: only an unbounded (quadratic, exponential) case can reach it; the figures go in bench/.
BOUND_SECONDS = 30.0


@pytest.fixture(scope="module")
def index_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("queries") / "index"
    with Library.open(path) as lib:
        lib.add(read_path(SEED).references)
    return path


@pytest.fixture(scope="module")
def lib(index_path):
    with Library.open(index_path, create=False) as lib:
        yield lib


def _ids(lib, q: str, limit: int = 5) -> list[str]:
    return [h.id for h in lib.search(q, limit)]


NO_WORDS = ["", " ", "\u200c", "\u200c\u200c \u200c", "\u200d", "\ufeff", "\u200f\u200e",
            "(((", ")", '"', "'", ":", "*", "?", "^", "\\", "~", "!!!...", "؟،؛«»", "{}", "[]",
            "-", "--", "+", "|", "&&", "\u0301\u0301", "\u064e\u064f", "ـــ", "\x00", "\ud800",
            "!?.,;:" * 1700, "\u200c" * 10_000, " " * 10_000]


@pytest.mark.parametrize("query", NO_WORDS, ids=lambda q: repr(q[:12]) + f"x{len(q)}")
def test_queries_without_words_find_nothing(lib, query):
    assert lib.search(query, 10) == []


WORDS = ["روسیه", "Īrān", "rosiyeh", "Asgarian", "security"]
WRAPPERS = ['"{}"', '"{}', '{}"', "title:{}", "title_fa:{}", "x:{}", "field:{}", "({})", "[{}]",
            "{}*", "{}?", "{}~", "{}~2", "+{}", "-{}", "!{}", "{}^", "\\{}", "«{}»", "{}\u200f",
            "\u202b{}\u202c", "\u200c{}\u200c", "{}\x00", "{{{}}}"]


@pytest.mark.parametrize("word", WORDS)
def test_syntax_around_a_word_changes_nothing(lib, word):
    bare = _ids(lib, word)
    assert bare, f"{word} should find something in the seed bibliography"
    for wrap in WRAPPERS:
        assert _ids(lib, wrap.format(word)) == bare, wrap


def test_boolean_words_are_just_words(lib):
    for q in ("Iran AND Russia", "Iran OR Russia", "NOT Iran", "Iran && Russia || NOT x",
              "[Iran TO Russia]", "Iran^2 Russia"):
        hits = lib.search(q, 5)
        assert hits and len(hits) <= 5


@pytest.mark.parametrize("query", [
    "x" * 10_000,
    "ش" * 10_000,
    ("rusiyeh va iran " * 700)[:10_000],
    ("روسیه و ایران " * 800)[:10_000],
    ("Kāẓimzādah، " * 900)[:10_000],
    " ".join(f"w{i}" for i in range(2000))[:10_000],
    "\u200c".join(["ایران"] * 1600)[:10_000],
], ids=["latin-word", "persian-word", "latin-words", "persian-words", "names", "numbered",
        "zwnj-joined"])
def test_ten_thousand_character_queries(lib, query):
    started = time.monotonic()
    hits = lib.search(query, 10)
    elapsed = time.monotonic() - started
    assert len(hits) <= 10
    assert elapsed < BOUND_SECONDS, f"{elapsed:.1f} s"


def test_long_query_of_real_words_still_finds_them(lib):
    assert _ids(lib, ("rusiyeh va iran " * 700)[:10_000], 1)[0] in _ids(lib, "rusiyeh iran", 10)


def test_cli_batch_with_odd_lines(index_path, tmp_path):
    lines = ["روسیه", "", '"unbalanced', "title:", "\u200c", "x" * 10_000, "ir*", "(((", "NOT"]
    batch = tmp_path / "queries.txt"
    batch.write_bytes("\n".join(lines).encode("utf-8") + b"\n\xff\xfe broken bytes\n")
    result = runner.invoke(app, ["search", "--batch", str(batch), "--index", str(index_path)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == len(lines) + 1                    # one object per line, in order
    assert [o["query"] for o in out[:len(lines)]] == lines
    assert out[0]["hits"] and not out[1]["hits"] and not out[4]["hits"]


@pytest.mark.parametrize("query", ['"', "title:", "\u200c", "(((", "NOT", "x" * 10_000])
def test_cli_single_odd_query(index_path, query):
    result = runner.invoke(app, ["search", query, "--json", "--index", str(index_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["query"] == query


def test_cli_empty_query_is_a_usage_error(index_path):
    for q in ("", "   "):
        result = runner.invoke(app, ["search", q, "--index", str(index_path)])
        assert result.exit_code == 2
        assert result.exception is None or isinstance(result.exception, SystemExit)
