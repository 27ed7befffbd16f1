"""The Solr engine against a real local SolrCloud (solr/cluster.sh: 2 nodes, collections of 2 shards
x 2 replicas): the same answers as the Whoosh engine, terms stored unchanged, a node stopped while
searches run, idempotent set-up, and what an add killed with SIGKILL leaves. Skipped when no cluster
can be had (no Java or Maven)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from index import Library, Reference
from index.engine import EngineError, parse
from index.readers import read_path
from index.solr import CONFIGSET, SolrClient, collection_config, configset_zip, drop_collection

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "references.txt"


_NAMES: list[str] = []      # the collections (and configsets) these tests make, deleted at the end


def _name(prefix: str) -> str:
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    _NAMES.append(name)
    return name


@pytest.fixture(scope="module", autouse=True)
def _cleanup(solr_cloud):
    """Leave a long-running cluster as it was found: the tests' collections deleted."""
    yield
    client = SolrClient(parse(solr_cloud.url))
    for name in _NAMES:
        for action, key in (("/admin/collections", "DELETE"), ("/admin/configs", "DELETE")):
            try:
                client.request(action, {"action": key, "name": name}, retry_for=0)
            except EngineError:     # most names are not configsets; some were never created
                pass


@pytest.fixture(scope="module")
def both(solr_cloud, tmp_path_factory):
    """The example bibliography in a Whoosh index and in a Solr collection."""
    refs = read_path(EXAMPLES).references
    whoosh = Library.open(tmp_path_factory.mktemp("w") / "idx")
    whoosh.add(refs)
    solr = Library.open(Path(_name("examples")), engine=solr_cloud.url)
    solr.add(read_path(EXAMPLES).references)
    return whoosh, solr


def _queries() -> list[str]:
    rows = []
    for line in (ROOT / "tests" / "data" / "search_examples.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t")[0])
    return rows


def _ranked(lib, query):
    return [(h.id, h.score) for h in lib.search(query, 10)]


def test_search_examples_give_the_same_results_on_both_engines(both):
    whoosh, solr = both
    assert solr.engine == "solr" and whoosh.engine == "whoosh"
    queries = _queries()
    assert len(queries) > 100
    differ = [(q, _ranked(whoosh, q), _ranked(solr, q)) for q in queries
              if _ranked(whoosh, q) != _ranked(solr, q)]
    assert not differ, differ[:3]
    # and the hits carry the same records, both scripts and highlights
    w, s = whoosh.search("روابط ایران و روسیه", 3), solr.search("روابط ایران و روسیه", 3)
    assert [h.to_dict() for h in w] == [h.to_dict() for h in s]


def test_show_export_info_on_solr(both):
    whoosh, solr = both
    assert solr.stats()["references"] == whoosh.stats()["references"] == 21
    assert solr.stats()["by_language"] == whoosh.stats()["by_language"]
    assert solr.stats()["by_script"] == whoosh.stats()["by_script"]
    hit = whoosh.search("برجام", 1)[0]
    assert solr.get(hit.id).to_dict() == whoosh.get(hit.id).to_dict()
    assert solr.get("no-such-id") is None
    # the same records in the same order (the order they were added in)
    for fmt in ("csl-json", "bibtex", "ris"):
        assert solr.export(fmt) == whoosh.export(fmt)


def test_persian_terms_and_zwnj_pass_through_the_terms_field_unchanged(solr_cloud):
    """The field splits at whitespace only: ZWNJ (U+200C), ع written as ', colons, quotes and
    Lucene's special characters stay inside their term, and {!term} finds each term as it is."""
    lib = Library.open(Path(_name("terms")), engine=solr_cloud.url)
    weird = ["x:همکاری\u200cهای", "l:ma'aref", "x:منطقه\u200cای", "kp:a:b", 'x:"(*?)"', "x:AND",
             "x:\\+-!^~", "x:پژوهش\u200cنامه\u200cها"]
    client = lib._engine.client
    coll = lib._engine.collection
    client.request(f"/{coll}/update", {"commit": "true"},
                   body=[{"id": "t1", "terms": " ".join(weird), "data": "{}", "n": 1, "seq": 1}])
    out = client.request(f"/{coll}/select", body={
        "query": "*:*", "limit": 0,
        "facet": {"t": {"type": "terms", "field": "terms", "limit": -1}}})
    indexed = {b["val"] for b in out["facets"]["t"]["buckets"]}
    assert indexed == set(weird)
    for t in weird:
        found = client.request(f"/{coll}/select", body={
            "query": "{!term f=terms v=$t}", "params": {"t": t}, "fields": "id"})
        assert [d["id"] for d in found["response"]["docs"]] == ["t1"], t
    # and peyvand's own analysis of a Persian title survives the round trip
    ref = Reference(title="پژوهش‌نامه همکاری‌های منطقه‌ای", language="fa")
    lib.add([ref])
    from index.analysis import index_document
    stored = client.request(f"/{coll}/select", body={
        "query": "{!term f=id v=$id}", "params": {"id": ref.id}, "fields": "terms"})
    assert stored["response"]["docs"][0]["terms"] == index_document(ref)["terms"]
    assert lib.search("همکاری‌های منطقه‌ای", 1)[0].id == ref.id
    assert lib.search("hamkārīhā-ye mantaqeh", 1)[0].id == ref.id


