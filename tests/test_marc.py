"""MARC 21 in and out: 880 parallel fields read into one reference with both scripts, written back
with their $6 linkage and 066, checked by an independent reader (yaz-marcdump from YAZ); damaged
records skipped with their number and byte offset, the rest loaded."""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess

import pytest
from pymarc import Field, Indicators, Leader, Record, Subfield
from typer.testing import CliRunner

from cli import app
from index import Library, Reference
from index.marc import enrich_record, record_to_reference, to_marc, to_marcxml
from index.readers import read_path


def F(tag: str, ind: str, *subs: str) -> Field:
    return Field(tag=tag, indicators=Indicators(ind[0], ind[1]),
                 subfields=[Subfield(subs[i], subs[i + 1]) for i in range(0, len(subs), 2)])


def record(*fields: Field, leader: str = "00000cam a2200000 i 4500") -> Record:
    r = Record(force_utf8=True, leader=Leader(leader))
    for f in fields:
        r.add_field(f)
    return r


def hidayat() -> Record:
    """Catalogued as the Library of Congress does: romanized fields, Persian in linked 880s."""
    return record(
        Field(tag="001", data="hidayat1351"),
        Field(tag="008", data="750101s1972    ir            000 1 per d"),
        F("066", "  ", "c", "(3"),
        F("100", "1 ", "6", "880-01", "a", "Hidāyat, Ṣādiq,", "d", "1903-1951."),
        F("245", "10", "6", "880-02", "a", "Būf-i kūr /", "c", "Ṣādiq Hidāyat."),
        F("250", "  ", "6", "880-03", "a", "Chāp-i 2."),
        F("264", " 1", "6", "880-04", "a", "Tihrān :", "b", "Amīr Kabīr,", "c", "1351."),
        F("490", "0 ", "6", "880-05", "a", "Majmūʻah-i āsār-i Ṣādiq Hidāyat ;", "v", "1"),
        F("700", "1 ", "6", "880-06", "a", "Jamālzādah, Muḥammad ʻAlī,", "e", "editor."),
        F("880", "1 ", "6", "100-01/(3/r", "a", "هدایت، صادق،", "d", "1903-1951."),
        F("880", "10", "6", "245-02/(3/r", "a", "بوف کور /", "c", "صادق هدایت."),
        F("880", "  ", "6", "250-03/(3/r", "a", "چاپ ۲."),
        F("880", " 1", "6", "264-04/(3/r", "a", "تهران :", "b", "امیر کبیر،", "c", "۱۳۵۱."),
        F("880", "0 ", "6", "490-05/(3/r", "a", "مجموعه آثار صادق هدایت ؛", "v", "1"),
        F("880", "1 ", "6", "700-06/(3/r", "a", "جمال‌زاده، محمدعلی،", "e", "editor."),
    )


def article() -> Record:
    """A journal article: 773 host item with its 880; the 245 parallel is an unlinked 880 (00)."""
    return record(
        Field(tag="001", data="amiri2015"),
        Field(tag="008", data="150101s2015    ir            000 0 per d"),
        F("100", "1 ", "6", "880-01", "a", "Amīrī, Mahdī,"),
        F("245", "10", "a", "Hamkārīʹhā-yi niẓāmī-i Īrān va Rūsīyah"),
        F("773", "0 ", "6", "880-02", "t", "Muṭālaʻāt-i Āsiyā-yi Markazī va Qafqāz",
          "g", "Vol. 21, no. 90, p. 1-28"),
        F("880", "1 ", "6", "100-01/(3/r", "a", "امیری، مهدی،"),
        F("880", "10", "6", "245-00/(3/r", "a", "همکاری‌های نظامی ایران و روسیه"),
        F("880", "0 ", "6", "773-02/(3/r", "t", "مطالعات آسیای مرکزی و قفقاز"),
        leader="00000nab a2200000 i 4500",
    )


def persian_only() -> Record:
    """As many Iranian catalogs keep it: Persian script in the regular fields, no 880."""
    return record(
        Field(tag="008", data="150101s2015    ir            000 0 per d"),
        F("100", "1 ", "a", "جمال‌زاده، محمدعلی"),
        F("245", "10", "a", "یکی بود یکی نبود"),
        F("264", " 1", "a", "تهران :", "b", "سخن،", "c", "۱۳۹۴"),
    )


def _fields(ref: Reference) -> dict:
    return {k: v for k, v in dataclasses.asdict(ref).items()
            if v and k not in ("source", "origin", "content_hash")}


