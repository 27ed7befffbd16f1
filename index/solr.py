"""The Solr engine: references in a SolrCloud collection, analysed by peyvand.

peyvand keeps the cross-script analysis in Python at index and at query time
(:func:`index.analysis.index_document`, :func:`index.query.plan`); Solr stores, distributes and
ranks. The collection's one matching field, ``terms``, holds peyvand's level-prefixed terms
separated by spaces (see ``index/solr_configset/schema.xml``): Solr splits them at whitespace and
indexes each unchanged, and with BooleanSimilarity a matching term scores exactly its boost.

Ranking. A query is one clause per query word: the maximum (``{!maxscore}``) of the word's
weighted terms, each a constant-score term (``^=weight``), so Solr's score is peyvand's sum over
words of each word's best level. Solr cannot express one rule of :mod:`index.query`: the fuzzy
fallback of a word that matched nothing keeps the first letter of the word fixed, which Lucene's
fuzzy query cannot. So Solr's best ``max(5 * limit, 50)`` documents (the pool the Whoosh engine
ranks too; ties go to the documents added first, as there) are scored again in Python by :func:`index.query.score_terms` over their stored terms,
and sorted by score, record length, then order of adding: the same order as Whoosh.

Adding. References are analysed in worker processes (one per core by default) and sent in batches
of 500; the add ends with one hard commit, which is when its references become visible. Solr has
no transactions: an add killed (even with SIGKILL) after some batches were sent leaves those
documents in the collection's update log, durable but not visible to searches, until the next
commit opens a new searcher (the next ``peyvand add`` into the collection, or a node restart once
Solr's auto-commit has written them). Ids are stable, so running the same add again yields each
reference exactly once. ``tests/test_solr.py`` checks this.

Requests go to the listed nodes in turn: a node that refuses the connection or answers 5xx is
skipped and the request retried on the next, for a few seconds, so searches keep answering while a
node is down (its replicas elsewhere serve the shard).
"""
from __future__ import annotations

import io
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from typing import Any, Callable, Iterable, Iterator

from .analysis import index_document
from .engine import EngineError, SolrURL
from .query import LOOSE, W_FUZZY, Plan, score_terms
from .reference import Reference
from .schema import LANG, SCRIPT, VERSION, term

CONFIGSET = f"peyvand-{VERSION}"
BATCH = 500
TIMEOUT = 30.0           # seconds for one request
RETRY_FOR = 10.0         # seconds a request keeps trying the nodes while they answer 5xx
NO_ANSWER_FOR = 2.0      # ... and while none of them accepts a connection
ENV_WORKERS = "PEYVAND_WORKERS"
_SPECIAL = set('\\+-!():^[]"{}~*?|&;/\'') | {" ", "\t", "\n", "\r", "\u3000"}


def escape(text: str) -> str:
    """``text`` as one literal term of Lucene's standard query syntax."""
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


class SolrClient:
    """JSON requests to a Solr cluster, tried on each listed node in turn."""

    def __init__(self, solr: SolrURL, timeout: float = TIMEOUT) -> None:
        self.solr = solr
        self.timeout = timeout
        self._first = 0

    def request(self, path: str, params: dict[str, Any] | None = None, body: Any = None,
                data: bytes | None = None, content_type: str = "application/json",
                retry_for: float = RETRY_FOR) -> dict[str, Any]:
        """GET (or POST ``body`` as JSON, or raw ``data``) ``path`` below a node's base URL."""
        query = urllib.parse.urlencode({"wt": "json", **(params or {})}, doseq=True)
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        deadline = time.monotonic() + retry_for
        bases = self.solr.bases
        last = ""
        pause = 0.1
        start = time.monotonic()
        while True:
            answered = False
            for k in range(len(bases)):
                i = (self._first + k) % len(bases)
                req = urllib.request.Request(f"{bases[i]}{path}?{query}", data=data,
                                             method="POST" if data is not None else "GET")
                if data is not None:
                    req.add_header("Content-Type", content_type)
                try:
                    with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                        out = json.loads(resp.read().decode("utf-8"))
                    self._first = i
                    return out
                except urllib.error.HTTPError as err:
                    msg = _solr_message(err)
                    if err.code < 500:          # the request itself is wrong: no other node helps
                        raise EngineError(f"Solr at {self.solr.url} refused {path}: {msg}") from None
                    last = f"HTTP {err.code}: {msg}"
                    answered = True
                except (urllib.error.URLError, OSError, ValueError) as err:
                    reason = getattr(err, "reason", err)
                    last = f"{getattr(reason, 'strerror', None) or reason}"
            # no node answering at all: give up sooner than while a shard is between leaders
            if time.monotonic() + pause > deadline or (
                    not answered and time.monotonic() - start > min(retry_for, NO_ANSWER_FOR)):
                break
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
        raise EngineError(f"cannot reach Solr at {self.solr.url} ({last})")


