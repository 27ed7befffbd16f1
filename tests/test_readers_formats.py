"""BibTeX, RIS and CSL-JSON readers on small fixtures, and BibTeX on the Iran Manual of Style
examples when ../shared is present."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.errors import ReaderError
from index.readers import read_path, read_text
from index.readers.bibtex import latex_to_unicode, parse_bibtex_names

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _line(origin: str) -> int:
    return int(origin.rsplit(":", 1)[1])


# ---------------------------------------------------------------------------------- BibTeX

@pytest.fixture(scope="module")
def bib():
    return read_path(FIXTURES / "sample.bib")


def test_bibtex_entries_and_skips(bib):
    assert bib.format == "bibtex"
    assert [r.id for r in bib.references] == ["amiri2015", "muller1990", "کاظم‌زاده۱۳۷۱"]
    reasons = {_line(s.origin): s.reason for s in bib.skipped}
    assert set(reasons) == {29, 45}
    assert "unbalanced braces in field 'title'" in reasons[29]
    assert "duplicate" in reasons[45] and "sample.bib:6" in reasons[45]


def test_bibtex_fields_macros_concatenation_and_parallel_forms(bib):
    r = bib.references[0]
    assert r.type == "chapter" and r.origin.endswith("sample.bib:6")
    assert r.title == "Hamkāriʹhā-ye Īrān va Rūsiyah"
    assert r.title_fa == "همکاری‌های ایران و روسیه"
    assert r.authors == ["Amiri, Mahdi"] and r.authors_fa == ["امیری, مهدی"]
    assert r.container == "Chashmandāz-e rābitān"                  # "..." # {...}
    assert r.publisher == "Tehran International Studies and Research Institute"   # @string
    assert (r.year, r.season, r.pages, r.language) == ("2015", "September", "11-27", "fa")
    assert r.editors == ["Asgarian, H."]
    assert r.source["booktitle"] == "Chashmand{\\=a}z-e r{\\=a}bit{\\=a}n"   # raw, as written
    assert r.source["entrytype"] == "incollection"
    assert r.source["record"].startswith("@incollection{amiri2015,")


def test_bibtex_latex_names_and_round_parentheses(bib):
    r = bib.references[1]
    assert r.authors == ["Müller, Jörg", "Café, François", "World Health Organization"]
    assert r.title == "Tectona grandis & the British ḥukm, 1850–1900"
    assert r.container == "Journal of Persian Studies"
    assert r.url == "http://example.org/a_b%20c"            # verbatim
    assert r.language == ""                                 # not declared, Latin script


def test_bibtex_persian_entry_keeps_digits_and_ignores_opt_fields(bib):
    r = bib.references[2]
    assert (r.year, r.place, r.language) == ("۱۳۷۱", "تهران", "fa")
    assert r.note == "" and "optnote" not in r.source


@pytest.mark.parametrize("raw,expected", [
    (r"Caf\'{e}", "Café"), (r"M\"uller", "Müller"), (r"{\=a}", "ā"), (r"\={\i}", "ī"),
    (r"\d{h}asan", "ḥasan"), (r"\v{s}", "š"), (r"\c c", "ç"), (r"50\%", "50%"),
    (r"{\em Intro. to} The road", "Intro. to The road"), (r"\emph{x} y", "x y"),
    (r"a~b", "a b"), (r"\unknown{x}", r"\unknown{x}"), (r"\{x\}", "{x}"),
    ("پرنسس {\\em تایتانیک}", "پرنسس تایتانیک"),
])
def test_latex_to_unicode(raw, expected):
    assert latex_to_unicode(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("Marty, Martine E and Appleby, R Scott", ["Marty, Martine E", "Appleby, R Scott"]),
    ("Jerome David Salinger", ["Salinger, Jerome David"]),
    ("Friedrich August von Hayek", ["von Hayek, Friedrich August"]),
    ("{Ministry of Science and Technology} and others", ["Ministry of Science and Technology"]),
    ("علیدوستی, سیروس and صابری, مریم", ["علیدوستی, سیروس", "صابری, مریم"]),
])
def test_bibtex_names(raw, expected):
    assert parse_bibtex_names(raw) == expected


def test_bibtex_iran_manual_of_style_examples():
    folder = SHARED / "data" / "iran-bibtex"
    if not folder.is_dir():
        pytest.skip("../shared/data/iran-bibtex is not present")
    refs, skipped = [], []
    for path in sorted(folder.glob("*.bib")):
        result = read_path(path)
        refs += result.references
        skipped += result.skipped
    assert len(refs) == 217 and skipped == []
    persian = [r for r in refs if r.language == "fa"]
    assert len(persian) == 111
    with_fa = [r for r in refs if r.authors_fa]
    assert len(with_fa) == 6 and all(r.language == "" for r in with_fa)
    salinger = next(r for r in refs if r.id == "salinger1951")
    assert salinger.authors_fa == ["سلینجر, جروم دیوید"] and salinger.place == "Boston"
    # translator-first entries: the original author comes from "by"
    assert next(r for r in refs if r.id == "خوشدل1379-1").authors == ["بوسکالیا, لئو"]
    assert all(r.title or r.container for r in refs)


# ---------------------------------------------------------------------------------- RIS

def test_ris_records():
    result = read_path(FIXTURES / "sample.ris")
    assert result.format == "ris"
    assert [(_line(s.origin), "no ER" in s.reason) for s in result.skipped] == [(31, True)]
    amiri, asgarian, kazem = result.references
    assert amiri.id == "amiri2010" and amiri.origin.endswith(":1")
    assert (amiri.year, amiri.season, amiri.title_en, amiri.pages) == (
        "2010", "Autumn", "Evaluating the Russian New Military Doctrine", "67-100")
    assert (amiri.container, amiri.volume, amiri.issue, amiri.language) == (
        "Faslnāmeh-ye rāhbord-e defā‘e", "8", "30", "fa")
    assert amiri.note == "accessed 2017/10/10" and amiri.url == "http://example.org/amiri"
    assert asgarian.type == "chapter" and asgarian.editors == ["Asgarian, H."]
    assert asgarian.title.endswith("rosiyeh (continued on a second line)")
    assert asgarian.title_fa == "چشم‌انداز روابط ایران و روسیه"
    assert asgarian.authors_fa == ["عسگریان، حسین"]
    assert asgarian.title_latin == ""            # an unlabelled C2 is someone else's field
    assert asgarian.source["C2"] == "Some other program's custom field"
    assert kazem.authors == ["کاظم‌زاده، فیروز"] and kazem.year == "۱۳۷۱"
    assert kazem.language == "fa" and kazem.id == "kazemzadeh1371"   # romanized family + year


def test_ris_text_outside_records_is_reported():
    text = "Exported by X\nTY  - BOOK\nTI  - T\nER  - \n"
    result = read_text(text, "ris", "x.ris")
    assert len(result.references) == 1
    assert [s.origin for s in result.skipped] == ["x.ris:1"]


# ---------------------------------------------------------------------------------- CSL-JSON

def test_csl_json_array():
    result = read_path(FIXTURES / "sample.json")
    assert result.format == "csl-json"
    assert [(_line(s.origin), "not an object" in s.reason) for s in result.skipped] == [(12, True)]
    amiri, chapter, kazem = result.references
    assert (amiri.id, amiri.volume, amiri.season, amiri.language) == ("amiri2010", "8",
                                                                       "Autumn", "fa")
    assert amiri.origin.endswith(":2") and json.loads(amiri.source["record"])["id"] == "amiri2010"
    assert chapter.authors == ["Spanish Institute for Strategic Studies (IEEE)", "de Wilde, J."]
    assert (chapter.type, chapter.season, chapter.place) == ("chapter", "November 9", "Tehran")
    assert kazem.year == "۱۳۷۱" and kazem.language == "fa"
    assert kazem.title_latin == "Rūs va Inglīs dar Īrān"
    assert kazem.authors_latin == ["Kāẓimzādah, Fīrūz"]


def test_csl_json_lines_skip_bad_lines():
    result = read_path(FIXTURES / "sample.jsonl")
    assert [r.id for r in result.references] == ["a", "c"]
    assert [(_line(s.origin), s.reason.split(" ")[0]) for s in result.skipped] == [
        (2, "invalid"), (3, "line")]
    assert result.references[1].note == "accessed 2018-3-2"


def test_csl_json_invalid_array_names_line_and_column():
    with pytest.raises(ReaderError, match=r"bad\.json: invalid JSON at line 3 column 12"):
        read_text('[\n {"title": "a"},\n {"title": }\n]', "auto", "bad.json")
    with pytest.raises(ReaderError, match="not closed"):
        read_text('[{"title": "a"}', "csl-json", "x.json")
    with pytest.raises(ReaderError, match="line 1 column 1"):
        read_text("title: a", "csl-json", "x.json")


def test_csl_json_single_pretty_object():
    result = read_text('{\n  "id": "x",\n  "title": "T"\n}\n', "auto", "one.json")
    assert [r.id for r in result.references] == ["x"]
