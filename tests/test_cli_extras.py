"""peyvand --version, shell completion, and a search without hits said in one line."""
from __future__ import annotations

import subprocess
from importlib.metadata import version

from typer.testing import CliRunner

from cli import app
from index import Library, Reference

runner = CliRunner()


def test_version():
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.strip() == f"peyvand {version('peyvand')}"


def test_completion_script_for_bash(peyvand_bin, cli_env):
    # the shell named through the completion variable (source_bash): --show-completion takes no
    # value and detects the shell from the parent processes, which a detached run may not have
    run = subprocess.run([peyvand_bin], capture_output=True, text=True, timeout=60,
                         env={**cli_env, "_PEYVAND_COMPLETE": "source_bash"})
    assert run.returncode == 0 and "_peyvand_completion" in run.stdout
    assert "--install-completion" in runner.invoke(app, ["--help"]).output


def test_search_without_hits_is_one_line(tmp_path):
    with Library.open(tmp_path / "idx") as lib:
        lib.add([Reference(id="a", title="Tārīkh-e Īrān", authors=["Moradi, A."])])
    res = runner.invoke(app, ["search", "zzqqxx", "--index", str(tmp_path / "idx")])
    assert res.exit_code == 0
    assert res.output.splitlines() == ["no references match 'zzqqxx'"]
    hit = runner.invoke(app, ["search", "Iran", "--index", str(tmp_path / "idx")])
    assert "1 result(s)" in hit.output
