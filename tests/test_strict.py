"""The strict scheme is lossless: Persian -> Latin -> Persian gives the normalized text back, and
Latin -> Persian -> Latin gives back every string that romanize can produce."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from translit import normalize, persianize, romanize
from translit.tables import load_scheme

PERSIAN_CHARS = list(load_scheme("strict").section("to_latin"))


def test_every_persian_letter_has_its_own_latin_form():
    table = load_scheme("strict").section("to_latin")
    for letter in "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآءأإؤئۀة\u200c":
        assert letter in table, f"{letter!r} has no strict form"
    assert len(set(table.values())) == len(table), "two Persian characters share a Latin form"
    assert all(len(v) == 1 and unicodedata.is_normalized("NFC", v) for v in table.values())


@pytest.mark.parametrize("persian, latin", [
    ("ایران", "ayran"),
    ("همکاری‌های", "hmkaryʹhay"),
    ("ثبت", "ṯbt"),
    ("حوضه", "ḥwḍh"),
    ("۱۳۹۴", "1394"),
    ("سال 1394", "sal \\1\\3\\9\\4"),      # ASCII digits already in the Persian text are escaped
    ("JCPOA برجام", "\\J\\C\\P\\O\\A brjam"),
])
def test_strict_examples(persian, latin):
    assert romanize(persian, "strict") == latin
    assert persianize(latin, "strict") == persian


persian_text = st.text(alphabet=st.sampled_from(PERSIAN_CHARS + list(" \nabcXYZ\\,.;?%0123456789ـ\u200d\u00a0يك")),
                       max_size=80)


@settings(max_examples=5000, deadline=None)
@given(persian_text)
def test_round_trip_persian_latin_persian(text):
    assert persianize(romanize(text, "strict"), "strict") == normalize(text, keep_harakat=True)


@settings(max_examples=3000, deadline=None)
@given(st.text())
def test_round_trip_on_any_string(text):
    assert persianize(romanize(text, "strict"), "strict") == normalize(text, keep_harakat=True)


@settings(max_examples=3000, deadline=None)
@given(persian_text)
def test_round_trip_latin_persian_latin(text):
    latin = romanize(text, "strict")
    assert romanize(persianize(latin, "strict"), "strict") == latin
