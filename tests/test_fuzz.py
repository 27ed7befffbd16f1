"""Property-based fuzzing of every public entry point that takes user text: normalize, romanize,
persianize, candidates, query planning and search, and the readers. On any ``str`` (lone surrogates,
controls, bidi marks, ZWNJ runs, mixed scripts included) they must return, never raise, and return
NFC text; normalize is idempotent. The readers raise only their one-line ReaderError."""
from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import translit
from index.errors import ReaderError
from index.library import Library
from index.query import plan
from index.readers import FORMATS, read_text

# PEYVAND_FUZZ_EXAMPLES=5000 for a deeper local run.
EXAMPLES = int(os.environ.get("PEYVAND_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Any code point, surrogates included (hypothesis leaves them out by default).
ANY_CHAR = st.characters(exclude_categories=())
PERSIAN = list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀآأإؤئء") + [
    "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640", "\u200c", "\u200d", "\u200e",
    "\u200f", "\u202b", "\u202c", "\u2067", "\u2069", "\ufeff", "\u00a0", " ", "-", "۱", "۳"]
LATIN = list("abcdefghijklmnopqrstuvwxyzāīūâêôšžčğʹʻʼ‘’'`´-") + [" ", "e\u0301", "A", "Z"]
SYNTAX = list('"()[]{}:*?~^\\!+-|&/') + ["AND", "OR", "NOT", "title:", "x:", "field:", " TO "]
MIXED = st.lists(st.one_of(st.sampled_from(PERSIAN), st.sampled_from(LATIN),
                           st.sampled_from(SYNTAX), ANY_CHAR), max_size=40).map("".join)
TEXT = st.one_of(st.text(ANY_CHAR, max_size=40), MIXED)


def nfc(s: str) -> bool:
    return unicodedata.is_normalized("NFC", s)


@FUZZ
@given(TEXT)
def test_normalize(text):
    for harakat in (False, True):
        once = translit.normalize(text, keep_harakat=harakat)
        assert isinstance(once, str) and nfc(once)
        assert translit.normalize(once, keep_harakat=harakat) == once
    latin = translit.normalize_latin(text)
    assert nfc(latin) and translit.normalize_latin(latin) == latin


@FUZZ
@given(TEXT, st.sampled_from(["citation", "ala-lc", "ascii", "strict"]))
def test_romanize(text, scheme):
    out = translit.romanize(text, scheme)
    assert isinstance(out, str) and nfc(out)


@FUZZ
@given(TEXT, st.sampled_from([None, "citation", "ala-lc", "ascii", "wiktionary", "strict"]))
@example("U\u0654", None)  # u is و, and the hamza passed through composes with it into ؤ
@example("u\u0654", "ala-lc")
def test_persianize(text, scheme):
    out = translit.persianize(text, scheme)
    assert isinstance(out, str) and nfc(out)


@FUZZ
@given(TEXT, st.integers(min_value=0, max_value=6))
def test_candidates(text, n):
    out = translit.candidates(text, n)
    assert isinstance(out, list) and len(out) <= n
    for spelling, score in out:
        assert isinstance(spelling, str) and nfc(spelling) and isinstance(score, float)


@FUZZ
@given(TEXT)
def test_query_planning(text):
    p = plan(text)
    for (fieldname, term), entries in p.terms.items():
        assert isinstance(term, str) and term
        assert all(0 <= i < p.n_words for idx, _ in entries for i in idx)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    from pathlib import Path
    from index.readers import read_path

    seed = Path(__file__).resolve().parents[1] / "examples" / "references.txt"
    lib = Library.open(tmp_path_factory.mktemp("fuzz") / "index")
    lib.add(read_path(seed).references)
    yield lib
    lib.close()


@FUZZ
@given(text=TEXT, limit=st.integers(min_value=-1, max_value=30))
def test_search(small_index, text, limit):
    hits = small_index.search(text, limit)
    assert len(hits) <= max(limit, 0)
    assert all(h.score > 0 for h in hits)


# Record syntax of every format, so that fuzzing reaches the parsers' branches.
RECORDY = st.lists(st.one_of(
    st.sampled_from(["@article{", "@string{", "title = {", "}", "{", '"', ",", "#", "\n",
                     "TY  - JOUR\n", "ER  - \n", "AU  - ", "TI  - ", '[{"title": "', '"}]', '{"id":',
                     "\\ud800", "\\u0000", "(2010) ", "Amiri, M. ", "«", "»", "\u202b", "\u200f",
                     "(In Persian)", "\x00"]),
    st.sampled_from(PERSIAN), st.sampled_from(LATIN), ANY_CHAR), max_size=80).map("".join)


@settings(max_examples=2 * EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(RECORDY, st.text(ANY_CHAR, max_size=200)),
       fmt=st.sampled_from(("auto",) + FORMATS))
def test_readers(text, fmt):
    try:
        result = read_text(text, fmt, "fuzz")
    except ReaderError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz")
        return
    for ref in result.references:
        for value in (ref.title, ref.id, *ref.authors):
            value.encode("utf-8")           # nothing the index could not write
        assert ref.origin.startswith("fuzz:")
    for skip in result.skipped:
        assert skip.origin.startswith("fuzz") and "\n" not in skip.reason
