"""Reliability: every kind of bad input, run through ``peyvand add`` into an index that already
holds references, counted.

The policy each input is checked against:

* a file that cannot be read as a whole (empty, binary, NUL bytes, not UTF-8 and not a legacy
  Persian encoding, invalid JSON array, a directory, a pipe, missing) stops the command with exit
  code 2 and one line on stderr naming the file (and the line, where there is one); nothing is added;
* a broken record (truncated or unbalanced BibTeX, RIS without ER, a bad JSON Lines line, a line
  too long to be a citation, a field over 10,000 characters, a MARC record truncated, with a bad
  leader or directory or bytes that its encoding flag denies) is skipped, and the summary reports it
  with ``file:line`` and the reason; the file's other records are added;
* text that is only messy (Windows-1256, UTF-16, bidi marks, lone surrogates, CRLF, control
  characters) is read.

In every case: no traceback, and every record that was in the index before is still there.
The test prints the tally: "N inputs tried, 0 tracebacks, 0 records lost, index still opens".
"""
from __future__ import annotations

import codecs
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from cli import app
from index.library import Library

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "references.txt"

PERSIAN = "کاظم‌زاده، فیروز (۱۳۷۱) «روس و انگلیس در ایران»، تهران: انتشارات انقلاب اسلامی.\n"
LATIN = 'Buzan, B. (2000) "Copenhagen School in the Security Studies,” Strategic Studies 3, 3: 9-15.\n'
BIB_OK = "@book{good1, title={تاریخ ادبیات ایران}, author={صفا, ذبیح‌الله}, year={1363}}\n"
BIB_OK2 = "@article{good2, title={Siyāsat-e khāreji}, author={Amiri, M.}, year={2010}}\n"
RIS_OK = "TY  - JOUR\nID  - ris-good\nTI  - Ravābet-e Īrān va Rusiyeh\nAU  - Karami, J.\nPY  - 2014\nER  - \n"

runner = CliRunner()


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]
    expect: str          # "error": exit 2, one line; "skip": exit 0, skips reported; "ok": exit 0
    needle: str = ""     # text the error line or the skip reason must contain


