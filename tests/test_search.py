"""Cross-script search on real files indexed into real on-disk indexes: which records each query
finds, and in what order."""
from __future__ import annotations

from pathlib import Path

import pytest

from index import Library
from index.readers import read_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"

# Persian-script records (IMOS-style BibTeX, as Iranian journals publish them)
PERSIAN_BIB = """
@article{kazemzadeh1390,
  author = {کاظم‌زاده, حسن and رضایی, مریم},
  title = {سیاست خارجی ایران و همکاری‌های منطقه‌ای},
  journal = {فصلنامه مطالعات سیاسی},
  year = {1390},
  language = {Persian},
}
@book{tabatabaei1385,
  author = {طباطبایی, جواد},
  title = {تاریخ اندیشه سیاسی در ایران},
  publisher = {کویر},
  address = {تهران},
  year = {1385},
  language = {Persian},
}
@article{ghaffari1395,
  author = {غفاری, علی},
  title = {انقلاب اسلامی و نظم بین‌المللی},
  journal = {پژوهش‌های انقلاب اسلامی},
  year = {1395},
  language = {Persian},
}
@article{mohammadi1398,
  author = {محمدی, زهرا},
  title = {آموزش زبان فارسی به غیرفارسی‌زبانان},
  journal = {پژوهش‌نامه آموزش زبان فارسی},
  year = {1398},
  language = {Persian},
}
@book{ibnarabi1385,
  author = {ابن عربی, محیی‌الدین},
  title = {الفتوحات المکیه},
  year = {1385},
  language = {Persian},
}
@book{hosseinzadeh1392,
  author = {حسین زاده, محمد},
  title = {شهر و شهرنشینی در ایران},
  year = {1392},
  language = {Persian},
}
"""


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    lib = Library.open(tmp_path_factory.mktemp("seed") / "idx")
    lib.add(read_path(ROOT / "examples" / "references.txt").references)
    return lib


@pytest.fixture(scope="module")
def persian(tmp_path_factory):
    d = tmp_path_factory.mktemp("fa")
    (d / "fa.bib").write_text(PERSIAN_BIB, encoding="utf-8")
    lib = Library.open(d / "idx")
    lib.add(read_path(d / "fa.bib").references)
    return lib


def titles(lib, query, n=10):
    return [h.reference.title for h in lib.search(query, n)]


def first(lib, query):
    hits = lib.search(query, 10)
    assert hits, query
    return hits[0].reference.title


# -- Persian-script queries over romanized records ----------------------------------------------

def test_persian_phrase_finds_romanized_title_first(seed):
    assert first(seed, "روابط ایران و روسیه").startswith("Chashmandāz-e rāvābet-e Īrān va rosiyeh")


def test_persian_words_find_the_one_title(seed):
    assert first(seed, "رهنامه جدید").startswith("Arzyābi-ye rahnāmeh-ye jadid")
    assert first(seed, "آمریکا").startswith("Naghshe bazigar")
    assert first(seed, "چارچوب").startswith("Arseʹhā-ye hāmkārī")
    assert first(seed, "برجام").startswith("Barjām")


def test_persian_word_finds_every_record_that_has_it(seed):
    found = titles(seed, "روسیه")
    for start in ("Arzyābi-ye", "Hamkāriʹhā-ye", "Chashmandāz-e", "Naghshe", "Arseʹhā-ye", "Mavāze-ye"):
        assert any(t.startswith(start) for t in found), start
    nuclear = titles(seed, "هسته‌ای")
    assert any(t.startswith("Talāshʹhā-ye") for t in nuclear)
    assert any(t.startswith("Siyāsat-e oropāee") for t in nuclear)


def test_persian_author_name_finds_romanized_author(seed):
    hits = seed.search("مجیدی")
    assert hits[0].reference.authors[0].startswith("Majidi")
    assert "authors" in hits[0].highlights


# -- other romanizations over romanized records ------------------------------------------------

@pytest.mark.parametrize("query, start", [
    ("sūrīye", "Mavāze-ye rosiyeh"),               # ū ī vs o i, -ye vs -yeh
    ("enqelâb", "Talāshʹhā-ye"),                   # Wiktionary â and q vs gh
    ("inqilāb-i islāmī", "Talāshʹhā-ye"),          # ALA-LC
    ("rahnamah", "Arzyābi-ye rahnāmeh"),
    ("hamkariha", "Hamkāriʹhā-ye"),
    ("čašmandâz", "Chashmandāz-e rāvābet"),         # Wiktionary hačeks vs the digraphs sh, ch
])
def test_romanization_variants(seed, query, start):
    assert first(seed, query).startswith(start)


