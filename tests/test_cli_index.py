"""The index commands (add, search, show, export, info), through typer's CliRunner and through the
installed command."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "references.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory) -> str:
    idx = str(tmp_path_factory.mktemp("cli") / "idx")
    result = runner.invoke(app, ["add", str(SEED), "--index", idx])
    assert result.exit_code == 0, result.output
    return idx


def test_add_prints_a_summary(tmp_path):
    idx = str(tmp_path / "idx")
    first = runner.invoke(app, ["add", str(SEED), "--index", idx])
    assert first.exit_code == 0
    assert first.stdout.startswith("added 21, updated 0, skipped 0")
    again = runner.invoke(app, ["add", str(SEED), "--index", idx, "--format", "text"])
    assert again.stdout.startswith("added 0, updated 21, skipped 0")


def test_add_reports_skipped_records(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{ok1, title={تاریخ ایران}, author={مرادی, علی}, year={1390}}\n"
                   "@book{broken, title={no closing brace\n", encoding="utf-8")
    result = runner.invoke(app, ["add", str(bib), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added 1, updated 0, skipped 1")
    assert "skipped " + str(bib) in result.stdout


def test_search_json(seed_index):
    result = runner.invoke(app, ["search", "روابط ایران و روسیه", "--json", "--index", seed_index])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "روابط ایران و روسیه"
    top = data["hits"][0]
    assert top["title"].startswith("Chashmandāz-e rāvābet-e")
    for key in ("id", "score", "title", "title_fa", "title_latin", "title_en", "authors", "year",
                "container", "highlights"):
        assert key in top
    assert top["authors"] == ["Asgarian, H."] and top["year"] == "2015"
    assert any("\u0600" <= ch <= "\u06ff" for ch in top["title_fa"])


def test_search_limit(seed_index):
    data = json.loads(runner.invoke(app, ["search", "rosiyeh", "--json", "--limit", "2",
                                          "--index", seed_index]).output)
    assert len(data["hits"]) == 2


def test_search_table_shows_both_scripts(seed_index):
    result = runner.invoke(app, ["search", "برجام", "--index", seed_index])
    assert result.exit_code == 0
    assert "Barjām" in result.output and "Rostami" in result.output


def test_batch_json_lines_in_order(seed_index, tmp_path):
    queries = ["رهنامه جدید", "", "Securitization", "nothing-like-this-anywhere"]
    qfile = tmp_path / "q.txt"
    qfile.write_text("\n".join(queries) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["search", "--batch", str(qfile), "--index", seed_index])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [obj["query"] for obj in lines] == queries
    assert lines[0]["hits"][0]["title"].startswith("Arzyābi-ye rahnāmeh")
    assert lines[1]["hits"] == [] and lines[3]["hits"] == []
    assert lines[2]["hits"][0]["title"].startswith("Securitization of Iran")


def test_batch_from_stdin(seed_index):
    result = runner.invoke(app, ["search", "--batch", "-", "--index", seed_index],
                           input="آمریکا\nchārchob\n")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [obj["hits"][0]["title"][:6] for obj in lines] == ["Naghsh", "Arseʹh"]


def test_show_and_export(seed_index):
    data = json.loads(runner.invoke(app, ["search", "Barjam", "--json", "--index", seed_index]).output)
    rid = data["hits"][0]["id"]
    shown = runner.invoke(app, ["show", rid, "--index", seed_index])
    assert shown.exit_code == 0 and "Barjām" in shown.output and "Rostami" in shown.output
    full = json.loads(runner.invoke(app, ["show", rid, "--json", "--index", seed_index]).output)
    assert full["id"] == rid and full["title_fa"]
    exported = runner.invoke(app, ["export", "--format", "bibtex", "--index", seed_index])
    assert exported.exit_code == 0 and exported.output.count("@") == 21
    csl = json.loads(runner.invoke(app, ["export", "--index", seed_index]).output)
    assert len(csl) == 21


def test_info(seed_index):
    result = runner.invoke(app, ["info", "--json", "--index", seed_index])
    st = json.loads(result.output)
    assert st["references"] == 21 and st["location"] == seed_index and st["size_bytes"] > 0
    text = runner.invoke(app, ["info", "--index", seed_index]).output
    assert "references 21" in text


@pytest.mark.parametrize("args, message", [
    (["search", "x"], "no index at"),
    (["show", "nope"], "no reference with id"),
])
def test_errors_are_one_line_exit_2(seed_index, tmp_path, args, message):
    idx = seed_index if args[0] == "show" else str(tmp_path / "missing")
    result = runner.invoke(app, [*args, "--index", idx])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_index_pointing_at_a_file(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("hello")
    result = runner.invoke(app, ["add", str(SEED), "--index", str(f)])
    assert result.exit_code == 2 and "is a file" in result.output


# -- the installed command -------------------------------------------------------------------

def run(peyvand_bin, *args, env=None, input=None):
    return subprocess.run([peyvand_bin, *args], capture_output=True, text=True, env=env, input=input,
                          timeout=300)


def test_installed_add_search_info(peyvand_bin, cli_env, tmp_path):
    added = run(peyvand_bin, "add", str(SEED), env=cli_env)       # location from PEYVAND_INDEX
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added 21")
    found = run(peyvand_bin, "search", "--batch", "-", "--json", "--limit", "10", env=cli_env,
                input="مجیدی\nsūrīye\n")
    assert found.returncode == 0, found.stderr
    lines = [json.loads(line) for line in found.stdout.splitlines()]
    assert lines[0]["hits"][0]["authors"][0].startswith("Majidi")
    assert lines[1]["hits"][0]["title"].startswith("Mavāze-ye rosiyeh")
    info = run(peyvand_bin, "info", "--json", env=cli_env)
    assert json.loads(info.stdout)["location"] == cli_env["PEYVAND_INDEX"]


def test_installed_refuses_foreign_directory(peyvand_bin, tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    p = run(peyvand_bin, "search", "iran", "--index", str(foreign))
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and "not a peyvand index" in p.stderr
    assert "Traceback" not in p.stderr


def test_installed_missing_file_is_one_line(peyvand_bin, tmp_path):
    p = run(peyvand_bin, "add", str(tmp_path / "nope.bib"), "--index", str(tmp_path / "idx"))
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "not found" in p.stderr
