"""read_path / read_text: whole-file errors, encodings, format detection, and fuzzing that no
input makes a reader raise anything but ReaderError."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import ReaderError
from index.readers import FORMATS, ReadResult, Skip, detect_format, read_path, read_text
from translit.errors import PeyvandError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
PERSIAN_LINE = "کاظم‌زاده، فیروز (۱۳۷۱) «روس و انگلیس در ایران»، تهران: انتشارات انقلاب اسلامی.\n"
LATIN_LINE = ('Buzan, B. (2000) "Copenhagen School in the Security Studies,” Strategic Studies 3, '
              '3: 9-15.\n')


def test_contract_names():
    assert FORMATS == ("text", "bibtex", "ris", "csl-json", "marc", "marcxml")
    assert issubclass(ReaderError, PeyvandError)
    result = read_text(LATIN_LINE)
    assert isinstance(result, ReadResult) and result.format == "text"
    assert Skip("f:1", "why").origin == "f:1"


@pytest.mark.parametrize("make,message", [
    (lambda d: d / "missing.bib", "file not found"),
    (lambda d: d, "is a directory"),
    (lambda d: _write(d / "empty.bib", b""), "empty file"),
    (lambda d: _write(d / "blank.txt", b"  \n\t\n"), "empty file"),
    (lambda d: _write(d / "x.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01"), "binary"),
    (lambda d: _write(d / "latin1.txt", "Müller, J. (1990) «Café»\n".encode("latin-1")),
     "iconv -f WINDOWS-1256 -t UTF-8"),
])
def test_whole_file_errors_are_one_line_reader_errors(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(ReaderError) as err:
        read_path(path)
    text = str(err.value)
    assert message in text and "\n" not in text and str(path) in text


def test_unknown_format_name():
    with pytest.raises(ReaderError, match="unknown format 'endnote'"):
        read_text(LATIN_LINE, "endnote")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_unicode_encodings(tmp_path, encoding, bom):
    path = _write(tmp_path / "refs.txt", bom + (PERSIAN_LINE + LATIN_LINE).encode(encoding))
    result = read_path(path)
    assert [r.title for r in result.references] == [
        "روس و انگلیس در ایران", "Copenhagen School in the Security Studies"]
    assert result.references[0].authors == ["کاظم‌زاده، فیروز"]


def test_utf16_without_bom_latin_text_is_read(tmp_path):
    path = _write(tmp_path / "refs.txt", LATIN_LINE.encode("utf-16-le"))
    result = read_path(path)
    assert result.encoding == "utf-16" and result.notes
    assert result.references[0].container == "Strategic Studies"


def test_windows_1256_is_detected_and_noted(tmp_path):
    # Windows-1256 has no Persian yeh or Persian digits: legacy files used Arabic ي and ASCII
    # digits, and they are kept as written (normalizing letters is the index's job).
    legacy = PERSIAN_LINE.replace("ی", "ي").replace("۱۳۷۱", "1371")
    path = _write(tmp_path / "legacy.txt", legacy.encode("cp1256"))
    result = read_path(path)
    assert result.encoding == "windows-1256"
    assert any("Windows-1256" in n for n in result.notes)
    ref = result.references[0]
    assert (ref.title, ref.year, ref.authors) == ("روس و انگليس در ايران", "1371",
                                                  ["کاظم‌زاده، فيروز"])


def test_control_characters_and_crlf_are_cleaned(tmp_path):
    dirty = LATIN_LINE.replace("Copenhagen", "Copen\x07hagen\u200f").replace("\n", "\r\n")
    result = read_path(_write(tmp_path / "r.txt", dirty.encode("utf-8")))
    assert result.references[0].title == "Copenhagen School in the Security Studies"


def test_nul_in_text_is_a_reader_error():
    with pytest.raises(ReaderError, match="binary"):
        read_text("a\x00b")


@pytest.mark.parametrize("name,text,fmt", [
    ("a.bib", "anything", "bibtex"), ("a.ris", "x", "ris"), ("a.jsonl", "x", "csl-json"),
    ("a.txt", "@book{x,}", "text"),
    ("a", "% refs\n@article{k, title={T}}", "bibtex"),
    ("a", "\nTY  - JOUR\nER  - \n", "ris"),
    ("a", '  [{"title": "x"}]', "csl-json"),
    ("a", LATIN_LINE, "text"),
])
def test_detect_format(name, text, fmt):
    assert detect_format(text, name) == fmt


def test_content_sniffing_through_read_path(tmp_path):
    path = _write(tmp_path / "export.dat", (FIXTURES / "sample.ris").read_bytes())
    assert read_path(path).format == "ris"
    assert read_path(FIXTURES / "sample.ris", fmt="text").format == "text"


# ------------------------------------------------------------------------------------- fuzzing

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text drawn mostly from the characters each format gives meaning to, so that the fuzzing reaches
# the parsers' inner branches instead of stopping at "not a citation".
_SYNTAX = st.sampled_from(list('@{}(),="#\\[]:;.-«»“”"\'\n \tTYERAUPY  - 0123456789۱۳۷') +
                          ["@article{", "TY  - ", "ER  - ", "\nAU  - ", "(2010, Autumn) ",
                           "title = ", '{"title": ', "[", "]", "(In Persian)", "Available at: ",
                           "in H. Asgarian, ed. ", "8, 30: 67-100", "Amiri, M. ", "،", " و "])
SYNTAXY = st.lists(st.one_of(_SYNTAX, st.text(max_size=5)), max_size=60).map("".join)


@FUZZ
@given(text=st.one_of(st.text(max_size=400), SYNTAXY), fmt=st.sampled_from(("auto",) + FORMATS))
def test_read_text_never_raises_other_errors(text, fmt):
    try:
        result = read_text(text, fmt, "fuzz.txt")
    except ReaderError as exc:
        assert "\n" not in str(exc)
        return
    for ref in result.references:
        assert ref.id and ref.origin.startswith("fuzz.txt:")


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), SYNTAXY.map(lambda s: s.encode("utf-8")),
                      SYNTAXY.map(lambda s: s.encode("utf-16"))),
       ext=st.sampled_from([".txt", ".bib", ".ris", ".json", ".jsonl", ".dat"]))
def test_read_path_never_raises_other_errors(tmp_path, data, ext):
    path = tmp_path / f"fuzz{ext}"
    path.write_bytes(data)
    try:
        read_path(path)
    except ReaderError:
        pass