def test_solr_init_is_idempotent(solr_cloud, peyvand_bin):
    name = _name("init")
    runner = CliRunner()
    args = ["solr", "init", "--index", name, "--engine", solr_cloud.url, "--shards", "2",
            "--replicas", "2"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert f"collection {name}: created, 2 shards x 2 replicas" in first.output
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert f"configset {CONFIGSET}: present; collection {name}: present" in again.output
    p = subprocess.run([peyvand_bin, *args], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "present; collection" in p.stdout, p.stderr
    client = SolrClient(parse(solr_cloud.url))
    assert collection_config(client, name) == CONFIGSET
    status = client.request("/admin/collections", {"action": "CLUSTERSTATUS", "collection": name})
    shards = status["cluster"]["collections"][name]["shards"]
    assert len(shards) == 2 and all(len(s["replicas"]) == 2 for s in shards.values())
    # an add into it (first use through the command) works and needs no creation
    p = subprocess.run([peyvand_bin, "add", str(EXAMPLES), "--index", name, "--engine",
                        solr_cloud.url], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and "added 21" in p.stdout, p.stderr
    # and it is deleted once, with its data
    assert drop_collection(client, name) is True
    assert collection_config(client, name) is None
    assert drop_collection(client, name) is False


def test_concurrent_first_adds_create_one_collection(solr_cloud, peyvand_bin, tmp_path):
    name = _name("race")
    env = dict(os.environ, PEYVAND_ENGINE=solr_cloud.url)
    procs = [subprocess.Popen([peyvand_bin, "add", str(EXAMPLES), "--index", name], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    with Library.open(Path(name), engine=solr_cloud.url, create=False) as lib:
        assert lib.stats()["references"] == 21


def test_a_collection_of_another_configset_is_refused(solr_cloud):
    client = SolrClient(parse(solr_cloud.url))
    name = _name("foreign")
    # a collection someone else made (here: on a copy of peyvand's configset under another name)
    conf = _name("other-conf")
    client.request("/admin/configs", {"action": "UPLOAD", "name": conf}, data=configset_zip(),
                   content_type="application/octet-stream")
    client.request("/admin/collections", {"action": "CREATE", "name": name, "numShards": 1,
                                          "replicationFactor": 1, "collection.configName": conf})
    runner = CliRunner()
    r = runner.invoke(app, ["search", "iran", "--index", name, "--engine", solr_cloud.url])
    assert r.exit_code == 2
    assert "is not a peyvand collection" in r.output and "Traceback" not in r.output
    with pytest.raises(EngineError, match="refusing to delete it"):
        drop_collection(client, name)
    assert collection_config(client, name) == conf
    r = runner.invoke(app, ["search", "iran", "--index", _name("missing"), "--engine", solr_cloud.url])
    assert r.exit_code == 2 and "no collection" in r.output


def _wait_active(client: SolrClient, timeout: float = 120.0) -> None:
    """Until every replica of every collection is active on a live node."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = client.request("/admin/collections", {"action": "CLUSTERSTATUS"})["cluster"]
        live = set(st.get("live_nodes", []))
        if all(r.get("state") == "active" and r.get("node_name") in live
               for c in st["collections"].values() for s in c["shards"].values()
               for r in s["replicas"].values()):
            return
        time.sleep(0.5)
    raise TimeoutError("replicas did not all become active")


def test_a_node_stopped_mid_search_loses_no_acknowledged_reference(solr_cloud, both):
    whoosh, _ = both
    name = _name("failover")
    lib = Library.open(Path(name), engine=solr_cloud.url)
    lib.add(read_path(EXAMPLES).references)
    client = lib._engine.client
    _wait_active(client)
    queries = _queries()[:30]
    expected = {q: _ranked(whoosh, q) for q in queries}
    answers, errors, stop = [], [], threading.Event()

    def searching():
        searcher = Library.open(Path(name), engine=solr_cloud.url, create=False)
        i = 0
        while not stop.is_set():
            q = queries[i % len(queries)]
            try:
                got = _ranked(searcher, q)
                answers.append(got == expected[q])
            except Exception as err:          # any failure to answer is what this test is about
                errors.append(repr(err))
            i += 1

    t = threading.Thread(target=searching)
    t.start()
    try:
        time.sleep(1.0)
        solr_cloud.stop_node(0)
        before = len(answers)
        time.sleep(3.0)
        # acknowledged while the node is down
        extra = [Reference(title=f"Gozāresh-e shomāreh {i} dar bāreh-ye failover", language="fa",
                           year="2020") for i in range(40)]
        summary = lib.add(extra)
        assert summary.added == 40
        time.sleep(1.0)
        during = len(answers) - before
    finally:
        stop.set()
        t.join()
        solr_cloud.start_node(0)
    assert not errors, errors[:3]
    assert during > 5 and all(answers), (during, answers.count(False))
    _wait_active(client)
    # the restarted node has caught up: with the other node down it serves everything alone
    solr_cloud.stop_node(1)
    try:
        only0 = Library.open(Path(name), engine=solr_cloud.url, create=False)
        assert only0.stats()["references"] == 21 + 40
        assert all(only0.get(r.id) is not None for r in extra)
        for q in queries[:10]:
            assert _ranked(only0, q) == expected[q], q
    finally:
        solr_cloud.start_node(1)
        _wait_active(client)


def _make_refs(path: Path, n: int) -> list[str]:
    words = ["ایران", "روسیه", "روابط", "همکاری", "نظامی", "امنیت", "سیاست", "خارجی", "اقتصاد",
             "تاریخ", "فرهنگ", "جامعه", "انقلاب", "اسلامی", "منطقه", "خاورمیانه", "انرژی", "نفت",
             "دیپلماسی", "تحریم", "هسته‌ای", "مذاکرات", "آسیای", "مرکزی", "قفقاز", "دریای", "خزر"]
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            title = " ".join(words[(i * k + i // 7) % len(words)] for k in (1, 3, 5, 7, 11))
            rid = f"k{i}"
            ids.append(rid)
            f.write(json.dumps({"id": rid, "type": "article-journal", "title": f"{title} {i}",
                                "language": "fa", "issued": {"date-parts": [[1390 + i % 10]]}},
                               ensure_ascii=False) + "\n")
    return ids


def _in_update_log(lib, ids: list[str]) -> int:
    """How many of ``ids`` Solr holds, committed or not: real-time get reads the update log too."""
    found = 0
    for k in range(0, len(ids), 200):
        out = lib._engine.client.request(f"/{lib._engine.collection}/get",
                                         {"ids": ",".join(ids[k:k + 200]), "fl": "id"})
        found += int(out["response"]["numFound"])
    return found


def test_sigkill_mid_add_leaves_sent_documents_invisible_until_the_next_commit(
        solr_cloud, peyvand_bin, tmp_path):
    """What index/solr.py says: after SIGKILL, searches see the collection as it was; the batches
    already sent sit in Solr's update log and appear at the next commit; the same add run again
    gives every reference exactly once."""
    name = _name("killed")
    f = tmp_path / "many.jsonl"
    ids = _make_refs(f, 8000)
    env = dict(os.environ, PEYVAND_ENGINE=solr_cloud.url, PEYVAND_WORKERS="1")
    lib = Library.open(Path(name), engine=solr_cloud.url)
    lib.add(read_path(EXAMPLES).references)              # what was there before
    p = subprocess.Popen([peyvand_bin, "add", str(f), "--index", name], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while not _in_update_log(lib, ids[:1]) and time.monotonic() < deadline:
        assert p.poll() is None, p.communicate()
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait()
    time.sleep(2.0)           # a batch the killed process had sent whole may still be in progress
    sent = _in_update_log(lib, ids)
    assert 0 < sent < len(ids), "the add was not caught mid-way"
    assert lib.stats()["references"] == 21                # nothing of it is visible
    assert lib.search("ایران روسیه", 5)[0].reference.title.startswith("Chashmandāz")
    lib._engine.client.request(f"/{name}/update", {"commit": "true"}, body={})
    partial = lib.stats()["references"] - 21
    assert partial == sent                                # the next commit shows the sent part
    p = subprocess.run([peyvand_bin, "add", str(f), "--index", name], env=env,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert f"added {len(ids) - partial}, updated {partial}" in p.stdout
    assert lib.stats()["references"] == 21 + len(ids)


def test_bulk_add_with_two_analysis_workers_matches_whoosh(solr_cloud, tmp_path):
    """A large add is analysed in worker processes and sent in batches; the collection then holds
    what one Whoosh commit holds, ranked alike."""
    f = tmp_path / "bulk.jsonl"
    ids = _make_refs(f, 2600)                  # above the size that starts workers
    seen = []
    solr = Library.open(Path(_name("bulk")), engine=solr_cloud.url)
    summary = solr.add(read_path(f).references, progress=seen.append, workers=2)
    assert (summary.added, summary.updated) == (len(ids), 0)
    assert seen[0] == 500 and seen[-1] == len(ids) and seen == sorted(seen)
    whoosh = Library.open(tmp_path / "w")
    whoosh.add(read_path(f).references)
    assert solr.stats()["references"] == whoosh.stats()["references"] == len(ids)
    for q in ("روابط ایران و روسیه", "tahrim-e naft", "هسته‌ای مذاکرات 17", "Ghafghaz"):
        assert _ranked(solr, q) == _ranked(whoosh, q), q
    again = solr.add(read_path(f).references, workers=2)
    assert (again.added, again.updated) == (0, len(ids))
    assert solr.stats()["references"] == len(ids)
