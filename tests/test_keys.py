"""The cross-script matching keys (translit.keys): one path for indexing and querying."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from translit import keys


@pytest.mark.parametrize("persian, latins", [
    ("کاظم‌زاده", ["Kazemzadeh", "Kāẓimʹzādah", "kazemzade"]),
    ("رهنامه", ["rahnāmeh", "rahnāmah", "rahname"]),
    ("روسیه", ["rosiyeh", "Rūsiye", "russiye"]),
    ("انقلاب", ["enqelâb", "enghelāb", "inqilāb"]),
    ("همکاری‌ها", ["Hamkāriʹhā", "hamkariha"]),
    ("صلح", ["solh", "ṣulḥ"]),
    ("طهران", ["Tehran", "Ṭihrān"]),
    ("ذوق", ["zogh", "zawq"]),
    ("شنبه", ["shambeh", "shanbe"]),
    ("مؤسسه", ["mo’asseseh", "moassese", "muʼassasah"]),   # hamza on waw: no consonant
    ("چشم‌انداز", ["čašmandâz", "Chashmandāz", "chashmandaz"]),
])
def test_skeleton_is_shared_across_scripts(persian, latins):
    for latin in latins:
        assert keys.latin_key(latin) == keys.persian_key(persian), latin


def test_letters_of_one_sound_share_a_class():
    assert keys.persian_key("ثمر") == keys.persian_key("سمر") == keys.persian_key("صمر")
    assert keys.persian_key("ذکر") == keys.persian_key("زکر") == keys.persian_key("ضکر") == keys.persian_key("ظکر")
    assert keys.persian_key("غرب") == keys.persian_key("قرب") == keys.latin_key("qarb") == keys.latin_key("gharb")
    assert keys.persian_key("تور") == keys.persian_key("طور")
    assert keys.persian_key("حال") == keys.persian_key("هال")


def test_index_keys_and_back_transliteration_keys_use_one_table():
    """The skeleton that finds Persian spellings for a romanized word (translit.latin.phonemic) is the
    index's matching key (translit.keys): both read schemes/_matchkey.toml."""
    from translit.latin.phonemic import fa_skeleton

    for word in ("کاظم‌زاده", "چشم‌انداز", "مؤسسه", "ژاله", "صلح", "غرب", "انقلاب"):
        assert fa_skeleton(word) == keys.persian_key(word.replace("\u200c", "")), word


def test_arabic_article_gives_the_noun_as_a_part():
    assert keys.word_forms("الفتوحات").parts[0] == ("فتوحات",)
    assert keys.word_forms("الگو").parts[0] == ()      # a Persian word of its own


def test_different_words_keep_different_skeletons():
    assert keys.latin_key("Kazemzadeh") != keys.latin_key("Kazemi")
    assert keys.persian_key("ایران") != keys.persian_key("روسیه")


@pytest.mark.parametrize("a, b", [
    ("rosiyeh", "Rūsiye"), ("enqelâb", "inqilāb"), ("rahnāmah", "rahnāmeh"), ("khāneh", "xane"),
    ("siyāsat", "siasat"),
])
def test_loose_form_folds_scheme_variants(a, b):
    assert keys.loose(a) == keys.loose(b)


def test_loose_form_keeps_vowels_that_tell_words_apart():
    assert keys.loose("kār") != keys.loose("kur")
    assert keys.loose("sard") != keys.loose("sord") or keys.loose("sard") != keys.loose("sird")


def test_zwnj_compound_gives_parts_and_joined():
    f = keys.word_forms("همکاری‌ها")
    assert f.script == "persian"
    assert f.exact == ("همکاریها",) and {"همکاری", "ها"} <= set(f.all(0))


def test_latin_prime_and_ezafe():
    f = keys.word_forms("hamkāriʹhā-ye")
    assert f.exact == ("hamkariha",) and {"hamkari", "ha"} <= set(f.all(0))
    assert "ye" not in f.all(0)
    assert keys.word_forms("rāvābet-e").exact == ("ravabet",)


def test_transliteration_level_crosses_scripts():
    fa = keys.word_forms("روابط")
    assert fa.trans and all(t.isascii() for t in fa.trans)
    la = keys.word_forms("ravābet")
    assert la.trans and all(keys.is_persian(t) for t in la.trans)
    assert keys.word_forms("ravābet", candidates=0).trans == ()


def test_words_split_text_and_keep_compounds():
    assert keys.words("Hamkāriʹhā-ye Īrān (2015)") == ["hamkāriʹhā-ye", "īrān", "2015"]
    assert keys.words("همکاری‌های ایران، ۱۳۹۴") == ["همکاری‌های", "ایران", "1394"]


def test_adjacent_pairs_and_key_splits_join_names():
    an = keys.analyze("کاظم زاده")
    assert an.pair_key == (keys.latin_key("Kazemzadeh"),)
    assert (keys.persian_key("کاظم"), keys.persian_key("زاده")) in keys.key_splits(keys.latin_key("Kazemzadeh"))


def test_surface_forms_need_no_transliteration():
    exact, loose_forms, key = keys.surface_forms("Īrān")
    assert exact == ("iran",) and loose_forms == ("iran",) and key == ("rn",)
    exact, loose_forms, key = keys.surface_forms("ایران")
    assert exact == ("ایران",) and loose_forms == () and key == ("rn",)


def test_word_by_word_romanization_keeps_punctuation():
    assert keys.romanize_words("ایران (۱۳۹۴)").endswith("(1394)")


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzāīūʹ-", min_size=1, max_size=12))
def test_latin_key_ignores_case_and_diacritics(word):
    assert keys.latin_key(word) == keys.latin_key(word.upper())
    plain = word.replace("ā", "a").replace("ī", "i").replace("ū", "u")
    assert keys.latin_key(word) == keys.latin_key(plain)


@given(st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی", min_size=1, max_size=10))
def test_persian_key_ignores_zwnj(word):
    mid = len(word) // 2
    assert keys.persian_key(word[:mid] + "\u200c" + word[mid:]) == keys.persian_key(word)



def test_key_splits_read_a_silent_final_h_at_the_joint():
    # Shahnamah (Shnm) is شاه (S) + نامه (nm): the h of shāh is the silent ه at the joint
    assert ("S", "nm") in keys.key_splits(keys.latin_key("Shahnamah"))
    assert keys.key_splits("abc") == []


def test_compound_parts_are_persianized_as_written():
    w = keys.word_forms("shāh'nāmah")
    assert keys.part_spellings(w, "ala-lc") == ("شاه", "نامه")
    assert keys.part_spellings(keys.word_forms("al-asrār")) is None       # al-X is one word
    assert keys.part_spellings(keys.word_forms("روسیه")) is None


def test_the_romanization_of_a_text_is_detected_once_for_all_its_words():
    assert keys.latin_scheme(keys.words("Risālah-i Sirr")) == "ala-lc"
    assert keys.latin_scheme(keys.words("روسیه")) is None
    assert keys.analyze("Risālah-i Sirr").scheme == "ala-lc"
    # ALA-LC leaves short vowels unwritten: Sirr is سر there, سیر in a word typed alone
    assert keys.analyze("Risālah-i Sirr").words[1].trans == ("سر",)