def _write(tmp_path, name: str, *records: Record) -> str:
    path = tmp_path / name
    path.write_bytes(b"".join(r.as_marc() for r in records))
    return str(path)


# ---------------------------------------------------------------------------------------------
# Reading

def test_880_parallels_read_into_both_scripts(tmp_path):
    ref = read_path(_write(tmp_path, "lc.mrc", hidayat())).references[0]
    assert (ref.id, ref.type, ref.language, ref.year) == ("hidayat1351", "book", "fa", "1351")
    assert (ref.title, ref.title_fa) == ("Būf-i kūr", "بوف کور")
    assert (ref.authors, ref.authors_fa) == (["Hidāyat, Ṣādiq"], ["هدایت، صادق"])
    assert (ref.editors, ref.editors_fa) == (["Jamālzādah, Muḥammad ʻAlī"], ["جمال‌زاده، محمدعلی"])
    assert (ref.place, ref.place_fa, ref.publisher, ref.publisher_fa) == (
        "Tihrān", "تهران", "Amīr Kabīr", "امیر کبیر")
    assert (ref.edition, ref.edition_fa) == ("Chāp-i 2.", "چاپ ۲.")
    assert (ref.series, ref.series_fa) == ("Majmūʻah-i āsār-i Ṣādiq Hidāyat ; 1",
                                           "مجموعه آثار صادق هدایت ; 1")


def test_unlinked_880_and_host_item(tmp_path):
    ref = read_path(_write(tmp_path, "a.mrc", article())).references[0]
    assert ref.type == "article"
    assert (ref.title, ref.title_fa) == ("Hamkārīʹhā-yi niẓāmī-i Īrān va Rūsīyah",
                                         "همکاری‌های نظامی ایران و روسیه")
    assert (ref.container, ref.container_fa) == ("Muṭālaʻāt-i Āsiyā-yi Markazī va Qafqāz",
                                                 "مطالعات آسیای مرکزی و قفقاز")
    assert (ref.volume, ref.issue, ref.pages) == ("21", "90", "1-28")


def test_marcxml_reads_like_iso2709(tmp_path):
    path = tmp_path / "lc.xml"
    from index.marc import records_to_marcxml

    path.write_bytes(records_to_marcxml([hidayat(), article()]))
    xml = read_path(path)
    iso = read_path(_write(tmp_path, "lc.mrc", hidayat(), article()))
    assert xml.format == "marcxml" and iso.format == "marc"
    assert [_fields(r) for r in xml.references] == [_fields(r) for r in iso.references]
    lines = [int(r.origin.rsplit(":", 1)[1]) for r in xml.references]
    text = path.read_text(encoding="utf-8").splitlines()
    assert all("<record" in text[n - 1] for n in lines) and lines[0] < lines[1]


def test_detected_by_content_without_extension(tmp_path):
    path = tmp_path / "export"
    path.write_bytes(hidayat().as_marc())
    assert read_path(path).format == "marc"
    xml = tmp_path / "export2"
    xml.write_bytes(to_marcxml([Reference(title="T", authors=["A, B."])]))
    assert read_path(xml).format == "marcxml"


# ---------------------------------------------------------------------------------------------
# Writing, checked by yaz-marcdump

def _yaz(path: str, fmt: str = "marc") -> str:
    if shutil.which("yaz-marcdump") is None:
        if os.environ.get("PEYVAND_REQUIRE_YAZ") == "1":      # set by .ci/run
            pytest.fail("yaz-marcdump is required here (apt-get install yaz)")
        pytest.skip("yaz-marcdump (Debian package yaz) is not installed")
    p = subprocess.run(["yaz-marcdump", "-i", fmt, "-o", "line", path], capture_output=True,
                       text=True, encoding="utf-8", timeout=60)
    assert p.returncode == 0, p.stderr
    assert "error" not in p.stderr.lower(), p.stderr
    return p.stdout


def _links(dump: str) -> tuple[dict[str, str], dict[str, str]]:
    """Regular fields' 880 links (occurrence -> tag) and 880s' links (occurrence -> tag/script)."""
    regular, alternate = {}, {}
    for line in dump.splitlines():
        m = re.match(r"^(\d{3}) .. \$6 (\S+)", line)
        if not m:
            continue
        tag, link = m.groups()
        if tag == "880":
            alternate[link[4:6]] = link[:3] + link[6:]
        else:
            assert link.startswith("880-"), line
            regular[link[4:6]] = tag
    return regular, alternate


