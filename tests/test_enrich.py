"""peyvand enrich: each format written back with the missing script forms added in that format's
fields and nothing else changed; read back, the same references plus the added forms."""
from __future__ import annotations

import dataclasses
import difflib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from index.enrich import enrich_path
from index.export import to_csl_json
from index.readers import read_path
from index.reference import Reference

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "readers"
SHARED = ROOT.parent / "shared"
runner = CliRunner()


def _only_added_lines(before: str, after: str) -> list[str]:
    """The lines the diff adds; fails if it removes or changes any line."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [d for d in diff[2:] if d.startswith("-")]
    assert removed == [], removed
    return [d[1:] for d in diff[2:] if d.startswith("+")]


def _plain(ref: Reference) -> dict:
    return {k: v for k, v in dataclasses.asdict(ref).items()
            if k not in ("source", "origin", "content_hash")}


def _same_plus_added(before: list[Reference], after: list[Reference], changes) -> None:
    """Every field read before reads back the same; the fields that differ are the added ones."""
    assert [r.id for r in after] == [r.id for r in before]
    added = {c.id: {a.field: a.value for a in c.added} for c in changes}
    for old, new in zip(before, after):
        a, b = _plain(old), _plain(new)
        for key, value in a.items():
            if value:
                assert b[key] == value, (old.id, key)
        grown = {k: b[k] for k in b if b[k] != a[k]}
        expected = {k: v for k, v in added.get(old.id, {}).items() if k in a}
        assert grown == expected, old.id


@pytest.mark.parametrize("name", ["sample.bib", "sample.ris", "persian.txt", "sample.jsonl"])
def test_text_formats_gain_only_lines(tmp_path, name):
    src = tmp_path / name
    shutil.copy(FIXTURES / name, src)
    before = read_path(src)
    res = enrich_path(src)
    out = tmp_path / ("out-" + name)
    out.write_bytes(res.output)
    added = _only_added_lines(src.read_text(encoding="utf-8"), out.read_text(encoding="utf-8"))
    assert bool(added) == bool(res.changes)
    after = read_path(out)
    # the broken records are still there, still broken (lines move down by the added ones)
    assert [s.reason.split(" (")[0].split(" of ")[0] for s in after.skipped] == [
        s.reason.split(" (")[0].split(" of ")[0] for s in before.skipped]
    _same_plus_added(before.references, after.references, res.changes)


def test_bibtex_keeps_comments_strings_order_and_unknown_fields(tmp_path):
    src = tmp_path / "s.bib"
    shutil.copy(FIXTURES / "sample.bib", src)
    res = enrich_path(src)
    out = res.output.decode("utf-8")
    for kept in ("% A comment line", "@string{tisri", "@preamble", "@comment{", "month     = sep",
                 "@book{broken"):
        assert kept in out
    added = _only_added_lines(src.read_text(encoding="utf-8"), out)
    assert "  langid = {persian}," in added
    assert any(line.startswith("  titlelatin = {Rūs va") for line in added)
    assert any(line.startswith("  addressfa = {تهران}") for line in added)


def test_csl_json_gains_multi_variants(tmp_path):
    refs = [Reference(id="k", title="روس و انگلیس در ایران", authors=["کاظم‌زاده، فیروز"],
                      year="1371", language="fa"),
            Reference(id="e", title="Security", authors=["Buzan, B."], language="en")]
    src = tmp_path / "a.json"
    src.write_text(to_csl_json(refs), encoding="utf-8")
    res = enrich_path(src)
    items = json.loads(res.output)
    assert items[0]["title"] == "روس و انگلیس در ایران"
    assert items[0]["multi"]["_keys"]["title"]["fa-Latn-t-fa-m0-alaloc"].startswith("Rūs va")
    assert items[0]["author"][0]["multi"]["_key"]["fa-Latn-t-fa-m0-alaloc"] == {
        "family": "Kāẓimʹzādah", "given": "Fīrūz"}
    assert "multi" not in items[1]              # an English work gets nothing
    assert len(res.output.decode().splitlines()) == 4       # still one item per line
    back = read_path(tmp_path / "a.json").references
    src.write_bytes(res.output)
    _same_plus_added(back, read_path(src).references, res.changes)


def test_marc_gains_880s(tmp_path):
    from test_marc import _yaz, article, persian_only

    src = tmp_path / "in.mrc"
    src.write_bytes(persian_only().as_marc() + article().as_marc())
    res = enrich_path(src)
    out = tmp_path / "out.mrc"
    out.write_bytes(res.output)
    assert [c.added for c in res.changes][0][0].field == "880 100-01"
    assert res.output.endswith(article().as_marc())        # nothing to add: copied byte for byte
    ref = read_path(out).references[0]
    assert ref.title == "یکی بود یکی نبود" and ref.title_latin.startswith("Y")
    dump = _yaz(str(out))
    assert "880 10 $6 245-02/(B $a Y" in dump and "264  1 $6 880-03" in dump


def test_example_bibliography_gains_persian_titles(tmp_path):
    src = ROOT / "examples" / "references.txt"
    before = read_path(src)
    res = enrich_path(src)
    out = tmp_path / "refs.txt"
    out.write_bytes(res.output)
    _only_added_lines(src.read_text(encoding="utf-8"), out.read_text(encoding="utf-8"))
    after = read_path(out)
    assert len(after.references) == 21 and not after.skipped
    _same_plus_added(before.references, after.references, res.changes)
    titles = {r.id: r.title_fa for r in after.references}
    assert "روسیه" in titles["asgarian2015"]


def test_iran_bibtex_enriched_loses_nothing(tmp_path):
    folder = SHARED / "data" / "iran-bibtex"
    if not folder.is_dir():
        pytest.skip("../shared/data/iran-bibtex is not present")
    fields_before = fields_after = entries = 0
    for path in sorted(folder.glob("*.bib")):
        before = read_path(path)
        res = enrich_path(path)
        out = tmp_path / path.name
        out.write_bytes(res.output)
        _only_added_lines(path.read_text(encoding="utf-8"), out.read_text(encoding="utf-8"))
        after = read_path(out)
        assert len(after.references) == len(before.references)
        assert len(after.skipped) == len(before.skipped)
        for old, new in zip(before.references, after.references):
            raw_old = {k: v for k, v in old.source.items() if k != "record"}
            raw_new = {k: v for k, v in new.source.items() if k != "record"}
            assert all(raw_new.get(k) == v for k, v in raw_old.items()), old.id
            fields_before += len(raw_old)
            fields_after += len(raw_new)
        _same_plus_added(before.references, after.references, res.changes)
        entries += len(before.references) + len(before.skipped)
    assert entries == 217 and fields_after > fields_before


def test_cli_dry_run_writes_nothing_and_lists_the_forms(tmp_path):
    src = tmp_path / "p.txt"
    shutil.copy(FIXTURES / "persian.txt", src)
    res = runner.invoke(app, ["enrich", str(src), "--dry-run", "-o", str(tmp_path / "o.txt")])
    assert res.exit_code == 0, res.output
    assert "title_latin = Rūs va ingilīs dar īrān" in res.output
    assert not (tmp_path / "o.txt").exists()


def test_cli_errors_are_one_line(tmp_path):
    src = tmp_path / "p.txt"
    shutil.copy(FIXTURES / "persian.txt", src)
    for args, needle in ((["--scheme", "nope"], "unknown scheme"),
                         (["-o", str(src)], "overwrite its input"),
                         ([str(FIXTURES / "sample.bib")], "several files")):
        res = runner.invoke(app, ["enrich", str(src), *args])
        assert res.exit_code == 2 and needle in res.output.lower(), (args, res.output)
        assert "Traceback" not in res.output
    res = runner.invoke(app, ["enrich", str(tmp_path / "missing.bib")])
    assert res.exit_code == 2 and "file not found" in res.output


def test_cli_writes_several_files_into_a_directory(tmp_path):
    a, b = tmp_path / "a.bib", tmp_path / "b.ris"
    shutil.copy(FIXTURES / "sample.bib", a)
    shutil.copy(FIXTURES / "sample.ris", b)
    res = runner.invoke(app, ["enrich", str(a), str(b), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "a.bib").read_text(encoding="utf-8").count("langid") == 2
    assert "C1  - title_fa:" in (tmp_path / "out" / "b.ris").read_text(encoding="utf-8")


def test_bibtex_escapes_added_values_and_leaves_one_line_entries(tmp_path):
    src = tmp_path / "e.bib"
    text = ("@book{k1,\n  title = {۵۰٪ و ۱۰۰% تخفیف},\n  author = {امیری, مهدی},\n}\n"
            "@book{k2, title = {روس و انگلیس}, year = 1371}\n")
    src.write_text(text, encoding="utf-8")
    res = enrich_path(src)
    out = res.output.decode("utf-8")
    added = _only_added_lines(text, out)
    latin = next(line for line in added if line.lstrip().startswith("titlelatin"))
    assert r"100\%" in latin and "100%" not in latin.replace(r"\%", "")
    assert out.endswith("@book{k2, title = {روس و انگلیس}, year = 1371}\n")     # untouched
    assert [c.id for c in res.changes] == ["k1"]
    assert res.notes == [f"{src}:5: fields on the key's line; nothing added"]
    src.write_bytes(res.output)
    assert read_path(src).references[0].title_latin == latin.split("{", 1)[1].rsplit("}", 1)[0] \
        .replace(r"\%", "%")
