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
fuzzy query cannot, and the very common terms are left out of the query. So Solr's best
``max(5 * limit, 50)`` documents (the pool the Whoosh engine ranks too; ties go to the documents
added first, as there) are scored again by the rules of :func:`index.query.score_terms`: Solr
returns each word's best weight over all of its terms as a function field of each document, and
only a word that matched nothing has them scored in Python from their stored terms. They are
sorted by score, record length, then order of adding: the same order as Whoosh.

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

import contextlib
import io
import json
import http.client
import os
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from typing import Any, Callable, Iterable, Iterator

from .analysis import index_document
from .engine import EngineError, SolrURL
from .query import LOOSE, W_FUZZY, Plan, plan, score_terms, select_terms
from .reference import Reference
from .schema import LANG, SCRIPT, VERSION, term

CONFIGSET = f"peyvand-{VERSION}"
BATCH = 500
TIMEOUT = 30.0           # seconds for one request
# 4xx answers that come from the cluster's state, not from the request: while a node goes down or
# comes back, a distributed search may be given shard addresses that name a node the coordinating
# node no longer counts as live, and Solr's address allow-list refuses them; the same request
# succeeds once the state has settled, so it is retried like a 5xx
_STATE_REFUSALS = ("allowUrls",)
RETRY_FOR = 10.0         # seconds a request keeps trying the nodes while they answer 5xx
NO_ANSWER_FOR = 2.0      # ... and while none of them accepts a connection
ENV_WORKERS = "PEYVAND_WORKERS"
_SPECIAL = set('\\+-!():^[]"{}~*?|&;/\'') | {" ", "\t", "\n", "\r", "\u3000"}


def escape(text: str) -> str:
    """``text`` as one literal term of Lucene's standard query syntax."""
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


class SolrClient:
    """JSON requests to a Solr cluster, tried on each listed node in turn.

    Each thread keeps one HTTP/1.1 connection open per node and sends its requests over it (a
    search is a few small requests: a new connection for each cost more than Solr's answer)."""

    def __init__(self, solr: SolrURL, timeout: float = TIMEOUT) -> None:
        self.solr = solr
        self.timeout = timeout
        self._first = 0
        self._nodes = [urllib.parse.urlsplit(b) for b in solr.bases]
        self._local = threading.local()

    def request(self, path: str, params: dict[str, Any] | None = None, body: Any = None,
                data: bytes | None = None, content_type: str = "application/json",
                retry_for: float = RETRY_FOR) -> dict[str, Any]:
        """GET (or POST ``body`` as JSON, or raw ``data``) ``path`` below a node's base URL."""
        query = urllib.parse.urlencode({"wt": "json", **(params or {})}, doseq=True)
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": content_type} if data is not None else {}
        method = "POST" if data is not None else "GET"
        deadline = time.monotonic() + retry_for
        n = len(self._nodes)
        last = ""
        pause = 0.1
        start = time.monotonic()
        while True:
            answered = False
            for k in range(n):
                i = (self._first + k) % n
                try:
                    status, reason, raw = self._exchange(i, method, f"{self._nodes[i].path}{path}?{query}",
                                                         data, headers)
                except (http.client.HTTPException, OSError) as err:
                    last = f"{getattr(err, 'strerror', None) or err or type(err).__name__}"
                    continue
                if status < 400:
                    try:
                        out = json.loads(raw)
                    except ValueError as err:
                        last = f"not JSON ({err})"
                        continue
                    self._first = i
                    return out
                msg = _solr_message(raw, reason)
                if status < 500 and not any(m in msg for m in _STATE_REFUSALS):
                    # the request itself is wrong: no other node helps
                    raise EngineError(f"Solr at {self.solr.url} refused {path}: {msg}")
                last = f"HTTP {status}: {msg}"
                answered = True
            # no node answering at all: give up sooner than while a shard is between leaders
            if time.monotonic() + pause > deadline or (
                    not answered and time.monotonic() - start > min(retry_for, NO_ANSWER_FOR)):
                break
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
        raise EngineError(f"cannot reach Solr at {self.solr.url} ({last})")

    def _exchange(self, i: int, method: str, target: str, data: bytes | None,
                  headers: dict[str, str]) -> tuple[int, str, bytes]:
        """One request to node ``i`` over this thread's open connection to it (a new one if the
        node closed it meanwhile): status, reason and body."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():    # a forked child opens its own
            local.pid, local.conns = os.getpid(), {}
        conns: dict[int, http.client.HTTPConnection] = local.conns
        while True:
            conn = conns.pop(i, None)
            reused = conn is not None
            if conn is None:
                node = self._nodes[i]
                cls = http.client.HTTPSConnection if node.scheme == "https" else http.client.HTTPConnection
                conn = cls(node.hostname, node.port, timeout=self.timeout)
            try:
                conn.request(method, target, body=data, headers=headers)
                resp = conn.getresponse()
                raw = resp.read()
            except TimeoutError:
                conn.close()
                raise
            except (http.client.HTTPException, OSError):
                conn.close()
                if reused:          # closed by the node while idle: once more on a new one
                    continue
                raise
            if resp.will_close:
                conn.close()
            else:
                conns[i] = conn
            return resp.status, resp.reason, raw


def _solr_message(raw: bytes, reason: str) -> str:
    try:
        body = json.loads(raw)
        msg = body.get("error", {}).get("msg") or str(body)[:300]
    except Exception:
        msg = reason or "error"
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


def _foreign(solr: SolrURL, name: str, conf: str, doing: str) -> EngineError:
    """The refusal to ``doing`` (use, delete) a collection of another configset than peyvand's."""
    return EngineError(f"collection {name!r} on {solr.url} is not a peyvand collection "
                       f"(configset {conf!r}, expected {CONFIGSET!r}); refusing to {doing} it")


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
        raise _foreign(client.solr, name, conf, "use")
    return False