def _solr_message(err: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(err.read().decode("utf-8"))
        msg = body.get("error", {}).get("msg") or str(body)[:300]
    except Exception:
        msg = err.reason or "error"
    return " ".join(str(msg).split())[:300]


# --- cluster administration ------------------------------------------------------------------

def configset_zip() -> bytes:
    """peyvand's configset (shipped in the package) as the zip Solr's configset API takes."""
    from importlib import resources

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(resources.files("index").joinpath("solr_configset").iterdir(),
                        key=lambda f: f.name):
            if f.name.endswith(".xml"):
                z.writestr(f.name, f.read_bytes())
    return buf.getvalue()


def ensure_configset(client: SolrClient) -> bool:
    """Upload peyvand's configset unless the cluster has it; True when it was uploaded."""
    if CONFIGSET in _configsets(client):
        return False
    try:
        client.request("/admin/configs", {"action": "UPLOAD", "name": CONFIGSET},
                       data=configset_zip(), content_type="application/octet-stream")
    except EngineError:
        if CONFIGSET in _configsets(client):      # another process uploaded it meanwhile
            return False
        raise
    return True


def _configsets(client: SolrClient) -> list[str]:
    return client.request("/admin/configs", {"action": "LIST"}).get("configSets", [])


def collection_status(client: SolrClient, name: str) -> dict | None:
    """Collection ``name``'s cluster state (configName, shards...), or None when there is none."""
    try:
        out = client.request("/admin/collections", {"action": "CLUSTERSTATUS", "collection": name})
    except EngineError as err:
        if "not found" in str(err).lower() or "could not find collection" in str(err).lower():
            return None
        raise
    return out.get("cluster", {}).get("collections", {}).get(name)


def collection_config(client: SolrClient, name: str) -> str | None:
    """The configset of collection ``name``, or None when the cluster has no such collection."""
    info = collection_status(client, name)
    return None if info is None else info.get("configName", "")


def _ready(info: dict) -> bool:
    """Whether every shard has an active leader (a collection being created has not yet)."""
    shards = info.get("shards", {})
    return bool(shards) and all(
        any(r.get("leader") == "true" and r.get("state") == "active"
            for r in sh.get("replicas", {}).values()) for sh in shards.values())


def wait_ready(client: SolrClient, name: str, info: dict | None = None,
               timeout: float = 120.0) -> None:
    """Wait until collection ``name`` serves requests (another process may be creating it)."""
    deadline = time.monotonic() + timeout
    while info is None or not _ready(info):
        if time.monotonic() > deadline:
            raise EngineError(f"collection {name!r} on {client.solr.url} has shards without an "
                              f"active leader after {timeout:.0f} s")
        time.sleep(0.2)
        info = collection_status(client, name)


def live_nodes(client: SolrClient) -> list[str]:
    out = client.request("/admin/collections", {"action": "CLUSTERSTATUS"})
    return out.get("cluster", {}).get("live_nodes", [])


def ensure_collection(client: SolrClient, name: str, shards: int | None = None,
                      replicas: int | None = None) -> bool:
    """Create collection ``name`` on peyvand's configset unless it exists; True when created.

    Defaults: 2 shards, 2 replicas (1 on a one-node cluster). An existing collection on another
    configset is refused, never written to."""
    conf = collection_config(client, name)
    if conf is None:
        ensure_configset(client)
        nodes = max(len(live_nodes(client)), 1)
        shards = shards or 2
        replicas = replicas or min(2, nodes)
        try:
            client.request("/admin/collections", {
                "action": "CREATE", "name": name, "numShards": shards,
                "replicationFactor": replicas, "collection.configName": CONFIGSET,
                "waitForFinalState": "true"}, retry_for=0)
            return True
        except EngineError:
            conf = collection_config(client, name)   # created by another process meanwhile?
            if conf is None:
                raise
    if conf != CONFIGSET:
        raise EngineError(f"collection {name!r} on {client.solr.url} is not a peyvand collection "
                          f"(configset {conf!r}, expected {CONFIGSET!r}); refusing to use it")
    return False


# --- the engine ------------------------------------------------------------------------------

class _Frequencies:
    """Document frequencies of terms, asked of Solr a batch at a time (what query.plan reads)."""

    def __init__(self, engine: "SolrEngine") -> None:
        self._engine = engine
        self.df: dict[str, int] = {}

    def fetch(self, terms: Iterable[str]) -> None:
        wanted = [t for t in dict.fromkeys(terms) if t not in self.df]
        for k in range(0, len(wanted), 200):
            chunk = wanted[k:k + 200]
            facet = {f"t{i}": {"type": "query", "q": f"{{!term f=terms v=$t{i}}}"}
                     for i in range(len(chunk))}
            params = {f"t{i}": t for i, t in enumerate(chunk)}
            out = self._engine._select({"query": "*:*", "limit": 0, "facet": facet,
                                        "params": params})
            facets = out.get("facets", {})
            for i, t in enumerate(chunk):
                self.df[t] = int(facets.get(f"t{i}", {}).get("count", 0))

    def doc_frequency(self, fieldname: str, text: str) -> int:
        if text not in self.df:
            self.fetch([text])
        return self.df[text]


class SolrEngine:
    """One peyvand collection on a Solr cluster."""

    name = "solr"

    def __init__(self, client: SolrClient, collection: str) -> None:
        self.client = client
        self.collection = collection

    @property
    def location(self) -> str:
        return f"{self.client.solr.url} collection {self.collection}"

    @classmethod
    def open(cls, solr: SolrURL, collection: str, create: bool = True) -> "SolrEngine":
        client = SolrClient(solr)
        info = collection_status(client, collection)
        if info is None:
            if not create:
                raise EngineError(f"no collection {collection!r} on {solr.url}: add references "
                                  "first (peyvand add FILE), or create it with peyvand solr init")
            ensure_collection(client, collection)
            info = collection_status(client, collection)
        conf = None if info is None else info.get("configName", "")
        if conf is not None and conf != CONFIGSET:
            raise EngineError(f"collection {collection!r} on {solr.url} is not a peyvand "
                              f"collection (configset {conf!r}, expected {CONFIGSET!r}); "
                              "refusing to use it")
        if info is None or not _ready(info):
            wait_ready(client, collection, info)
        return cls(client, collection)

    def close(self) -> None:
        pass

    def _select(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.client.request(f"/{self.collection}/select", body=body)

    # -- writing -----------------------------------------------------------------------------
    def write(self, prepare: Callable[[Any], tuple[list[Reference], list[str]]],
              progress: Callable[[int], None] | None,
              lock_timeout: float | None = None, on_wait: Callable[[], None] | None = None,
              workers: int | None = None) -> set[str]:
        """Analyse references in worker processes, send them in batches, and commit once.
        ``prepare(self)`` returns the references (distinct ids) and the ids to delete; returns
        the ids that were in the collection already."""
        refs, stale = prepare(self)
        existing = self._existing([r.id for r in refs])
        if stale:
            self.client.request(f"/{self.collection}/update", body={"delete": stale})
        seq0 = time.time_ns()
        batch: list[dict[str, Any]] = []
        done = 0
        for n, doc in enumerate(_analysed(refs, workers)):
            doc["seq"] = seq0 + n
            batch.append(doc)
            if len(batch) >= BATCH:
                self._send(batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if batch:
            self._send(batch)
        self.client.request(f"/{self.collection}/update",
                            {"commit": "true", "waitSearcher": "true"}, body={})
        return existing

    def _send(self, docs: list[dict[str, Any]]) -> None:
        self.client.request(f"/{self.collection}/update", body=docs)

    def _existing(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for k in range(0, len(ids), 1000):
            chunk = ids[k:k + 1000]
            # a separator no id holds (ids may hold commas); not "ids", a parameter of Solr's own
            out = self._select({"query": "{!terms f=id separator='\u001f' v=$idlist}",
                                "limit": len(chunk), "fields": "id",
                                "params": {"idlist": "\u001f".join(chunk)}})
            found.update(d["id"] for d in out["response"]["docs"])
        return found

    # -- reading -----------------------------------------------------------------------------
    def reader(self, query: str | None = None) -> _Frequencies:
        """Document frequencies for query.plan; with the query, those of its words' own and loose
        forms (what plan asks about Latin words) are fetched at once, in one request."""
        freq = _Frequencies(self)
        if query:
            from translit import keys

            from .schema import EXACT

            freq.fetch([term(level, t) for w in keys.analyze(query, candidates=0).words
                        if w.script == "latin"
                        for level, forms in ((EXACT, w.exact), (LOOSE, w.loose)) for t in forms])
        return freq

    def candidates(self, p: Plan, limit: int, reader: _Frequencies | None = None
                   ) -> list[tuple[float, int, int, dict, list[float]]]:
        """(score, record length, order, stored data, each query word's weight) of the best
        documents for a plan.

        One request in the common case: the query, and facet counts of each of the plan's terms
        among the documents it matches (every document holding a term matches, so these are the
        terms' document frequencies). Only when a word matched nothing does a second request add
        its fuzzy clause, as query.score_documents does."""
        n = p.n_words
        if n == 0 or not p.terms:
            return []
        # per word: Solr clause -> weight
        words: list[dict[str, float]] = [dict() for _ in range(n)]
        names: dict[str, tuple[str, str]] = {}
        for k, ((fname, t), entries) in enumerate(p.terms.items()):
            names[f"t{k}"] = (fname, t)
            clause = "terms:" + escape(term(fname, t))
            for idx, weight in entries:
                for i in idx:
                    if words[i].get(clause, 0.0) < weight:
                        words[i][clause] = weight
        for fname, a, b, i, weight in p.splits:
            clause = f"(+terms:{escape(term(fname, a))} +terms:{escape(term(fname, b))})"
            if words[i].get(clause, 0.0) < weight:
                words[i][clause] = weight
        pool = max(limit * 5, 50)
        facet = {k: {"type": "query", "q": f"{{!term f=terms v=${k}}}"} for k in names}
        params = {k: term(*ft) for k, ft in names.items()}
        out = self._query(words, pool, facet, params)
        found = [False] * n
        facets = out.get("facets", {})
        for k, ft in names.items():
            if facets.get(k, {}).get("count", 0):
                for idx, _ in p.terms[ft]:
                    for i in idx:
                        found[i] = True
        fuzzy = [i for i in range(n) if not found[i]]
        fuzzy_forms = {i: form for i in fuzzy for form in p.analysis.words[i].loose[:1]
                       if len(form) >= 4}
        if fuzzy_forms:
            for i, form in fuzzy_forms.items():
                words[i][f"terms:{escape(term(LOOSE, form))}~1"] = W_FUZZY
            out = self._query(words, pool)
        rows = []
        for d in out["response"]["docs"]:
            row = score_terms(p, set(d.get("terms", "").split()), fuzzy)
            score = sum(row)
            if score > 0:
                rows.append((score, int(d.get("n", 0)), int(d.get("seq", 0)), json.loads(d["data"]), row))
        return rows

    def _query(self, words: list[dict[str, float]], pool: int, facet: dict | None = None,
               params: dict | None = None) -> dict[str, Any]:
        should = [{"maxscore": {"query": " ".join(f"{c}^={w:g}" for c, w in cl.items())}}
                  for cl in words if cl]
        body: dict[str, Any] = {"query": {"bool": {"should": should}}, "limit": pool,
                                "fields": "id,terms,data,n,seq", "sort": "score desc,seq asc"}
        if facet:
            body["facet"] = facet
            body["params"] = params or {}
        return self._select(body)

    def id_with_term(self, t: str) -> str | None:
        """The id of a record holding the term ``t`` (key assignment), or None."""
        out = self._select({"query": "{!term f=terms v=$t}", "limit": 1, "fields": "id",
                            "params": {"t": t}})
        docs = out["response"]["docs"]
        return docs[0]["id"] if docs else None

    def exists(self, rid: str) -> bool:
        return bool(self._existing([rid]))

    def hash_of(self, rid: str) -> str | None:
        data = self.get(rid)
        return None if data is None else data["ref"].get("content_hash", "")

    def get(self, id: str) -> dict | None:
        out = self._select({"query": "{!term f=id v=$rid}", "limit": 1, "fields": "data",
                            "params": {"rid": id}})
        docs = out["response"]["docs"]
        return json.loads(docs[0]["data"]) if docs else None

    def all(self) -> Iterator[dict]:
        cursor = "*"
        while True:
            out = self._select({"query": "*:*", "limit": 1000, "fields": "data",
                                "sort": "seq asc,id asc", "params": {"cursorMark": cursor}})
            for d in out["response"]["docs"]:
                yield json.loads(d["data"])
            nxt = out.get("nextCursorMark", cursor)
            if nxt == cursor:
                return
            cursor = nxt

    def stats(self) -> dict[str, Any]:
        facet = {name: {"type": "terms", "field": "terms", "prefix": term(level, ""), "limit": -1}
                 for name, level in (("script", SCRIPT), ("lang", LANG))}
        out = self._select({"query": "*:*", "limit": 0, "facet": facet})
        counts = {}
        for name, level in (("script", SCRIPT), ("lang", LANG)):
            head = len(term(level, ""))
            counts[name] = {b["val"][head:]: b["count"]
                            for b in out.get("facets", {}).get(name, {}).get("buckets", [])}
        by_script = {sc: counts["script"].get(sc, 0) for sc in ("persian", "latin", "none")}
        return {"references": out["response"]["numFound"], "by_script": by_script,
                "by_language": {k: v for k, v in counts["lang"].items() if v},
                "location": self.location, "size_bytes": self._size()}

    def _size(self) -> int:
        """Bytes of the collection's index on all its replicas."""
        total = 0
        for base in self.client.solr.bases:
            try:
                with urllib.request.urlopen(f"{base}/admin/cores?action=STATUS&wt=json",
                                            timeout=5) as resp:
                    status = json.loads(resp.read().decode("utf-8")).get("status", {})
            except (OSError, ValueError):
                continue
            for core in status.values():
                if core.get("cloud", {}).get("collection") == self.collection:
                    total += int(core.get("index", {}).get("sizeInBytes", 0))
        return total


def workers_default(workers: int | None = None) -> int:
    """Analysis processes for a Solr add: ``workers``, else ``$PEYVAND_WORKERS``, else the cores."""
    if workers is None:
        raw = os.environ.get(ENV_WORKERS, "").strip()
        if raw:
            try:
                workers = int(raw)
            except ValueError:
                raise EngineError(f"${ENV_WORKERS} must be a number, not {raw!r}") from None
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 1:
        raise EngineError(f"the number of analysis workers must be 1 or more, not {workers}")
    return workers


def _analysed(refs: list[Reference], workers: int | None) -> Iterator[dict[str, Any]]:
    """index_document of each reference, in order; in ``workers`` processes for large adds."""
    workers = workers_default(workers)
    if workers == 1 or len(refs) < 2000:
        yield from map(index_document, refs)
        return
    import multiprocessing

    # forkserver, not fork: forking a process that runs threads (hazm's and eSpeak's libraries may
    # start native ones; so may a program using this library) can deadlock the child. Each worker
    # loads the analysis resources once, lazily, as any peyvand process does.
    with multiprocessing.get_context("forkserver").Pool(workers) as pool:
        yield from pool.imap(index_document, refs, chunksize=64)