@pytest.mark.parametrize("fmt", ["marc", "marcxml"])
def test_round_trip_keeps_every_field_and_the_linkage(tmp_path, fmt):
    refs = read_path(_write(tmp_path, "in.mrc", hidayat(), article())).references
    out = tmp_path / f"out.{fmt}"
    out.write_bytes((to_marc if fmt == "marc" else to_marcxml)(refs))
    back = read_path(out, fmt).references
    assert [_fields(r) for r in back] == [_fields(r) for r in refs]
    dump = _yaz(str(out), fmt)
    assert "066    $c (3" in dump
    assert "245 10 $6 880-02 $a Būf-i kūr" in dump and "880 10 $6 245-02/(3/r $a بوف کور" in dump
    regular, alternate = _links(dump.split("\n\n")[0])
    assert regular and {occ: tag for occ, tag in regular.items()} == {
        occ: link.split("/")[0] for occ, link in alternate.items()}
    assert all(link.endswith("/(3/r") for link in alternate.values())


def test_one_script_records_get_the_other_from_peyvand(tmp_path):
    ref = read_path(_write(tmp_path, "fa.mrc", persian_only())).references[0]
    assert ref.title == "یکی بود یکی نبود" and not ref.title_latin
    out = tmp_path / "out.mrc"
    out.write_bytes(to_marc([ref]))
    dump = _yaz(str(out))
    line245 = next(l for l in dump.splitlines() if l.startswith("245"))
    assert re.match(r"245 10 \$6 880-\d\d \$a Y[ai]k", line245), line245      # romanized, ALA-LC
    assert re.search(r"^880 10 \$6 245-\d\d/\(3/r \$a یکی بود یکی نبود", dump, re.M)
    assert re.search(r"^100 1  \$6 880-\d\d \$a Jamāl", dump, re.M)
    back = read_path(out).references[0]
    assert (back.title_fa, back.authors_fa) == ("یکی بود یکی نبود", ["جمال‌زاده، محمدعلی"])
    # romanized records of Persian works get their Persian script
    latin = Reference(id="x", title="Tārīkh-i Īrān", authors=["Amīrī, Mahdī"], language="fa")
    (tmp_path / "l.mrc").write_bytes(to_marc([latin]))
    dump = _yaz(str(tmp_path / "l.mrc"))
    assert re.search(r"^880 10 \$6 245-\d\d/\(3/r \$a تاریخ", dump, re.M), dump


def test_english_records_have_no_880():
    data = to_marc([Reference(id="k", title="The Italian Country Table", authors=["Kasper, L."],
                              language="en")])
    assert b"880" not in data[24:data.index(b"\x1e")] and "066" not in data.decode()


def test_enrich_record_adds_only_880s_and_066():
    rec = persian_only()
    before = [str(f) for f in rec.fields]
    added = enrich_record(rec)
    assert [a[:7] for a in added] == ["880 100", "880 245", "880 264", "066 $c "]
    after = [str(f) for f in rec.fields]
    # every original field is still there, with $6 added in front and nothing else changed
    stripped = [re.sub(r"\$6880-\d\d", "", f) for f in after]
    assert all(f in stripped for f in before)
    alt245 = next(f for f in rec.get_fields("880") if f["6"].startswith("245"))
    assert alt245["6"].endswith("/(B") and alt245["a"].startswith("Y")
    assert rec.get("066") is not None
    assert enrich_record(rec) == []          # nothing left to add


# ---------------------------------------------------------------------------------------------
# Damaged files: a clear reason naming the record, the other records loaded

def _iso(*records: Record) -> list[bytes]:
    return [r.as_marc() for r in records]


