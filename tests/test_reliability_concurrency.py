"""Reliability: several ``peyvand add`` processes at once, searches during an add, a held lock, and
an add killed with SIGKILL in the middle of a large file. Real processes of the installed command.

These tests are timing-dependent by nature; they run in CI once. To repeat them locally:

    for i in $(seq 20); do python -m pytest -q tests/test_reliability_concurrency.py || break; done
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.library import Library

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and signals")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "references.txt"

# Titles made of words built from syllables: a large vocabulary, as in a real bibliography, so
# that indexing does real transliteration work instead of hitting its per-word caches.
_SYL_LATIN = "ka ru sha me do ta zi ba nu gho kha je pa la vi sa fo ham dar nam".split()
_SYL_FA = "کا رو شا می دو تا زی با نو قو خا جه پا لا وی سا فو هم در نام".split()


def _word(rnd: random.Random, syllables: list[str]) -> str:
    return "".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4)))


def write_records(path: Path, prefix: str, n: int, seed: int = 0) -> set[str]:
    """A CSL-JSON file of ``n`` varied references with ids ``prefix0...``; returns the ids."""
    rnd = random.Random(seed)
    items = []
    for i in range(n):
        syllables = _SYL_FA if i % 3 == 0 else _SYL_LATIN
        items.append({
            "id": f"{prefix}{i}", "type": "article-journal",
            "title": " ".join(_word(rnd, syllables) for _ in range(rnd.randint(3, 7))),
            "author": [{"family": _word(rnd, _SYL_LATIN).capitalize(), "given": "A."}],
            "issued": {"date-parts": [[1990 + i % 30]]}, "language": "fa" if i % 3 < 2 else "en"})
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return {it["id"] for it in items}


def ids_in(index: Path) -> set[str]:
    with Library.open(index, create=False) as lib:
        return {h.id for h in lib.references()}


def seeded_index(index: Path, bin_: str, env: dict) -> Path:
    """An index holding the example references, made by the installed command."""
    subprocess.run([bin_, "add", str(SEED), "--index", str(index)], check=True, capture_output=True,
                   env=env, timeout=120)
    return index


def peyvand(bin_: str, *args: str, env: dict, **kw) -> subprocess.Popen:
    return subprocess.Popen([bin_, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, **kw)


def test_four_adds_at_once_into_a_new_index(tmp_path, peyvand_bin, cli_env):
    """Four processes create and fill one index together while searches run; nothing is lost."""
    index = tmp_path / "index"
    files, expected = [], set()
    for k in range(4):
        f = tmp_path / f"part{k}.json"
        expected |= write_records(f, f"p{k}-", 300, seed=k)
        files.append(f)
    # The point here is that all four succeed; the default timeout (60 s) is tested below, and a
    # loaded CI machine can keep three writers busy for longer than that.
    env = dict(cli_env, PEYVAND_LOCK_TIMEOUT="600")
    procs = [peyvand(peyvand_bin, "add", str(f), "--index", str(index), env=env) for f in files]

    searches, failures = 0, []
    cli_searches = []
    while any(p.poll() is None for p in procs):
        if (index / "peyvand-index.json").exists():
            try:
                with Library.open(index, create=False) as lib:
                    lib.search("روابط ایران", 5)
                    lib.search("ravabet-e iran", 5)
                searches += 1
            except Exception as exc:             # "no index yet" is fine before the first commit
                if "no index" not in str(exc):
                    failures.append(repr(exc))
            if len(cli_searches) < 3:
                cli_searches.append(peyvand(peyvand_bin, "search", "--json", "tarikh", "--index",
                                            str(index), env=cli_env))
        time.sleep(0.05)
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert out.startswith("added 300, updated 0, skipped 0"), out
        assert "Traceback" not in err
    for p in cli_searches:
        out, err = p.communicate(timeout=60)
        # a search that starts before the first commit finds no index yet (exit 2, one line)
        assert p.returncode in (0, 2) and "Traceback" not in err, err
        if p.returncode == 2:
            assert "no index" in err
    assert not failures, failures[:3]
    assert searches > 0
    assert ids_in(index) == expected


def test_many_processes_create_one_index_at_once(tmp_path, peyvand_bin, cli_env):
    """Creation is the most delicate moment (Whoosh's create deletes index files it finds): six
    processes start on a directory that does not exist yet, and searches probe it meanwhile."""
    index = tmp_path / "index"
    files, expected = [], set()
    for k in range(6):
        f = tmp_path / f"tiny{k}.json"
        expected |= write_records(f, f"t{k}-", 3, seed=10 + k)
        files.append(f)
    env = dict(cli_env, PEYVAND_LOCK_TIMEOUT="600")
    procs = [peyvand(peyvand_bin, "add", str(f), "--index", str(index), env=env) for f in files]
    probes = []
    while any(p.poll() is None for p in procs):
        if len(probes) < 6 and index.exists():
            probes.append(peyvand(peyvand_bin, "info", "--index", str(index), env=env))
        time.sleep(0.02)
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    for p in probes:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0 or "no index" in err, err
    assert ids_in(index) == expected


def test_add_waits_for_the_lock_and_gives_up_with_a_clear_message(tmp_path, peyvand_bin, cli_env):
    from whoosh import index as wix

    index = seeded_index(tmp_path / "index", peyvand_bin, cli_env)
    before = ids_in(index)
    extra = tmp_path / "extra.json"
    new_ids = write_records(extra, "x", 20)
    # Another writer (Whoosh's own lock, as any peyvand add holds it) keeps the index locked.
    writer = wix.open_dir(str(index), indexname="peyvand").writer()
    try:
        started = time.monotonic()
        run = subprocess.run([peyvand_bin, "add", str(extra), "--index", str(index),
                              "--lock-timeout", "1"], capture_output=True, text=True, env=cli_env,
                             timeout=120)
        waited = time.monotonic() - started
        assert run.returncode == 2
        last = run.stderr.strip().splitlines()[-1]
        assert "locked by another peyvand process" in last and "--lock-timeout" in last
        assert "Traceback" not in run.stderr
        assert waited >= 1.0
        assert ids_in(index) == before                   # searches still read the index
        # with time to spare, the add waits, says so, and goes through once the lock is free
        env = dict(cli_env, PEYVAND_LOCK_TIMEOUT="60")
        waiting = peyvand(peyvand_bin, "add", str(extra), "--index", str(index), env=env)
        threading.Timer(2.0, writer.cancel).start()
        out, err = waiting.communicate(timeout=120)
    finally:
        if not writer.is_closed:
            writer.cancel()
    assert waiting.returncode == 0, err
    assert "waiting" in err and out.startswith("added 20")
    assert ids_in(index) == before | new_ids


def test_bad_lock_timeout_setting_is_a_usage_error(tmp_path, peyvand_bin, cli_env):
    env = dict(cli_env, PEYVAND_LOCK_TIMEOUT="soon")
    run = subprocess.run([peyvand_bin, "add", str(SEED), "--index", str(tmp_path / "i")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 2 and "PEYVAND_LOCK_TIMEOUT" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def _wait_for(pred, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("moment", ["while adding documents", "near the commit"])
def test_sigkill_leaves_all_or_none(tmp_path, peyvand_bin, cli_env, moment):
    """A ``peyvand add`` killed mid-file leaves an index that opens with all or none of its
    records, and that the next add writes to normally."""
    index = seeded_index(tmp_path / "index", peyvand_bin, cli_env)
    before = ids_in(index)
    big = tmp_path / "big.json"
    new_ids = write_records(big, "big", 2000)
    proc = peyvand(peyvand_bin, "add", str(big), "--index", str(index), env=cli_env,
                   start_new_session=True)
    try:
        # The writer's temporary directory appears once the records are read and indexing begins;
        # the stored-fields column appears when the segment is being finished.
        assert _wait_for(lambda: (index / "peyvand.tmp").exists() or proc.poll() is not None,
                         120), "the add never started writing"
        rnd = random.Random()
        if moment == "near the commit":
            _wait_for(lambda: any(n.endswith("_stored.col") for n in os.listdir(index))
                      or proc.poll() is not None, 120)
            time.sleep(rnd.uniform(0.0, 0.3))
        else:
            time.sleep(rnd.uniform(0.05, 1.0))
        killed_running = proc.poll() is None
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:      # it had already finished
            pass
    finally:
        _, killed_err = proc.communicate(timeout=60)
    assert "Traceback" not in killed_err, killed_err
    after = ids_in(index)
    assert after in (before, before | new_ids), (
        f"partial add: {len(after - before)} of {len(new_ids)} records ({moment})")
    # still writable: the kernel released the lock with the process
    small = tmp_path / "small.json"
    small_ids = write_records(small, "small", 5, seed=9)
    run = subprocess.run([peyvand_bin, "add", str(small), "--index", str(index),
                          "--lock-timeout", "5"], capture_output=True, text=True, env=cli_env,
                         timeout=120)
    assert run.returncode == 0, f"add after the kill: {run.stderr}"
    assert ids_in(index) == after | small_ids
    with Library.open(index, create=False) as lib:
        assert lib.search("روابط ایران و روسیه", 3)
    if killed_running:
        print(f"killed {moment}: index kept {'all' if after != before else 'none'} of the add")
