"""eSpeak NG's current Persian dictionary: compiled once from the shipped sources, used for every
reading, and 1.52's bundled data when compiling fails.

The library holds one data directory per process, so every case that needs another directory (the
bundled data, a broken source folder, a fresh cache) runs in a child process of its own.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translit.pronunciation import espeakdata
from translit.pronunciation.g2p import _from_espeak, espeak_available

pytestmark = pytest.mark.skipif(not espeak_available(), reason="eSpeak NG (espeakng-loader) not loadable")

# کاپوچینو is in the current fa_list (kAputSino); 1.52 reads it by its rules with a long u for both
# و (kApu:tS,inu:).
NEW_WORD = "کاپوچینو"

REPORT = ("import json, sys\n"
          "from translit.pronunciation import g2p\n"
          "words = sys.argv[1:]\n"
          "readings = [g2p.espeak_phonemes(w) for w in words]\n"
          "d = g2p.espeak_data()\n"
          "print(json.dumps({'readings': readings, 'path': str(d.path), 'compiled': d.compiled,\n"
          "                  'built': d.built, 'reason': d.reason}))\n")


def _listed(word: str) -> str:
    """The word's entry in the shipped fa_list, in the internal alphabet."""
    for line in (espeakdata.SOURCES / "fa_list").read_text(encoding="utf-8").splitlines():
        parts = line.split("//")[0].split()
        if len(parts) >= 2 and parts[0] == word:
            return _from_espeak(parts[1])
    raise AssertionError(f"{word} is not in the shipped fa_list")


