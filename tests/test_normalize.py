"""normalize(): hazm configured for bibliographic text; normalize_latin(); detect_script()."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from translit import detect_script, normalize, normalize_latin

DATA = Path(__file__).parent / "data"


def _unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def _rows(name: str) -> list:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            src, want, why = line.split("\t")
            rows.append(pytest.param(_unescape(src), _unescape(want), id=why))
    return rows


@pytest.mark.parametrize("text, expected", _rows("normalize.tsv"))
def test_normalize_table(text, expected):
    assert normalize(text) == expected


def test_keep_harakat():
    assert normalize("بُزُرگِ", keep_harakat=True) == "بُزُرگِ"
    assert normalize("بُزُرگِ") == "بزرگ"


# Persian letters, marks, ZWNJ, spaces and some Latin: the alphabet where normalization has work to do.
persianish = st.text(alphabet=st.sampled_from(list(
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀآأإؤئء\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
    "\u200c\u200d\u200e\u200f\u00a0\u0640 \n\t۰۱۲٣٤0123456789abcéā«»\"“”.,،؛؟-ﻻﺍﻳ")), max_size=60)


@settings(max_examples=3000, deadline=None)
@given(persianish)
def test_normalize_is_idempotent_on_persian_text(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)


@settings(max_examples=3000, deadline=None)
@given(st.text())
def test_normalize_never_raises_and_is_idempotent_on_any_string(text):
    once = normalize(text)
    assert normalize(once) == once
    once_h = normalize(text, keep_harakat=True)
    assert normalize(once_h, keep_harakat=True) == once_h


@pytest.mark.parametrize("text, expected", [
    ("Hamkāri'hā-ye", "Hamkāri’hā-ye"),
    ("ta\u0304ri\u0304kh", "tārīkh"),                 # NFD in, NFC out
    ("defā`e", "defā‘e"),
    ("Kāẓim′zādah", "Kāẓimʹzādah"),
    ("Iran\u2010Russia", "Iran-Russia"),
])
def test_normalize_latin_citation_marks(text, expected):
    assert normalize_latin(text) == expected


def test_normalize_latin_uses_the_schemes_marks():
    assert normalize_latin("‘Alī ’ ʹ", "ala-lc") == "ʻAlī ʼ ʹ"


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_normalize_latin_is_idempotent(text):
    once = normalize_latin(text)
    assert normalize_latin(once) == once


@pytest.mark.parametrize("text, script", [
    ("چشم‌انداز روابط", "persian"), ("Chashmandāz-e rāvābet", "latin"),
    ("Iran ایران", "mixed"), ("1394 - 2015", "none"), ("", "none"),
])
def test_detect_script(text, script):
    assert detect_script(text) == script


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
       | st.text(alphabet=st.sampled_from(list(" \n\u0622\u0627\u0653\u0654\u0655\u064b\u064e\u0650\u0651\u0670\u06c0\u06d5e\u0301\u0323\u00e9\u200c\u2000")), max_size=30))
def test_normalize_output_is_nfc(text):
    assert unicodedata.is_normalized("NFC", normalize(text))
    assert unicodedata.is_normalized("NFC", normalize(text, keep_harakat=True))


# Words and pieces that hazm's affix rules act on, with the spaces and ZWNJs around them.
affix_text = st.lists(st.sampled_from(["می", "نمی", "ها", "های", "تر", "ترین", "ام", "ای", "ی", "خانه", "کتاب",
                                       " ", " ", "\u200c", ".", "\n", "1"]), max_size=12).map("".join)


@settings(max_examples=4000, deadline=None)
@given(affix_text)
def test_normalize_is_idempotent_around_affixes(text):
    once = normalize(text)
    assert normalize(once) == once


def test_normalizing_does_not_import_nltk():
    """hazm >= 0.11 keeps its rule tables in a module without imports; normalize reads them without
    importing the hazm package, which imports nltk and every hazm tool (0.4 s at each start)."""
    import subprocess
    import sys
    from importlib.metadata import version

    if tuple(int(x) for x in version("hazm").split(".")[:2]) < (0, 11):
        pytest.skip("hazm 0.10 builds its tables inside its Normalizer")
    code = ("import sys, translit\n"
            "assert translit.normalize('كتاب ها') == 'کتاب‌ها'\n"
            "print(sorted(m for m in ('hazm', 'nltk') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