def drop_collection(client: SolrClient, name: str) -> bool:
    """Delete peyvand collection ``name`` and its data; True when there was one. A collection of
    another configset is refused, never deleted."""
    conf = collection_config(client, name)
    if conf is None:
        return False
    if conf != CONFIGSET:
        raise _foreign(client.solr, name, conf, "delete")
    client.request("/admin/collections", {"action": "DELETE", "name": name}, retry_for=0)
    return True


# --- the engine ------------------------------------------------------------------------------

class _Frequencies:
    """Document frequencies of terms, asked of Solr a batch at a time (what query.plan reads), and
    the number of documents.

    They come from the term dictionary (Solr's terms component, summed over the shards), so, as
    Whoosh's, they count documents replaced or deleted until their segment is merged. The number
    of documents is the sum of the script terms' (every document has exactly one), fetched with
    the first batch."""

    def __init__(self, engine: "SolrEngine") -> None:
        self._engine = engine
        self.df: dict[str, int] = {}
        self._scripts = [term(SCRIPT, sc) for sc in ("persian", "latin", "none")]

    def fetch(self, terms: Iterable[str]) -> None:
        wanted = [t for t in dict.fromkeys([*terms, *self._scripts]) if t not in self.df]
        if not wanted:
            return
        # the terms component splits the list at commas, with backslash escapes
        listed = ",".join(t.replace("\\", "\\\\").replace(",", "\\,") for t in wanted)
        form = urllib.parse.urlencode({"terms.fl": "terms", "terms.list": listed,
                                       "terms.limit": -1, "json.nl": "flat"})
        out = self._engine.client.request(f"/{self._engine.collection}/terms",
                                           data=form.encode("utf-8"),
                                           content_type="application/x-www-form-urlencoded")
        flat = out.get("terms", {}).get("terms", [])
        self.df.update(dict.fromkeys(wanted, 0))
        self.df.update(zip(flat[::2], map(int, flat[1::2])))

    def doc_frequency(self, fieldname: str, text: str) -> int:
        if text not in self.df:
            self.fetch([text])
        return self.df[text]

    def doc_count_all(self) -> int:
        """Documents in the collection (as Whoosh's: replaced ones until merged away)."""
        self.fetch(())
        return sum(self.df[t] for t in self._scripts)