def _example_queries():
    rows = []
    for line in (ROOT / "tests" / "data" / "search_examples.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            query, expected, first_hit = line.split("\t")
            rows.append(pytest.param(query, expected.split("|"), first_hit == "first", id=query))
    return rows


@pytest.mark.parametrize("query, expected, first_hit", _example_queries())
def test_example_queries_find_their_records(seed, query, expected, first_hit):
    """Each query (Persian script, another romanization, English) finds every record it names among
    its first ten hits, and, unless its words are common English ones, its first hit is one of them."""
    found = titles(seed, query)
    for start in expected:
        assert any(t.startswith(start) for t in found), (start, found)
    if first_hit:
        assert any(found[0].startswith(start) for start in expected), found[:3]


def test_english_words_match_translations_with_stemming(seed):
    found = titles(seed, "securitization")
    assert found[0].startswith("Securitization of Iran")
    assert any(t.startswith("Barjām") for t in found)
    assert first(seed, "nuclear dossier").startswith("Barjām")
    assert "title_en" in seed.search("russian military doctrine")[0].highlights


# -- queries over Persian-script records -------------------------------------------------------

@pytest.mark.parametrize("query, key", [
    ("Kazemzadeh", "kazemzadeh1390"),                  # one Latin word for کاظم‌زاده
    ("Kāẓimʹzādah", "kazemzadeh1390"),                 # ALA-LC
    ("siyasat-e khareji", "kazemzadeh1390"),
    ("hamkari", "kazemzadeh1390"),
    ("Tabatabaei", "tabatabaei1385"),
    ("tarikh-e andishe", "tabatabaei1385"),
    ("Ṭabāṭabāʼī", "tabatabaei1385"),
    ("enghelab eslami", "ghaffari1395"),
    ("Ghaffari", "ghaffari1395"),
    ("Qaffari", "ghaffari1395"),                       # q for غ
    ("amuzesh zaban farsi", "mohammadi1398"),
    ("Hosseinzadeh", "hosseinzadeh1392"),              # حسین زاده written as two words
    ("shahrneshini", "hosseinzadeh1392"),
])
def test_latin_queries_find_persian_records(persian, query, key):
    hits = persian.search(query)
    assert hits and hits[0].id == key, (query, [h.id for h in hits])


@pytest.mark.parametrize("query", ["fotoohat makkiye", "Futūḥāt", "al-Futūḥāt al-Makkīyah"])
def test_arabic_article_may_be_left_out_or_written_apart(persian, query):
    assert persian.search(query, 3)[0].id == "ibnarabi1385"


def test_persian_query_matches_exactly_first(persian):
    hits = persian.search("انقلاب اسلامی")
    assert hits[0].id == "ghaffari1395"
    assert hits[0].highlights["title"].startswith("[انقلاب] [اسلامی]")


def test_hits_carry_both_scripts(persian):
    hit = persian.search("Tabatabaei")[0]
    assert hit.title_fa == "تاریخ اندیشه سیاسی در ایران"
    assert hit.title_latin and hit.title_latin.isascii() is False or hit.title_latin.isascii()
    assert any(c.isascii() and c.isalpha() for c in hit.title_latin)


def test_typo_falls_back_to_fuzzy_match(persian):
    assert persian.search("shahrnesheeni")[0].id == "hosseinzadeh1392"


def test_nothing_found(persian):
    assert persian.search("quantum chromodynamics") == []
    assert persian.search("") == [] and persian.search("   ") == []


def test_limit(seed):
    assert len(seed.search("rosiyeh", limit=3)) == 3


# -- the IMOS examples (BibTeX with authorfa/titlefa), when ../shared is present ---------------

@pytest.fixture(scope="module")
def imos(tmp_path_factory):
    bibs = sorted((SHARED / "data" / "iran-bibtex").glob("*.bib"))
    if not bibs:
        pytest.skip("../shared/data/iran-bibtex is not present")
    lib = Library.open(tmp_path_factory.mktemp("imos") / "idx")
    for b in bibs:
        lib.add(read_path(b).references)
    return lib


@pytest.mark.parametrize("query, key", [
    ("kamalzadeh", "کمالزاده1388"),
    ("Kamāl'zādah", "کمالزاده1388"),
    ("bimariha-ye ghalbi", "کمالزاده1388"),
    ("سلینجر", "salinger1951"),          # Persian author form given by the source (authorfa)
    ("Salinger", "salinger1951"),
])
def test_imos_examples(imos, query, key):
    ids = [h.id for h in imos.search(query)]
    assert key in ids[:3], (query, ids)


# -- records that differ by a letter, compounds written joined or apart ------------------------

NEAR_TITLES = ["جامع التواریخ", "جمیع التواریخ", "شاهنامه فردوسی", "شاه نامه", "کتاب خانه ملی",
               "کتابخانه مرکزی", "تاریخ بیهقی", "تاریخ بیهق"]


@pytest.fixture(scope="module")
def near(tmp_path_factory):
    import json

    f = tmp_path_factory.mktemp("near") / "near.json"
    f.write_text(json.dumps([{"id": f"n{i}", "type": "book", "language": "fa", "title": t}
                             for i, t in enumerate(NEAR_TITLES)], ensure_ascii=False), encoding="utf-8")
    lib = Library.open(f.parent / "idx")
    lib.add(read_path(f).references)
    return lib


@pytest.mark.parametrize("query, want", [
    # the same score: the record spelled like the query comes first, whichever was added first
    ("Jāmiʻ al-tavārīkh", "جامع التواریخ"),
    ("Jamīʻ al-tavārīkh", "جمیع التواریخ"),
    ("تاریخ بیهقی", "تاریخ بیهقی"),
    ("تاریخ بیهق", "تاریخ بیهق"),
    # a compound's parts (prime, hyphen) match two words of a record as the whole word does
    ("Shāh'nāmah", "شاه نامه"),
    ("Kitāb'khānah-i millī", "کتاب خانه ملی"),
    ("Kitab-khanah-yi markazi", "کتابخانه مرکزی"),
])
def test_closest_spelling_comes_first(near, query, want):
    hits = near.search(query, 3)
    assert hits and hits[0].title_fa == want, [(h.title_fa, h.score) for h in hits]


def test_unmatched_query_words_do_not_reorder_ties(near):
    assert [h.id for h in near.search("Jamīʻ al-tavārīkh xyzzy", 3)] == \
        [h.id for h in near.search("Jamīʻ al-tavārīkh", 3)]
