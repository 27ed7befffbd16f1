"""Reliability: index directories peyvand did not create, ``--index`` pointing at the wrong thing,
and damaged indexes. Whoosh keeps pickles in its index files and unpickling runs code, so a
directory without peyvand's marker must be refused before Whoosh reads any of its files."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from index.library import Library
from index.schema import MARKER

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "references.txt"
runner = CliRunner()

COMMANDS = [["search", "iran"], ["info"], ["export"], ["show", "x1"], ["add", str(SEED)]]


def _stderr(result) -> str:
    try:
        return result.stderr
    except (ValueError, AttributeError):
        return result.output


def _one_error(result, *needles: str) -> str:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [ln for ln in _stderr(result).splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def _listing(d: Path) -> dict[str, int]:
    return {str(p.relative_to(d)): p.stat().st_size for p in sorted(d.rglob("*"))}


def _hostile_index(d: Path, canary: Path) -> None:
    """A genuine Whoosh index whose schema pickle creates ``canary`` when it is unpickled."""
    from whoosh import fields, index as wix

    class Trap(fields.Schema):
        def __reduce__(self):
            return (open, (str(canary), "w"))

    d.mkdir()
    # create_in is given the schema, so it does not unpickle it; open_dir would (see the control
    # at the end of the test)
    wix.create_in(str(d), Trap(id=fields.ID(stored=True)), indexname="peyvand")
    assert not canary.exists()


def test_a_foreign_whoosh_index_is_refused_before_unpickling(tmp_path):
    from whoosh import index as wix

    hostile, canary = tmp_path / "hostile", tmp_path / "canary"
    _hostile_index(hostile, canary)
    files = _listing(hostile)
    for cmd in COMMANDS:
        result = runner.invoke(app, [*cmd, "--index", str(hostile)])
        _one_error(result, str(hostile), "not a peyvand index")
        assert not canary.exists(), f"{cmd[0]} unpickled the foreign index"
        assert _listing(hostile) == files, f"{cmd[0]} wrote into the foreign directory"
    with pytest.raises(Exception, match="not a peyvand index"):
        Library.open(hostile)
    assert not canary.exists()
    # control: Whoosh itself would have run the payload
    try:
        wix.open_dir(str(hostile), indexname="peyvand")
    except Exception:
        pass
    assert canary.exists()


def test_index_option_pointing_at_a_file(tmp_path):
    f = tmp_path / "refs.bib"
    f.write_text("@book{a, title={x}}\n", encoding="utf-8")
    for cmd in COMMANDS:
        _one_error(runner.invoke(app, [*cmd, "--index", str(f)]), str(f), "is a file")
    assert f.read_text(encoding="utf-8") == "@book{a, title={x}}\n"


def test_index_option_pointing_at_an_ordinary_directory(tmp_path):
    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "thesis.docx").write_bytes(b"PK\x03\x04")
    (docs / "notes").mkdir()
    files = _listing(docs)
    for cmd in COMMANDS:
        _one_error(runner.invoke(app, [*cmd, "--index", str(docs)]), str(docs), "not a peyvand index")
    assert _listing(docs) == files


def test_index_under_a_file_and_a_missing_index(tmp_path):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    _one_error(runner.invoke(app, ["add", str(SEED), "--index", str(f / "sub")]), "cannot create")
    for cmd in COMMANDS[:4]:
        _one_error(runner.invoke(app, [*cmd, "--index", str(tmp_path / "none")]), "no index")
        assert not (tmp_path / "none").exists()          # reading never creates an index
    empty = tmp_path / "empty"
    empty.mkdir()
    _one_error(runner.invoke(app, ["search", "iran", "--index", str(empty)]), "no index")
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize("marker,needle", [
    ("{not json", "unreadable index marker"),
    ('{"format": "something-else", "version": 1}', "not a peyvand index marker"),
    ('{"format": "peyvand-index", "version": 999}', "index format version 999"),
    ("[]", "not a peyvand index marker"),
])
def test_damaged_or_future_marker(tmp_path, marker, needle):
    index = tmp_path / "index"
    assert runner.invoke(app, ["add", str(SEED), "--index", str(index)]).exit_code == 0
    (index / MARKER).write_text(marker, encoding="utf-8")
    files = _listing(index)
    for cmd in COMMANDS:
        _one_error(runner.invoke(app, [*cmd, "--index", str(index)]), needle)
    assert _listing(index) == files


def test_an_interrupted_creation_is_finished_by_the_next_add(tmp_path):
    """A marker without an index (a process killed between the two) is not a dead end."""
    index = tmp_path / "index"
    index.mkdir()
    (index / MARKER).write_text(json.dumps({"format": "peyvand-index", "version": 0}))
    real = tmp_path / "real"
    assert runner.invoke(app, ["add", str(SEED), "--index", str(real)]).exit_code == 0
    (index / MARKER).write_bytes((real / MARKER).read_bytes())
    _one_error(runner.invoke(app, ["search", "iran", "--index", str(index)]), "no index")
    result = runner.invoke(app, ["add", str(SEED), "--index", str(index)])
    assert result.exit_code == 0 and result.stdout.startswith("added 21")


def test_a_marker_left_half_written_is_not_a_dead_end(tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    (index / (MARKER + ".tmp")).write_text('{"form', encoding="utf-8")   # killed mid-write
    result = runner.invoke(app, ["add", str(SEED), "--index", str(index)])
    assert result.exit_code == 0 and result.stdout.startswith("added 21"), result.output


def test_a_damaged_index_gives_one_line(tmp_path):
    index = tmp_path / "index"
    assert runner.invoke(app, ["add", str(SEED), "--index", str(index)]).exit_code == 0
    toc = next(index.glob("_peyvand_*.toc"))
    toc.write_bytes(b"garbage")
    _one_error(runner.invoke(app, ["search", "iran", "--index", str(index)]), "cannot open the index")
    index2 = tmp_path / "index2"
    assert runner.invoke(app, ["add", str(SEED), "--index", str(index2)]).exit_code == 0
    for seg in index2.glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:2000])        # a disk that filled up
    result = runner.invoke(app, ["search", "iran", "--index", str(index2)])
    _one_error(result, "damaged")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions (not as root)")
def test_an_unreadable_index_directory(tmp_path):
    index = tmp_path / "index"
    assert runner.invoke(app, ["add", str(SEED), "--index", str(index)]).exit_code == 0
    index.chmod(0)
    try:
        _one_error(runner.invoke(app, ["search", "iran", "--index", str(index)]), str(index))
    finally:
        index.chmod(0o755)
