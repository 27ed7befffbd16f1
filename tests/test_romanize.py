"""Vowelled romanization (citation, ala-lc, ascii): table-driven samples, properties, resources."""
from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translit.ezafe import detect, is_verb
from translit.pronunciation.g2p import align, espeak_available
from translit.pronunciation.lexicon import lexicon, pronunciations
from translit.vowelled import romanize_vowelled, romanize_word

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"

needs_espeak = pytest.mark.skipif(not espeak_available(), reason="eSpeak NG (espeakng-loader) not loadable")


def _samples():
    rows = []
    for n, line in enumerate((DATA / "romanize_samples.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        persian, scheme, expected = line.split("\t")
        rows.append(pytest.param(persian, scheme, expected, id=f"{n}-{scheme}-{expected}"))
    return rows


@needs_espeak
@pytest.mark.parametrize("persian,scheme,expected", _samples())
def test_samples(persian, scheme, expected):
    assert romanize_vowelled(persian, scheme) == expected


@needs_espeak
def test_capitalize_first_word_only():
    assert romanize_vowelled("فصلنامه راهبرد دفاعی", "citation", capitalize=True) == "Faslnāmeh-ye rāhbord-e defā‘ī"


@needs_espeak
def test_latin_digits_and_punctuation_pass_through():
    assert romanize_vowelled("Iran (ایران) 2015", "citation") == "Iran (īrān) 2015"
    assert romanize_vowelled("", "citation") == ""


def test_unknown_scheme_is_a_clear_error():
    from translit.errors import UnknownSchemeError

    with pytest.raises(UnknownSchemeError, match="unknown scheme"):
        romanize_vowelled("ایران", "no-such-scheme")


@needs_espeak
def test_ala_lc_output_is_nfc():
    out = romanize_vowelled("ضرورت مؤثر", "ala-lc")
    assert out == unicodedata.normalize("NFC", out)
    assert "z̤" in out  # ض keeps its combining diaeresis below (no precomposed form exists)


@needs_espeak
def test_ayn_and_hamza_marks_are_distinct_for_round_trips():
    assert "‘" in romanize_vowelled("شعر", "citation")
    assert "’" in romanize_vowelled("مسئله", "citation")
    assert "ʹ" in romanize_vowelled("کتاب‌ها", "citation")


persian_letters = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآءئ\u200c ", min_size=1, max_size=25)


@needs_espeak
@settings(max_examples=150, deadline=None)
@given(persian_letters)
def test_any_persian_text_becomes_latin(text):
    for scheme in ("citation", "ala-lc", "ascii"):
        out = romanize_vowelled(text, scheme)
        assert not any("\u0600" <= ch <= "\u06ff" for ch in out), (text, scheme, out)
        assert out == romanize_vowelled(text, scheme)


@needs_espeak
@settings(max_examples=100, deadline=None)
@given(persian_letters)
def test_ascii_scheme_is_ascii(text):
    assert romanize_vowelled(text, "ascii").isascii()


def test_align_pairs_every_letter():
    segs = align("خانه", "xAne")
    assert [l for l, _ in segs] == list("خانه")
    assert "".join(p for _, p in segs) == "xAne"
    # eSpeak drops the glide of ایی; the aligner puts the y back on a letter
    assert "".join(p for _, p in align("آیین", "Ain")) == "Ayin"


def test_ezafe_rules():
    assert detect(["چشم‌انداز", "روابط", "ایران", "و", "روسیه"]) == [True, True, False, False, False]
    assert detect(["یاد", "کردن"]) == [False, False]      # light verb: no ezafe
    assert detect(["برای", "ایران"]) == [True, False]
    assert is_verb("کردن") and is_verb("می‌روم") and not is_verb("ترسیم")
    # pronouns receive the ezafe but never give it; the copula is a verb
    assert detect(["نگارنده", "ایشان"]) == [True, False]
    assert detect(["ما", "شاعر", "هستیم"]) == [False, False, False]
    assert is_verb("هستند") and is_verb("نیست") and is_verb("است")


def test_no_ezafe_inside_a_compound_the_word_list_has():
    # آدم‌برفی and آتش‌زا are frequent words in the word list: compounds written apart
    assert detect(["آدم", "برفی"]) == [False, False]
    assert detect(["آتش", "زا", "است"]) == [False, False, False]
    # کتاب‌تاریخ is no such word: the ezafe stays
    assert detect(["کتاب", "تاریخ"]) == [True, False]


@needs_espeak
def test_written_ezafe_is_trusted_except_before_a_verb():
    assert romanize_word("صحرای", "citation").written_ezafe
    assert "ā-ye " in romanize_vowelled("صحرای بزرگ", "citation")
    assert "-ye" not in romanize_vowelled("صحرای کردن", "citation")


def test_alignment_settles_long_o_final_vowel_and_glide():
    # eSpeak's long o is ow only where a و writes it
    assert align("بخارا", "bOxArA")[0] == ("ب", "bo")
    assert ("و", "ov") in align("فردوسی", "ferdOsi")
    # a short vowel after a final consonant letter is an ezafe read into the word
    assert align("تخار", "taxAre")[-1] == ("ر", "r")
    assert align("خانه", "xAne")[-1] == ("ه", "e")
    # a silent ئ between ā and ی is the glide y
    assert ("ئ", "y") in align("صحرائی", "sahrAi")
    # a ه inside a word read as a vowel beside another vowel is the consonant h; before a
    # consonant it may be a compound's silent ه written without ZWNJ, and stays a vowel
    assert align("بهمان", "beemAn")[:2] == (("ب", "be"), ("ه", "h"))
    assert align("اسهم", "aseam")[2] == ("ه", "eha")
    assert align("تهران", "tehrAn")[1] == ("ه", "h")
    assert align("دروازهبان", "darvAzebAn")[5] == ("ه", "e")


def test_lexicon_lookup_and_cache(tmp_path):
    assert pronunciations("خانه")[0].phonemes == "xAne"
    assert pronunciations("نیست‌واژه‌ای‌که‌نیست") == ()
    assert len(lexicon()) > 40_000
    # A fresh cache directory is filled on first load and read back identically.
    code = ("from translit.pronunciation.lexicon import lexicon; L = lexicon(); "
            "print(len(L), L['خانه'][0].phonemes)")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert list(tmp_path.rglob("lexicon-v*.marshal"))
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout == second.stdout and first.stdout.split()[1] == "xAne"


@needs_espeak
def test_word_cache_returns_ezafe_forms():
    w = romanize_word("خانه", "citation")
    assert (w.plain, w.ezafe) == ("khāneh", "khāneh-ye")
    w = romanize_word("خانه", "ala-lc")
    assert (w.plain, w.ezafe) == ("khānah", "khānah-i")


@needs_espeak
def test_quality_floor_on_shared_wiktionary_sample():
    """A floor, not the target: the evaluator in ../shared/tools measures the real figure."""
    data = SHARED / "data" / "wiktionary-fa-roman.dev.tsv"
    tools = SHARED / "tools"
    if not data.is_file() or not (tools / "eval_translit.py").is_file():
        pytest.skip("shared evaluation data not present")
    sys.path.insert(0, str(tools))
    try:
        from eval_translit import key
    finally:
        sys.path.remove(str(tools))
    gold: dict[str, set[str]] = {}
    for line in data.read_text(encoding="utf-8").splitlines()[1:]:
        fa, la = line.split("\t")
        if " " not in la and "-" not in la:
            gold.setdefault(fa, set()).add(la)
    items = sorted(gold.items())[::10]
    ok = sum(key(romanize_vowelled(fa, "citation")) in {key(l) for l in las} for fa, las in items)
    assert ok / len(items) >= 0.65


def test_scheme_without_rendering_tables_is_a_clear_error():
    from translit.errors import PeyvandError

    with pytest.raises(PeyvandError, match="no vowelled rendering"):
        romanize_vowelled("ایران", "strict")
