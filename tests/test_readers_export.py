"""Writers: CSL-JSON, BibTeX and RIS output read back through the readers unchanged."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.export import to_bibtex, to_csl_json, to_ris
from index.readers import read_path, read_text
from index.reference import Reference

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
SHARED = Path(__file__).resolve().parents[2] / "shared"

FIELDS = ("id", "type", "authors", "editors", "year", "season", "title", "title_en",
          "container", "container_en", "volume", "issue", "pages", "publisher", "place",
          "language", "url", "note", "authors_fa", "title_fa", "authors_latin", "title_latin",
          "edition", "series", "editors_fa", "editors_latin", "container_fa", "container_latin",
          "place_fa", "place_latin", "publisher_fa", "publisher_latin", "edition_fa",
          "edition_latin", "series_fa", "series_latin")
WRITERS = [(to_csl_json, "csl-json"), (to_bibtex, "bibtex"), (to_ris, "ris")]


def _fields(ref: Reference) -> dict:
    return {f: getattr(ref, f) for f in FIELDS}


def _round_trip(refs, writer, fmt):
    text = writer(refs)
    result = read_text(text, fmt, "export")
    assert result.skipped == []
    return result.references


def _sources():
    refs = read_path(ROOT / "examples" / "references.txt").references
    for name in ("persian.txt", "wrapped.txt", "mixed.txt", "sample.bib", "sample.ris",
                 "sample.json"):
        refs += read_path(FIXTURES / name).references
    # The fixtures repeat some seed references; an export holds each id once.
    return list({r.id: r for r in refs}.values())


@pytest.mark.parametrize("writer,fmt", WRITERS, ids=[f for _, f in WRITERS])
def test_round_trip_of_all_fixture_references(writer, fmt):
    refs = _sources()
    back = _round_trip(refs, writer, fmt)
    assert [_fields(r) for r in back] == [_fields(r) for r in refs]


@pytest.mark.parametrize("writer,fmt", WRITERS, ids=[f for _, f in WRITERS])
def test_parallel_fields_from_index_dicts(writer, fmt):
    ref = read_text("کاظم‌زاده، فیروز (۱۳۷۱) «روس و انگلیس در ایران»، تهران: نشر.\n").references[0]
    data = ref.to_dict()
    data.update(title_latin="Rūs va Inglīs dar Īrān", authors_latin=["Kāẓimzādah, Fīrūz"],
                title_fa=ref.title, authors_fa=ref.authors)
    back = _round_trip([data], writer, fmt)[0]
    assert back.title_latin == "Rūs va Inglīs dar Īrān"
    assert back.authors_latin == ["Kāẓimzādah, Fīrūz"]
    assert back.title_fa == "روس و انگلیس در ایران" and back.authors_fa == ["کاظم‌زاده، فیروز"]
    assert (back.id, back.year, back.title) == (ref.id, "۱۳۷۱", ref.title)


def test_export_formats_look_like_their_standards():
    ref = Reference(id="k1", authors=["Amiri, M."], year="2010", title="T & {U} 50% a--b ~x",
                    language="fa", title_fa="عنوان", authors_fa=["امیری، م."])
    items = json.loads(to_csl_json([ref]))
    # CSL-JSON as Zotero/Juris-M read it: the title in its original script, the romanization
    # and the other script of each name as multi variants
    assert items[0]["author"] == [{"family": "Amiri", "given": "M.",
                                   "multi": {"_key": {"fa": {"literal": "امیری، م."}}}}]
    assert items[0]["title"] == "عنوان" and items[0]["language"] == "fa"
    assert items[0]["multi"]["_keys"]["title"] == {"fa-Latn": ref.title}
    assert items[0]["issued"] == {"date-parts": [[2010]]} and items[0]["title_fa"] == "عنوان"
    bib = to_bibtex([ref])
    assert bib.startswith("@article{k1,\n") and "language = {Persian}" in bib
    assert r"T \& \{U\} 50\% a-{}-b \textasciitilde{}x" in bib
    assert "authorfa = {{امیری، م.}}" in bib
    ris = to_ris([ref])
    assert ris.splitlines()[0] == "TY  - JOUR" and ris.rstrip().endswith("ER  -")
    assert "C1  - title_fa: عنوان" in ris and "LA  - Persian" in ris
    assert read_text(bib, "bibtex").references[0].title == ref.title


def test_missing_id_gets_a_citation_key():
    ref = Reference(title="T", authors=["Amiri, B."], year="2015")
    item = json.loads(to_csl_json([ref.to_dict()]))[0]
    assert item["id"] == "amiri2015"


def test_iran_bibtex_round_trips_through_every_writer():
    folder = SHARED / "data" / "iran-bibtex"
    if not folder.is_dir():
        pytest.skip("../shared/data/iran-bibtex is not present")
    refs = [r for p in sorted(folder.glob("*.bib")) for r in read_path(p).references]
    # Keys repeat across the example files; a single export holds each id once.
    unique = list({r.id: r for r in refs}.values())
    for writer, fmt in WRITERS:
        back = _round_trip(unique, writer, fmt)
        assert [_fields(r) for r in back] == [_fields(r) for r in unique], fmt


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Cf")), max_size=30)
_WORD = _TEXT.map(lambda s: " ".join(s.split()))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_WORD.filter(bool), authors=st.lists(_WORD.filter(bool), max_size=3),
       year=st.sampled_from(["2010", "۱۳۷۱", "n.d.", ""]), container=_WORD, note=_WORD,
       writer=st.sampled_from(WRITERS))
def test_round_trip_arbitrary_text(title, authors, year, container, note, writer):
    ref = Reference(id="x1", title=title, authors=authors, year=year, container=container,
                    note=note, type="article").ensure_id()
    back = _round_trip([ref], *writer)
    assert len(back) == 1
    got = back[0]
    assert (got.title, got.authors, got.year, got.container, got.note) == (
        title, authors, year, container, note)


def _full(**over) -> Reference:
    ref = Reference(
        id="hidayat1351", type="book", authors=["Hidāyat, Ṣādiq"], authors_fa=["هدایت، صادق"],
        editors=["Jamālzādah, Muḥammad ʻAlī"], editors_fa=["جمال‌زاده، محمدعلی"], year="1351",
        title="Būf-i kūr", title_fa="بوف کور", title_en="The Blind Owl", place="Tihrān",
        place_fa="تهران", publisher="Amīr Kabīr", publisher_fa="امیر کبیر", edition="Chāp-i 2",
        edition_fa="چاپ ۲", series="Majmūʻah-i āsār ; 1", series_fa="مجموعه آثار ; 1",
        container="Āsār", container_fa="آثار", language="fa")
    for k, v in over.items():
        setattr(ref, k, v)
    return ref


@pytest.mark.parametrize("writer,fmt", WRITERS, ids=[f for _, f in WRITERS])
def test_every_parallel_form_round_trips(writer, fmt):
    romanized_source = _full()
    persian_source = _full(title="بوف کور", title_fa="", title_latin="Būf-i kūr",
                           authors=["هدایت، صادق"], authors_fa=[], authors_latin=["Hidāyat, Ṣādiq"],
                           place="تهران", place_fa="", place_latin="Tihrān", id="b")
    for ref in (romanized_source, persian_source):
        back = _round_trip([ref], writer, fmt)
        assert [_fields(r) for r in back] == [_fields(ref)], fmt


def test_zotero_extra_lines_round_trip():
    ref = _full(note="Reprint of the 1936 Bombay edition.")
    item = json.loads(to_csl_json([ref], zotero_extra=True))[0]
    lines = item["note"].split("\n")
    assert lines[0] == "Reprint of the 1936 Bombay edition."
    assert "tex.langid: persian" in lines and "tex.titlefa: بوف کور" in lines
    assert "tex.authorfa: هدایت، صادق" in lines and "tex.addressfa: تهران" in lines
    back = read_text(json.dumps([item], ensure_ascii=False), "csl-json").references[0]
    assert _fields(back) == _fields(ref)
    # a file whose Extra holds only these lines (no multi, no peyvand keys) keeps the forms too
    bare = {k: v for k, v in item.items() if k in ("id", "type", "title", "author", "note")}
    bare["title"] = ref.title
    again = read_text(json.dumps([bare], ensure_ascii=False), "csl-json").references[0]
    assert (again.title_fa, again.authors_fa, again.place_fa, again.language) == (
        "بوف کور", ["هدایت، صادق"], "تهران", "fa")