def test_hostile_records_are_skipped_with_record_and_byte(tmp_path):
    second = hidayat()
    second["001"].data = "hidayat1351b"
    good1, good2, good3, good4, good5, good6 = _iso(hidayat(), article(), persian_only(),
                                                    second, article(), persian_only())
    bad_leader = b"12a45" + good2[5:]
    # a directory entry whose length runs past the end of the record
    base = int(good3[12:17])
    bad_dir = good3[:24] + good3[24:27] + b"9999" + good3[31:]
    wrong_flag = good4[:9] + b" " + good4[10:]          # UTF-8 data flagged MARC-8
    garbage = good5[:base] + good5[base:].replace("ا".encode(), b"\xff\xfe", 1)
    dangling = record(F("245", "10", "6", "880-07", "a", "Tārīkh"),
                      F("880", "10", "6", "100-09/(3/r", "a", "تاریخ")).as_marc()
    truncated = good6[:len(good6) // 2]
    data = good1 + bad_leader + bad_dir + wrong_flag + garbage + dangling + truncated
    path = tmp_path / "hostile.mrc"
    path.write_bytes(data)
    result = read_path(path)
    reasons = {s.origin.split(":", 1)[1]: s.reason for s in result.skipped}
    offsets = [0]
    for chunk in (good1, bad_leader, bad_dir, wrong_flag, garbage, dangling):
        offsets.append(offsets[-1] + len(chunk))
    assert reasons[f"record 2 (byte {offsets[1]})"] == ("bad leader: record length '12a45' is not "
                                                        "five digits")
    assert reasons[f"record 3 (byte {offsets[2]})"].startswith("bad directory")
    assert "not UTF-8" in reasons[f"record 5 (byte {offsets[4]})"]
    assert reasons[f"record 7 (byte {offsets[6]})"].startswith("truncated record")
    assert len(result.skipped) == 4
    titles = [r.title for r in result.references]
    assert titles == ["Būf-i kūr", "Būf-i kūr", "Tārīkh"]     # records 1, 4 (flag fixed), 6
    assert result.references[1].title_fa == "بوف کور"
    notes = "\n".join(result.notes)
    assert "record 4" in notes and "says MARC-8 but the record is UTF-8" in notes
    assert "points to no 880" in notes and "880 $6 100-09 has no linked 100" in notes
    # the orphan 880 (a 100 that is not there) is read as the author, nothing dropped
    assert result.references[2].authors == ["تاریخ"]


def test_cli_add_hostile_marc_keeps_the_index(tmp_path):
    idx = tmp_path / "idx"
    with Library.open(idx) as lib:
        lib.add([Reference(id="keep", title="Kept record", authors=["A, B."])])
    path = tmp_path / "h.mrc"
    path.write_bytes(hidayat().as_marc() + b"00100nam a22000" + b"x" * 30)
    runner = CliRunner()
    res = runner.invoke(app, ["add", str(path), "--index", str(idx)])
    assert res.exit_code == 0, res.output
    assert "added 1" in res.output and f"{path}:record 2 (byte" in res.output
    assert "Traceback" not in res.output
    with Library.open(idx) as lib:
        assert {h.id for h in lib.references()} == {"keep", "hidayat1351"}


def test_malformed_marcxml_is_one_error_line(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text('<?xml version="1.0"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
                    '<record><leader>00000nam a2200000 i 4500</leader>\n<datafield tag="245">'
                    '</record>\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["add", str(path), "--index", str(tmp_path / "i")])
    assert res.exit_code == 2
    assert re.search(re.escape(str(path)) + r": invalid MARCXML at line 4 column \d+", res.output)


def test_cli_export_marc_is_read_by_yaz(tmp_path):
    idx = tmp_path / "idx"
    runner = CliRunner()
    src = _write(tmp_path, "in.mrc", hidayat(), persian_only())
    assert runner.invoke(app, ["add", src, "--index", str(idx)]).exit_code == 0
    res = runner.invoke(app, ["export", "--format", "marc", "--index", str(idx)])
    assert res.exit_code == 0
    out = tmp_path / "out.mrc"
    out.write_bytes(res.stdout_bytes)
    dump = _yaz(str(out))
    assert dump.count("066    $c (3") == 2 and "بوف کور" in dump
    # the Persian-script record's regular fields are ALA-LC, not the index's display form
    assert re.search(r"^245 10 \$6 880-\d\d \$a Yikī būd yikī nabūd$", dump, re.M), dump


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_GOOD = hidayat().as_marc()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pos=st.integers(0, len(_GOOD) - 1), junk=st.binary(min_size=0, max_size=6),
       cut=st.booleans())
def test_damaged_bytes_never_raise_and_the_next_record_loads(tmp_path_factory, pos, junk, cut):
    """Any overwrite or cut inside one record: a skip or a read, never an exception, and the
    intact record after it still loads with both scripts."""
    from index.errors import ReaderError

    damaged = _GOOD[:pos] + junk + (b"" if cut else _GOOD[pos + len(junk):])
    second = hidayat()
    second["001"].data = "second"
    path = tmp_path_factory.mktemp("fuzz") / "f.mrc"
    path.write_bytes(damaged + second.as_marc())
    try:
        result = read_path(path, "marc")
    except ReaderError:
        return
    last = result.references[-1] if result.references else None
    assert last is not None and last.id == "second" and last.title_fa == "بوف کور"