def _w(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        p = d / name
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return p
    return make


def _big_prose(d: Path) -> Path:
    """50 MB of text lines that are not citations, with two real ones in the middle."""
    rnd = random.Random(5)
    words = "the of relations Iran Russia ravābet-e Īrān va rusiyeh روابط ایران و روسیه".split()
    lines = [" ".join(rnd.choice(words) for _ in range(12)) for _ in range(2000)]
    block = ("\n".join(lines) + "\n").encode("utf-8")
    p = d / "big50mb.txt"
    with p.open("wb") as f:
        size = 0
        while size < 50_000_000:
            f.write(block)
            size += len(block)
            if size > 25_000_000 and size - len(block) <= 25_000_000:
                f.write((PERSIAN + LATIN).encode("utf-8"))
    return p


def _one_line(name: str, head: str, tail: str) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        rnd = random.Random(7)
        words = "Īrān va rusiyeh ravābet tārikh ایران روسیه".split()
        body = " ".join(rnd.choice(words) for _ in range(700_000))[:5_000_000]
        p = d / name
        p.write_text(head + body + tail, encoding="utf-8")
        return p
    return make


def _marc(title: str, persian: str = "", rid: str = "") -> bytes:
    """One UTF-8 ISO 2709 record with a 245 and, when given, its linked 880."""
    from pymarc import Field, Indicators, Leader, Record, Subfield

    r = Record(force_utf8=True, leader=Leader("00000nam a2200000 i 4500"))
    if rid:
        r.add_field(Field(tag="001", data=rid))
    link = [Subfield("6", "880-01")] if persian else []
    r.add_field(Field(tag="245", indicators=Indicators("1", "0"),
                      subfields=link + [Subfield("a", title)]))
    if persian:
        r.add_field(Field(tag="880", indicators=Indicators("1", "0"),
                          subfields=[Subfield("6", "245-01/(3/r"), Subfield("a", persian)]))
    return r.as_marc()


MARC_OK = _marc("Tārīkh-i adabīyāt-i Īrān", "تاریخ ادبیات ایران", "marc-good")
MARC_FA = _marc("Rūs va Inglīs dar Īrān", "روس و انگلیس در ایران", "marc-fa")


def _fifo(d: Path) -> Path:
    p = d / "pipe.bib"
    os.mkfifo(p)
    return p


def _dir(d: Path) -> Path:
    p = d / "refs.bib"
    p.mkdir()
    return p


CASES = [
    # whole-file errors
    Case("empty file", _w("empty.bib", b""), "error", "empty file"),
    Case("blank file", _w("blank.txt", " \n\t\n\n"), "error", "empty file"),
    Case("binary (random bytes)", _w("random.bin", random.Random(1).randbytes(4096)), "error", ""),
    Case("PNG named .bib", _w("image.bib", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
         "error", "binary"),
    Case("NUL byte in a BibTeX file", _w("nul.bib", (BIB_OK + BIB_OK2).encode() + b"\x00\n" +
                                         BIB_OK.encode()), "error", "line 3: binary"),
    Case("invalid JSON array", _w("bad.json", '[{"title": "a"},\n {"title": "b"}\n {"title": "c"}]'),
         "error", "line 3 column 2"),
    Case("truncated JSON array", _w("cut.json", '[{"id": "j1", "title": "Tārikh"}, {"id": "j2", "ti'),
         "error", "invalid JSON"),
    Case("JSON nested 100k deep", _w("deep.json", "[" * 100_000 + "]" * 100_000), "error", "deep"),
    Case("Latin-1 file", _w("latin1.txt", "Müller, J. (1990) «Café au lait»\n".encode("latin-1")),
         "error", "iconv -f WINDOWS-1256 -t UTF-8"),
    Case("UTF-8 with a damaged byte", _w("damaged.txt", (PERSIAN * 3).encode() + b"\xff" +
                                         (PERSIAN * 3).encode()), "error", "line 4: not valid UTF-8"),
    Case("encoded lone surrogate (CESU bytes)", _w("cesu.txt", PERSIAN.encode() + b"\xed\xa0\x80\n"),
         "error", "line 2: not valid UTF-8"),
    Case("UTF-16 Persian without BOM", _w("u16.txt", (PERSIAN * 3).encode("utf-16-le")), "error",
         "iconv -f UTF-16"),
    Case("unrecognized format", _w("notes.dat", "just some notes\nnothing bibliographic\n"), "error",
         "unknown format"),
    Case("directory given as a file", _dir, "error", "is a directory"),
    Case("missing file", lambda d: d / "nowhere.ris", "error", "file not found"),
    Case("named pipe", _fifo, "error", "not a regular file"),
    # per-record skips
    Case("truncated BibTeX", _w("trunc.bib", BIB_OK + BIB_OK2 + "@article{cut, title={Tārikh-e Īr"),
         "skip", "trunc.bib:3: @article"),
    Case("unbalanced BibTeX braces", _w("unbal.bib", "@book{bad, title={{Tārikh}, year={2001}}\n" +
                                        BIB_OK + BIB_OK2), "skip", "@book"),
    Case("RIS without ER", _w("noer.ris", "TY  - BOOK\nTI  - Lost record\nAU  - X, Y.\n" + RIS_OK +
                              "TY  - JOUR\nTI  - Last without end\n"), "skip", "no ER line"),
    Case("JSON Lines with a bad line", _w("bad.jsonl", '{"id": "l1", "title": "Tārikh"}\n{"id": \n'
                                          '{"id": "l3", "title": "Adabiyāt"}\n'), "skip", "invalid JSON"),
    Case("5 MB single-line text", _one_line("line5mb.txt", "", "\n"), "skip", "characters long"),
    Case("5 MB single-line BibTeX field", _one_line("line5mb.bib", BIB_OK +
                                                     "@article{huge, author={A, B}, title={", "}}\n"),
         "skip", "characters long"),
    Case("50 MB file", _big_prose, "skip", "not a citation"),
    Case("citation list with junk lines", _w("junk.txt", "%%%%\n" + PERSIAN + "(((( ))))\n" + LATIN),
         "skip", "not a citation"),
    Case("truncated MARC record", _w("cut.mrc", MARC_OK + MARC_FA[:60]), "skip",
         "truncated record"),
    Case("MARC record with a bad leader", _w("leader.mrc", b"0x1" + MARC_FA[3:] + MARC_OK), "skip",
         "record 1 (byte 0): bad leader"),
    Case("MARC record with a bad directory", _w("dir.mrc", MARC_OK + MARC_FA[:30] + b"zz" +
                                                MARC_FA[32:]), "skip", "bad directory"),
    Case("MARC flagged UTF-8, bytes not UTF-8", _w("flag.mrc", MARC_OK + MARC_FA.replace(
        "روس".encode(), b"\xc8\xd1\xd3\xc8\xd1\xd3")), "skip", "says UTF-8 but byte 0x"),
    Case("MARCXML not well-formed", _w("bad.xml", '<?xml version="1.0"?>\n<collection xmlns='
                                       '"http://www.loc.gov/MARC21/slim"><record><leader>00000nam a'
                                       '2200000 i 4500</leader>\n<datafield tag="245"></record>'),
         "error", "invalid MARCXML at line 3"),
    # messy but readable
    Case("MARC flagged MARC-8, bytes UTF-8", _w("m8.mrc", MARC_FA[:9] + b" " + MARC_FA[10:]), "ok"),
    Case("MARC 880 pointing nowhere", _w("orphan.mrc", MARC_OK.replace(b"245-01", b"245-07")), "ok"),
    Case("Windows-1256 Persian", _w("legacy.txt", PERSIAN.replace("ی", "ي").replace("۱۳۷۱", "1371")
                                    .encode("cp1256")), "ok"),
    Case("UTF-16 LE with BOM", _w("u16le.bib", codecs.BOM_UTF16_LE + (BIB_OK + BIB_OK2)
                                  .encode("utf-16-le")), "ok"),
    Case("UTF-16 BE with BOM", _w("u16be.ris", codecs.BOM_UTF16_BE + RIS_OK.encode("utf-16-be")), "ok"),
    Case("UTF-16 Latin without BOM", _w("u16nobom.txt", LATIN.encode("utf-16-le")), "ok"),
    Case("UTF-8 BOM and CRLF", _w("crlf.txt", codecs.BOM_UTF8 + (PERSIAN + LATIN).replace("\n", "\r\n")
                                  .encode()), "ok"),
    Case("mixed right-to-left marks", _w("bidi.txt", "\u202bکاظم‌زاده، فیروز\u202c (۱۳۷۱) «\u200fروس و"
                                         " انگلیس\u200e در \u2067ایران\u2069»، تهران: انقلاب.\n" + LATIN),
         "ok"),
    Case("lone surrogates in JSON escapes", _w("sur.json", '[{"id": "s1", "title": "Tārikh-e \\ud800 '
                                               'Īrān", "author": [{"family": "A\\udfffb", "given": "M."}]}]'),
         "ok"),
    Case("control characters", _w("ctrl.bib", BIB_OK.replace("تاریخ", "تا\x07ریخ\x1b") + BIB_OK2), "ok"),
]


def _ids(index: Path) -> set[str]:
    with Library.open(index, create=False) as lib:
        return {h.id for h in lib.references()}


def _stderr(result) -> str:
    try:
        return result.stderr
    except (ValueError, AttributeError):      # older click: stderr mixed into output
        return result.output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("reliability") / "index"
    result = runner.invoke(app, ["add", str(SEED), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return index


def test_bad_inputs_are_counted(seeded, tmp_path, capsys):
    before = _ids(seeded)
    assert len(before) == 21
    tracebacks = lost = 0
    problems: list[str] = []
    for case in CASES:
        d = tmp_path / f"case{CASES.index(case)}"
        d.mkdir()
        path = case.make(d)
        result = runner.invoke(app, ["add", str(path), "--index", str(seeded)])
        err = _stderr(result)
        if (result.exception is not None and not isinstance(result.exception, SystemExit)) \
                or "Traceback" in result.output:
            tracebacks += 1
            problems.append(f"{case.name}: traceback {result.exception!r}")
            continue
        try:
            after = _ids(seeded)
        except Exception as exc:            # the index no longer opens
            problems.append(f"{case.name}: index does not open: {exc}")
            break
        gone = before - after
        lost += len(gone)
        if gone:
            problems.append(f"{case.name}: lost {sorted(gone)[:5]}")
        if case.expect == "error":
            lines = [ln for ln in err.splitlines() if ln.strip()]
            ok = (result.exit_code == 2 and len(lines) == 1 and str(path) in lines[0]
                  and case.needle in lines[0] and after == before)
            if not ok:
                problems.append(f"{case.name}: expected one error line with {case.needle!r}, "
                                f"got exit {result.exit_code}: {err!r}")
        else:
            summary = result.output
            skipped = int(summary.split("skipped ")[1].split()[0]) if "skipped " in summary else -1
            if result.exit_code != 0:
                problems.append(f"{case.name}: exit {result.exit_code}: {result.output!r}")
            elif case.expect == "skip" and (skipped < 1 or case.needle not in summary
                                            or f"skipped {path}:" not in summary):
                problems.append(f"{case.name}: skip not reported: {summary[:300]!r}")
            elif case.expect == "ok" and (skipped != 0 or summary.startswith("added 0, updated 0")):
                problems.append(f"{case.name}: records not read: {summary[:300]!r}")
        before = after
    opens = True
    try:
        with Library.open(seeded, create=False) as lib:
            assert lib.search("روابط ایران و روسیه", 3)
    except Exception:
        opens = False
    with capsys.disabled():
        print(f"\n{len(CASES)} inputs tried, {tracebacks} tracebacks, {lost} records lost, "
              f"index {'still opens' if opens else 'DOES NOT OPEN'}")
    assert not problems, "\n".join(problems)
    assert tracebacks == 0 and lost == 0 and opens


def test_cleaned_records_are_searchable(tmp_path):
    """What the messy inputs turn into: bidi marks gone, surrogates replaced, 1256 decoded."""
    index = tmp_path / "index"
    files = [case.make(tmp_path) for case in CASES
             if case.name in ("mixed right-to-left marks", "lone surrogates in JSON escapes",
                              "Windows-1256 Persian")]
    result = runner.invoke(app, ["add", *map(str, files), "--index", str(index)])
    assert result.exit_code == 0, result.output
    with Library.open(index, create=False) as lib:
        titles = {h.reference.title for h in lib.references()}
        assert "روس و انگلیس در ایران" in titles                # marks removed from the bidi file
        assert "Tārikh-e \ufffd Īrān" in titles
        assert "روس و انگليس در ايران" in titles                # Windows-1256, letters as written
        hits = lib.search("انگلیس", 5)
        assert len(hits) >= 2                                   # one spelling finds both files
    exported = runner.invoke(app, ["export", "--index", str(index), "--format", "bibtex"])
    assert exported.exit_code == 0 and "\ufffd" in exported.output


@pytest.mark.parametrize("args,needle", [
    (["add", "{nul}"], "binary"),
    (["add", "{dir}"], "is a directory"),
    (["add", "{good}", "{nul}"], "binary"),       # one unreadable file: nothing at all is added
])
def test_installed_command_prints_one_line(tmp_path, peyvand_bin, cli_env, args, needle):
    nul = _w("nul.bib", b"@book{a, title={x}}\n\x00")(tmp_path)
    good = _w("good.bib", BIB_OK)(tmp_path)
    files = {"nul": nul, "dir": tmp_path, "good": good}
    argv = [a.format(**files) for a in args]
    run = subprocess.run([peyvand_bin, *argv], capture_output=True, text=True, env=cli_env,
                         timeout=120)
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and needle in run.stderr
    assert "Traceback" not in run.stderr
    assert not Path(cli_env["PEYVAND_INDEX"]).exists() or not _ids(Path(cli_env["PEYVAND_INDEX"]))