class _Known:
    """A reader that has every word: the plan of a query with no word persianized."""

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return 1


def _plan_terms(p: Plan) -> list[str]:
    """The indexed terms whose document frequencies choose a plan's candidates."""
    out = [term(f, t) for f, t in p.terms]
    out += [term(f, x) for f, a, b, _, _ in p.splits for x in (a, b)]
    return out


def _word_clauses(terms: Iterable[tuple[str, str, list[tuple[tuple[int, ...], float]]]],
                  splits: Iterable[tuple[str, str, str, int, float]],
                  n: int) -> list[dict[str, float]]:
    """Per query word, the Solr clause of each of its terms and splits -> its best weight."""
    words: list[dict[str, float]] = [dict() for _ in range(n)]
    for fname, t, entries in terms:
        clause = "terms:" + escape(term(fname, t))
        for idx, weight in entries:
            for i in idx:
                if words[i].get(clause, 0.0) < weight:
                    words[i][clause] = weight
    for fname, a, b, i, weight in splits:
        clause = f"(+terms:{escape(term(fname, a))} +terms:{escape(term(fname, b))})"
        if words[i].get(clause, 0.0) < weight:
            words[i][clause] = weight
    return words


def _maxscore(clauses: dict[str, float]) -> str:
    """A ``{!maxscore}`` query's text: each clause a constant score, its weight."""
    return " ".join(f"{c}^={w:g}" for c, w in clauses.items())


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
            raise _foreign(solr, collection, conf, "use")
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
        seq0 = time.time_ns()
        batch: list[dict[str, Any]] = []
        done = 0
        # the workers start on the references at once, while this process asks which ids the
        # collection has already and clears the stale ones (nothing is sent before that)
        with _analysis(refs, workers) as docs:
            existing = self._existing([r.id for r in refs])
            if stale:
                self.client.request(f"/{self.collection}/update", body={"delete": stale})
            for n, doc in enumerate(docs):
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
        """Document frequencies for query.plan; with the query, those of the terms its plan will
        have when no word needs persianizing (the Latin words' own forms, which plan asks about,
        among them) are fetched at once, in one request."""
        freq = _Frequencies(self)
        if query:
            freq.fetch(_plan_terms(plan(query, _Known())))
        return freq

    def candidates(self, p: Plan, limit: int, reader: _Frequencies | None = None
                   ) -> list[tuple[float, int, int, dict, list[float]]]:
        """(score, record length, order, stored data, each query word's weight) of the best
        documents for a plan.

        The plan's terms are chosen as :func:`index.query.select_terms` does for Whoosh, from their
        document frequencies (asked of Solr with the reader, usually in one request, before): very
        common terms are left out of Solr's query and only counted when the candidates are scored
        again from their stored terms, and a word that matched nothing gets its fuzzy clause. Then
        one query: one ``{!maxscore}`` clause per word."""
        n = p.n_words
        if n == 0 or not p.terms:
            return []
        freq = reader if reader is not None else _Frequencies(self)
        freq.fetch(_plan_terms(p))
        sel = select_terms(p, lambda f, t: freq.df[term(f, t)], freq.doc_count_all())
        words = _word_clauses(sel.active, sel.splits, n)
        for i in sel.unmatched:
            for form in p.analysis.words[i].loose[:1]:
                if len(form) >= 4:
                    words[i][f"terms:{escape(term(LOOSE, form))}~1"] = W_FUZZY
        if not any(words):
            return []
        # Each word's best weight in a candidate over all of its terms (the common ones left out of
        # the query too) and splits, which is what score_terms finds in the candidate's stored
        # terms, is computed by Solr for the candidates it returns, one function field per word, so
        # that their terms need not be sent; only a word that matched no term (the fuzzy rule)
        # needs them, and the candidates are then scored again from their terms.
        known = [(fname, t, entries) for (fname, t), entries in p.terms.items()
                 if freq.df[term(fname, t)]]
        splits = [s for s in p.splits if freq.df[term(s[0], s[1])] and freq.df[term(s[0], s[2])]]
        full = None if sel.unmatched else _word_clauses(known, splits, n)
        out = self._query(words, max(limit * 5, 50), full)
        rows = []
        for d in out["response"]["docs"]:
            if full is None:
                row = score_terms(p, set(d.get("terms", "").split()), sel.unmatched)
            else:
                row = [float(d.get(f"w{i}", 0.0)) for i in range(n)]
            score = sum(row)
            if score > 0:
                rows.append((score, int(d.get("n", 0)), int(d.get("seq", 0)), json.loads(d["data"]), row))
        return rows

    def _query(self, words: list[dict[str, float]], pool: int,
               full: list[dict[str, float]] | None = None) -> dict[str, Any]:
        """Solr's best ``pool`` documents for one ``{!maxscore}`` clause per word (``words``: per
        word, Solr clause -> weight), with the stored terms of each; or, given ``full`` (clauses
        of the same form), with each word's score for those instead (fields ``w0``, ``w1``...)."""
        should = [{"maxscore": {"query": _maxscore(cl)}} for cl in words if cl]
        # one pass: each shard returns its best documents with their fields at once (a second
        # round to fetch the fields of the merged best cost more than the fields themselves); no
        # exact count of the matches, so that Solr skips documents that cannot reach the pool;
        # a shard's own replica on the node asked, where it has one
        params: dict[str, Any] = {"distrib.singlePass": "true", "minExactCount": pool,
                                  "shards.preference": "replica.location:local"}
        fields = "id,data,n,seq"
        if full is None:
            fields += ",terms"
        else:
            for i, cl in enumerate(full):
                if cl:
                    params[f"w{i}"] = "{!maxscore}" + _maxscore(cl)
                    fields += f",w{i}:query($w{i})"
        return self._select({"query": {"bool": {"should": should}}, "limit": pool,
                             "fields": fields, "sort": "score desc,seq asc", "params": params})

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
        return sum(int(ix.get("sizeInBytes", 0))
                   for ix in replica_indexes(self.client.solr.bases, self.collection))


