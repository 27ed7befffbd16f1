"""The transliteration commands, through typer's CliRunner and through the installed command."""
from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def test_romanize_strict_argument():
    result = runner.invoke(app, ["romanize", "--scheme", "strict", "همکاری های ایران"])
    assert result.exit_code == 0, result.output
    assert result.output == "hmkaryʹhay ayran\n"


def test_stdin_gives_one_line_per_line():
    lines = ["ایران", "", "روسیه و ایران", "۱۳۹۴"]
    result = runner.invoke(app, ["romanize", "--scheme", "strict"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    assert result.output.split("\n")[:-1] == ["ayran", "", "rwsyh w ayran", "1394"]


def test_persianize_strict_json():
    result = runner.invoke(app, ["persianize", "--scheme", "strict", "--json", "hmkaryʹhay"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {"input": "hmkaryʹhay", "persian": "همکاری‌های"}


def test_normalize_command_keeps_digits_and_quotes():
    result = runner.invoke(app, ["normalize", "كتاب هاي «تاريخ» 1394"])
    assert result.output == "کتاب‌های «تاریخ» 1394\n"


def test_unknown_scheme_is_a_one_line_error_with_exit_2(peyvand_bin):
    proc = subprocess.run([peyvand_bin, "romanize", "--scheme", "nonesuch", "ایران"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "unknown scheme 'nonesuch'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0


def test_usage_error_exit_2(peyvand_bin):
    proc = subprocess.run([peyvand_bin, "romanize", "--no-such-option"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_installed_command_streams_stdin(peyvand_bin):
    words = "\n".join(["ایران", "روسیه"] * 500) + "\n"
    proc = subprocess.run([peyvand_bin, "romanize", "--scheme", "strict"], input=words,
                          capture_output=True, text=True, check=True)
    out = proc.stdout.splitlines()
    assert len(out) == 1000 and out[:2] == ["ayran", "rwsyh"]


def test_schemes_lists_the_tables():
    result = runner.invoke(app, ["schemes", "--json"])
    names = {s["name"] for s in json.loads(result.output)}
    assert {"strict", "ala-lc"} <= names


def test_help_and_schemes_do_not_import_hazm_or_whoosh():
    code = ("import sys, cli\n"
            "from typer.testing import CliRunner\n"
            "r = CliRunner()\n"
            "assert r.invoke(cli.app, ['--help']).exit_code == 0\n"
            "assert r.invoke(cli.app, ['schemes']).exit_code == 0\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('hazm', 'whoosh', 'sqlite3')]\n"
            "assert not heavy, heavy\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_persianize_many_lines_through_the_installed_command(peyvand_bin):
    proc = subprocess.run([peyvand_bin, "persianize"], input="rosiyeh\nĪrān\nHamkāriʹhā-ye\n",
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["روسیه", "ایران", "همکاری‌های"]


def test_first_use_builds_the_word_list_and_says_so(tmp_path, peyvand_bin):
    """In a fresh cache the first Latin -> Persian call builds the word list (several seconds) and
    says so on stderr; the next call loads it silently."""
    import os

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    first = subprocess.run([peyvand_bin, "persianize", "ketāb"], env=env, capture_output=True,
                           text=True, encoding="utf-8", timeout=300)
    assert first.returncode == 0 and first.stdout.strip() == "کتاب"
    assert "first use" in first.stderr
    again = subprocess.run([peyvand_bin, "persianize", "ketāb"], env=env, capture_output=True,
                           text=True, encoding="utf-8", timeout=300)
    assert again.stdout.strip() == "کتاب" and again.stderr == ""
    # the ranking of ketāb was remembered (translit.latin.memo): a third process does not even load the
    # word list; with the memo disabled it does
    code = ("import translit, translit.latin.wordlist as wl\n"
            "print(translit.persianize('ketāb'), wl.wordlist.cache_info().currsize)\n")
    third = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           encoding="utf-8", timeout=300)
    assert third.stdout.split() == ["کتاب", "0"]
    off = subprocess.run([sys.executable, "-c", code], env=dict(env, PEYVAND_PERSIANIZE_MEMO="0"),
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert off.stdout.split() == ["کتاب", "1"]
