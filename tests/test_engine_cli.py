"""Choosing an engine: bad engine URLs and an unreachable Solr give one clear error line and exit
code 2, never a traceback, through typer's CliRunner and the installed command. No cluster needed."""
from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from index.engine import EngineError, collection_name, parse

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BAD = ["http://127.0.0.1:8983/solr", "solr://", "solr://127.0.0.1/solr", "solr://127.0.0.1:8983",
       "solr://127.0.0.1:99999/solr", "solr://user@127.0.0.1:8983/solr", "elastic://x:1/y",
       "solr://127.0.0.1:8983/solr?q=1", "solr://a b:1/solr", "whooosh"]


@pytest.mark.parametrize("url", BAD)
def test_bad_engine_urls_are_refused(url):
    with pytest.raises(EngineError, match="bad engine URL"):
        parse(url)


def test_engine_urls():
    assert parse("whoosh") is None and parse("") is None
    u = parse("solr://127.0.0.1:8983,localhost:7574/solr/")
    assert u.bases == ("http://127.0.0.1:8983/solr", "http://localhost:7574/solr")
    assert parse("solrs://h:443/solr").bases == ("https://h:443/solr",)
    assert collection_name(Path("/tmp/x/refs-2024")) == "refs-2024"
    with pytest.raises(EngineError):
        collection_name(Path("/tmp/-bad"))
    with pytest.raises(EngineError):
        collection_name(Path("/tmp/ایران"))


def _one_error_line(out: str, *parts: str) -> None:
    lines = [l for l in out.splitlines() if l.strip()]
    assert len(lines) == 1, out
    assert lines[0].startswith("peyvand: error: "), out
    for p in parts:
        assert p in lines[0], out
    assert "Traceback" not in out


COMMANDS = [["search", "iran"], ["add", str(ROOT / "examples" / "references.txt")], ["info"],
            ["show", "x"], ["export"], ["solr", "init"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c[0] if c[0] != "solr" else "solr-init")
def test_cli_bad_engine_url_one_line(cmd, tmp_path):
    r = CliRunner().invoke(app, cmd + ["--index", str(tmp_path / "c"), "--engine", "solr://nope"])
    assert r.exit_code == 2
    _one_error_line(r.output, "bad engine URL", "solr://nope")


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c[0] if c[0] != "solr" else "solr-init")
def test_cli_unreachable_solr_one_line(cmd, tmp_path):
    url = f"solr://127.0.0.1:{_free_port()}/solr"
    r = CliRunner().invoke(app, cmd + ["--index", str(tmp_path / "c"), "--engine", url])
    assert r.exit_code == 2
    _one_error_line(r.output, "cannot reach Solr", url)


def test_installed_command_bad_and_unreachable_engine(peyvand_bin, tmp_path):
    env = dict(os.environ, PEYVAND_ENGINE="solr:/127.0.0.1:8983/solr")
    p = subprocess.run([peyvand_bin, "search", "iran", "--index", str(tmp_path / "c")], env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    _one_error_line(p.stderr, "bad engine URL")
    env["PEYVAND_ENGINE"] = f"solr://127.0.0.1:{_free_port()},127.0.0.1:{_free_port()}/solr"
    p = subprocess.run([peyvand_bin, "add", str(ROOT / "examples" / "references.txt"), "--index",
                        str(tmp_path / "c")], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    _one_error_line(p.stderr, "cannot reach Solr", "Connection refused")


def test_solr_init_needs_a_solr_engine(tmp_path):
    r = CliRunner().invoke(app, ["solr", "init", "--index", str(tmp_path / "c")])
    assert r.exit_code == 2
    _one_error_line(r.output, "needs a Solr engine")


def test_whoosh_stays_the_default(tmp_path):
    r = CliRunner().invoke(app, ["add", str(ROOT / "examples" / "references.txt"), "--index",
                                 str(tmp_path / "w")])
    assert r.exit_code == 0 and "added 21" in r.output
    assert (tmp_path / "w" / "peyvand-index.json").is_file()
    r = CliRunner().invoke(app, ["info", "--index", str(tmp_path / "w"), "--engine", "whoosh"])
    assert r.exit_code == 0 and "references 21" in r.output


def test_keys_prints_the_terms_an_indexer_puts_in_the_solr_field():
    from index.analysis import index_document
    from index.reference import Reference

    r = CliRunner().invoke(app, ["keys", "همکاری‌های نظامی ایران"])
    assert r.exit_code == 0
    assert r.stdout.strip() == index_document(Reference(title="همکاری‌های نظامی ایران"))["terms"]
    assert "x:ایران" in r.stdout.split() and "l:iran" in r.stdout.split()
