"""The ezafe decision: the model learned from UPDT, its loading, its training script, grammar examples."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translit.ezafe import detect, model as ezmodel
from translit.ezafe.train import marks_ezafe, read_updt

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
UPDT = Path(__file__).resolve().parents[2] / "shared" / "data" / "updt-with-diacritics" / "updt-with-diacritics.txt"
needs_updt = pytest.mark.skipif(not UPDT.is_file(), reason="../shared/data/updt-with-diacritics not present")


def _examples():
    rows = []
    for n, line in enumerate((DATA / "ezafe_examples.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        phrase, flags = line.split("\t")
        rows.append(pytest.param(phrase, [f == "1" for f in flags.split()], id=f"{n}-{phrase}"))
    return rows


@pytest.mark.parametrize("phrase,expected", _examples())
def test_grammar_examples(phrase, expected):
    words = phrase.split(" ")
    assert len(words) == len(expected)
    assert detect(words) == expected


def test_shipped_model_is_small_and_noted():
    assert ezmodel.MODEL_PATH.is_file()
    assert ezmodel.MODEL_PATH.stat().st_size < 1_000_000
    notice = (ezmodel.MODEL_PATH.parent / "NOTICE").read_text(encoding="utf-8")
    assert "Apache License, Version 2.0" in notice and "Uppsala" in notice


def _fresh_python(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=True).stdout.strip()


def test_model_not_loaded_by_import_or_help():
    out = _fresh_python(
        "import sys, translit, translit.vowelled, translit.ezafe\n"
        "from typer.testing import CliRunner\n"
        "import cli\n"
        "assert CliRunner().invoke(cli.app, ['--help']).exit_code == 0\n"
        "print('translit.ezafe.model' in sys.modules)")
    assert out == "False"


def test_model_loaded_once_and_used_by_the_romanizer():
    out = _fresh_python(
        "from translit.vowelled import romanize_vowelled\n"
        "from translit.ezafe import model\n"
        "romanize_vowelled('خانه', 'citation')\n"
        "before = model.model.cache_info().misses\n"
        "romanize_vowelled('دانشگاه تهران', 'citation')\n"
        "romanize_vowelled('تاریخ ادبیات ایران', 'ala-lc')\n"
        "info = model.model.cache_info()\n"
        "print(before, info.misses, info.hits >= 1, model.model() is model.model())")
    assert out == "0 1 True True"


def test_unreadable_model_file_is_named(tmp_path):
    bad = tmp_path / "m.json.gz"
    bad.write_bytes(gzip.compress(b'{"format": 99}'))
    with pytest.raises(ValueError, match="m.json.gz"):
        ezmodel.Model.load(bad)
    bad.write_bytes(b"not gzip")
    with pytest.raises(ValueError, match="m.json.gz"):
        ezmodel.Model.load(bad)


@pytest.mark.parametrize("token,ezafe", [
    ("کِتابِ", True), ("بَرایِ", True), ("راهِ", True), ("خانهٔ", True), ("خانۀ", True),
    ("کِتابْ", False), ("کِه", False), ("تَخْتِه", False), ("ایران", False), ("دانِشْجویی", False),
])
def test_ezafe_marks_of_the_vowelled_text(token, ezafe):
    assert marks_ezafe(token) is ezafe


def test_perceptron_learns_a_separable_rule():
    p = ezmodel.Perceptron()
    data = [(["bias", "a"], True), (["bias", "b"], False), (["bias", "a", "c"], True), (["bias", "b", "c"], False)]
    for _ in range(5):
        for feats, y in data:
            p.learn(feats, y)
    w = p.averaged()
    for feats, y in data:
        assert (sum(w.get(f, 0.0) for f in feats) > 0) == y


@needs_updt
def test_training_script_on_a_slice(tmp_path):
    part = tmp_path / "updt.txt"
    part.write_text("\n".join(UPDT.read_text(encoding="utf-8").splitlines()[:500]) + "\n", encoding="utf-8")
    out = tmp_path / "model.json.gz"
    run = subprocess.run([sys.executable, "-m", "translit.ezafe.train", "--data", str(part), "--out", str(out),
                          "--epochs", "3"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = {line.split()[0]: line.split()[1:] for line in run.stdout.splitlines()
            if line.split() and line.split()[0] in ("rules", "model")}
    assert float(rows["model"][2]) > 0.6            # F1 on the slice's held-out sentences
    m = ezmodel.Model.load(out)
    flags = m.decide("دانشگاه تهران".split())
    assert len(flags) == 2 and flags[1] is False
    sentences = read_updt(part)
    assert sentences and any(s.held_out for s in sentences) and any(not s.held_out for s in sentences)


def test_training_script_names_a_missing_corpus(tmp_path):
    run = subprocess.run([sys.executable, "-m", "translit.ezafe.train", "--data", str(tmp_path / "none.txt"),
                          "--no-save"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode != 0 and "none.txt" in run.stderr and "Traceback" not in run.stderr