def replica_indexes(bases: Iterable[str], collection: str, timeout: float = 5.0) -> list[dict[str, Any]]:
    """The index status (sizeInBytes, segmentCount...) of each of ``collection``'s replicas on the
    nodes at ``bases``, from the cores API; a node that does not answer is left out."""
    out = []
    for base in bases:
        try:
            with urllib.request.urlopen(f"{base}/admin/cores?action=STATUS&wt=json",
                                        timeout=timeout) as resp:
                status = json.loads(resp.read().decode("utf-8")).get("status", {})
        except (OSError, ValueError):
            continue
        out.extend(core.get("index", {}) for core in status.values()
                   if core.get("cloud", {}).get("collection") == collection)
    return out


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


@contextlib.contextmanager
def _analysis(refs: list[Reference], workers: int | None) -> Iterator[Iterator[dict[str, Any]]]:
    """index_document of each reference, in order; in ``workers`` processes for large adds, which
    start on the references when the context is entered."""
    workers = workers_default(workers)
    if workers == 1 or len(refs) < 2000:
        yield map(index_document, refs)
        return
    import multiprocessing

    # forkserver, not fork: forking a process that runs threads (hazm's and eSpeak's libraries may
    # start native ones; so may a program using this library) can deadlock the child. Each worker
    # loads the analysis resources once, lazily, as any peyvand process does.
    with multiprocessing.get_context("forkserver").Pool(workers) as pool:
        yield pool.imap(index_document, refs, chunksize=64)