def _report(tmp_path: Path, *words: str, **env: str) -> dict:
    full = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    for name in (espeakdata.ENV_DATA, espeakdata.ENV_SOURCES):
        full.pop(name, None)
    full.update(env)
    proc = subprocess.run([sys.executable, "-c", REPORT, *words], capture_output=True, text=True,
                          env=full, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _broken_sources(tmp_path: Path) -> Path:
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in espeakdata.SOURCE_FILES:
        (broken / name).write_text("(( not a rule\n.group\n\tx ) y ( z\n", encoding="utf-8")
    return broken


def test_the_compiled_dictionary_is_the_one_in_use():
    """In this process a word that only the current fa_list knows is read as that list reads it."""
    from translit.pronunciation.g2p import espeak_data, espeak_phonemes

    data = espeak_data()
    assert data.compiled, data.reason
    assert data.path != Path(espeakdata.bundled_dir())
    assert espeak_phonemes(NEW_WORD) == _listed(NEW_WORD) == "kApuCino"


def test_the_bundled_data_reads_the_new_word_otherwise(tmp_path):
    current = _report(tmp_path, NEW_WORD)
    bundled = _report(tmp_path, NEW_WORD, **{espeakdata.ENV_DATA: "bundled"})
    assert current["compiled"] and not bundled["compiled"]
    assert current["readings"] == [_listed(NEW_WORD)]
    assert bundled["readings"] != current["readings"]
    assert bundled["path"] == str(espeakdata.bundled_dir())


def test_romanize_reads_through_the_compiled_dictionary(tmp_path, peyvand_bin):
    def romanize(**env: str) -> str:
        full = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8",
                    PEYVAND_PERSIANIZE_MEMO="0")
        full.pop(espeakdata.ENV_DATA, None)
        full.update(env)
        proc = subprocess.run([peyvand_bin, "romanize", NEW_WORD], capture_output=True, text=True,
                              env=full, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.strip()

    assert romanize() == "kāpūchīno"
    assert romanize(**{espeakdata.ENV_DATA: "bundled"}) == "kāpūchīnū"


def test_a_failed_compilation_falls_back_to_the_bundled_data(tmp_path):
    broken = _broken_sources(tmp_path)
    words = (NEW_WORD, "کتاب", "روشن")
    fallback = _report(tmp_path, *words, **{espeakdata.ENV_SOURCES: str(broken)})
    bundled = _report(tmp_path, *words, **{espeakdata.ENV_DATA: "bundled"})
    assert not fallback["compiled"]
    assert "failed" in fallback["reason"] and str(broken) in fallback["reason"]
    assert fallback["path"] == str(espeakdata.bundled_dir())
    assert fallback["readings"] == bundled["readings"]
    # nothing half-made is left in the cache
    assert not list((tmp_path / "cache" / "peyvand").glob("espeak-fa-*"))


def test_missing_sources_fall_back_with_a_reason(tmp_path):
    got = espeakdata.data_dir(sources=tmp_path / "nowhere", cache=tmp_path / "cache")
    assert not got.compiled and got.path == Path(espeakdata.bundled_dir())
    assert "fa_list" in got.reason


def test_the_dictionary_is_compiled_once(tmp_path):
    first = espeakdata.data_dir(cache=tmp_path)
    assert first.compiled and first.built
    made = (first.path / "fa_dict").stat().st_mtime_ns
    again = espeakdata.data_dir(cache=tmp_path)
    assert again == espeakdata.DataDir(first.path, compiled=True, built=False)
    assert (again.path / "fa_dict").stat().st_mtime_ns == made
    # and across processes: a second run finds the first one's directory
    one = _report(tmp_path, NEW_WORD)
    two = _report(tmp_path, NEW_WORD)
    assert one["built"] and not two["built"] and one["path"] == two["path"]


def test_the_compiled_directory_holds_what_the_library_needs(tmp_path):
    got = espeakdata.data_dir(cache=tmp_path)
    names = {p.relative_to(got.path).as_posix() for p in got.path.rglob("*") if p.is_file()}
    assert names == {"phontab", "phonindex", "phondata", "intonations", "en_dict", "fa_dict", "lang/ira/fa"}
    assert got.path.name == f"espeak-fa-v{espeakdata._FORMAT}-{espeakdata.digest()}"


def test_a_damaged_compiled_directory_is_rebuilt(tmp_path):
    first = espeakdata.data_dir(cache=tmp_path)
    (first.path / "fa_dict").unlink()
    again = espeakdata.data_dir(cache=tmp_path)
    assert again.compiled and again.built and (again.path / "fa_dict").is_file()


def test_a_damaged_compiled_dictionary_is_made_again_before_the_library_sees_it(tmp_path):
    """A fa_dict that does not start as a compiled dictionary does (eSpeak NG's own header check)
    is compiled again at once: the library is never handed it, since after refusing one its next
    initialization in the same process can crash (SIGBUS, seen under Python 3.12)."""
    first = _report(tmp_path, NEW_WORD)
    (Path(first["path"]) / "fa_dict").write_bytes(bytes(range(256)) * 8)
    again = _report(tmp_path, NEW_WORD)
    assert again["compiled"] and again["built"] and again["readings"] == first["readings"]


def test_changed_sources_compile_into_another_directory(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in espeakdata.SOURCE_FILES:
        (src / name).write_bytes((espeakdata.SOURCES / name).read_bytes())
    (src / "fa_list").write_text((src / "fa_list").read_text(encoding="utf-8") + "\nزززک\tzozak\n",
                                 encoding="utf-8")
    shipped = espeakdata.data_dir(cache=tmp_path / "cache")
    changed = espeakdata.data_dir(sources=src, cache=tmp_path / "cache")
    assert changed.compiled and changed.path != shipped.path
    assert espeakdata.digest(src) != espeakdata.digest()


def test_processes_compiling_at_once_share_one_directory(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    env.pop(espeakdata.ENV_DATA, None)
    env.pop(espeakdata.ENV_SOURCES, None)
    procs = [subprocess.Popen([sys.executable, "-c", REPORT, NEW_WORD, "روشن"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(4)]
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        reports.append(json.loads(out))
    assert all(r["compiled"] for r in reports)
    assert len({r["path"] for r in reports}) == 1
    assert len({tuple(r["readings"]) for r in reports}) == 1
    assert reports[0]["readings"][0] == _listed(NEW_WORD)
    left = sorted(p.name for p in (tmp_path / "cache" / "peyvand").iterdir() if p.name.startswith("espeak-fa"))
    assert left == [Path(reports[0]["path"]).name]


def test_latin_letters_and_a_trailing_zwnj_read_without_fault(tmp_path):
    """The Persian rules read Latin letters with the English dictionary, which the compiled
    directory carries; a long run of such words once made the library fault without it."""
    words = ["رادیویی\u200c", "abc", "کتاب\u200c", "DNA", "ایران"] * 200
    got = _report(tmp_path, *words)
    assert got["compiled"] and all(got["readings"][:5])


def test_the_memo_key_follows_the_dictionary(monkeypatch):
    from translit.latin import memo

    current = memo._digest()
    monkeypatch.setenv(espeakdata.ENV_DATA, "bundled")
    assert memo._digest() != current


def test_help_loads_no_espeak():
    code = ("import sys, cli\n"
            "from typer.testing import CliRunner\n"
            "assert CliRunner().invoke(cli.app, ['--help']).exit_code == 0\n"
            "loaded = [m for m in ('translit.pronunciation.espeakdata', 'espeakng_loader', 'ctypes') if m in sys.modules]\n"
            "assert not loaded, loaded\n")
    subprocess.run([sys.executable, "-c", code], check=True)
