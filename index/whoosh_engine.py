"""The embedded engine: one Whoosh index in one directory (peyvand's default).

Library (index/library.py) does the analysis and the ranking rules; this module stores the analysed
documents, reads postings for query.score_documents and gives back stored records.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterator

from .analysis import index_document
from .locking import creation_lock, has_index, open_existing, open_writer
from .query import Plan, score_documents
from .reference import Reference
from .schema import (INDEX_NAME, LANG, MARKER_TMP, SCRIPT, TERMS, IndexStoreError, check_marker,
                     schema, term, write_marker)


class WhooshEngine:
    """A peyvand index directory. Open it with :meth:`open`."""

    name = "whoosh"

    def __init__(self, path: Path, ix) -> None:
        self.path = path
        self._ix = ix
        self._searcher = None

    @property
    def location(self) -> Path:
        return self.path

    @classmethod
    def open(cls, p: Path, create: bool = True) -> "WhooshEngine":
        if p.exists() and not p.is_dir():
            raise IndexStoreError(f"{p} is a file, not an index directory")
        from whoosh import index as wix

        if p.is_dir() and _in_use(p):
            # before Whoosh unpickles anything from the directory
            try:
                check_marker(p)
            except IndexStoreError as first:
                # Another process may be creating this index and writing its marker right now:
                # it holds the directory lock until it has finished, so look again after it.
                try:
                    with creation_lock(p):
                        check_marker(p)
                except OSError:
                    raise first from None
            if has_index(p, INDEX_NAME):
                return cls._open_existing(p)
            # a marker without an index: a creation that was interrupted, finished below
        if not create:
            raise IndexStoreError(f"no index at {p}: add references first (peyvand add FILE)")
        try:
            p.mkdir(parents=True, exist_ok=True)
            # Whoosh's create deletes the index files it finds, so two processes creating one
            # index at once must not both do it: the second sees the first one's index.
            with creation_lock(p):
                if _in_use(p):
                    check_marker(p)
                if not has_index(p, INDEX_NAME):
                    write_marker(p)
                    wix.create_in(str(p), schema(), indexname=INDEX_NAME)
        except OSError as err:
            raise IndexStoreError(f"cannot create an index at {p}: {err.strerror or err}") from None
        return cls._open_existing(p)

    @classmethod
    def _open_existing(cls, p: Path) -> "WhooshEngine":
        try:
            return cls(p, open_existing(p, INDEX_NAME))
        except Exception as err:
            raise IndexStoreError(f"{p}: cannot open the index ({err})") from None

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _search(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    # -- writing -----------------------------------------------------------------------------
    def write(self, prepare: Callable[[Any], tuple[list[Reference], list[str]]],
              progress: Callable[[int], None] | None,
              lock_timeout: float | None, on_wait: Callable[[], None] | None,
              workers: int | None = None) -> set[str]:
        """Store references in one commit, analysed in this process (Whoosh writes one document at
        a time, so analysis workers would wait for it). ``prepare(lookup)`` is called once the
        lock is held and returns the references (distinct ids) and the ids to delete; returns the
        ids that were in the index already."""
        # limitmb: Whoosh sorts the postings of one commit in memory up to this estimate, then
        # spills sorted runs to disk and merges them, which doubles the time of a large add
        writer = open_writer(self._ix, self.path, lock_timeout, on_wait, procs=1, limitmb=512)
        try:
            # ids are looked up in the generation this writer builds on: another process may
            # have committed while this one waited for the lock
            with writer.searcher() as s:
                refs, stale = prepare(_Lookup(s))
                existing = {r.id for r in refs if s.document_number(id=r.id) is not None}
            for old in stale:
                writer.delete_by_term("id", old)
            for n, doc in enumerate(map(index_document, refs), 1):
                fields = {"id": doc["id"], "data": doc["data"], "terms": doc["terms"]}
                if doc["id"] in existing:
                    writer.update_document(**fields)
                else:
                    writer.add_document(**fields)
                if progress and n % 200 == 0:
                    progress(n)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return existing

    # -- reading -----------------------------------------------------------------------------
    def reader(self, query: str | None = None):
        """What query.plan looks document frequencies up in."""
        return self._search().reader()

    def candidates(self, p: Plan, limit: int, reader=None
                   ) -> list[tuple[float, int, int, dict, list[float]]]:
        """(score, record length, order, stored data, each query word's weight) of the best
        documents for a plan."""
        # the searcher whose reader planned the query: refreshing here could close that reader
        s = self._searcher if reader is not None and self._searcher is not None else self._search()
        reader = reader if reader is not None else s.reader()
        rows = []
        for sc in score_documents(reader, p, limit):
            data = json.loads(s.stored_fields(sc.docnum)["data"])
            rows.append((sc.score, data.get("n", 0), sc.docnum, data, sc.per_word))
        return rows

    def get(self, id: str) -> dict | None:
        s = self._search()
        doc = s.document_number(id=id)
        return None if doc is None else json.loads(s.stored_fields(doc)["data"])

    def all(self) -> Iterator[dict]:
        reader = self._search().reader()
        for doc in reader.all_doc_ids():
            yield json.loads(reader.stored_fields(doc)["data"])

    def stats(self) -> dict[str, Any]:
        reader = self._search().reader()
        by_script = {sc: reader.doc_frequency(TERMS, term(SCRIPT, sc))
                     for sc in ("persian", "latin", "none")}
        prefix = term(LANG, "")
        langs = {}
        for t in reader.expand_prefix(TERMS, prefix):
            t = t.decode("utf-8") if isinstance(t, bytes) else t
            langs[t[len(prefix):]] = reader.doc_frequency(TERMS, t)
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return {"references": reader.doc_count(), "by_script": by_script,
                "by_language": {k: v for k, v in langs.items() if v},
                "location": str(self.path), "size_bytes": size}


def _in_use(p: Path) -> bool:
    """Whether the directory holds anything (a marker left half-written by a killed process aside)."""
    return any(f.name != MARKER_TMP for f in p.iterdir())


class _Lookup:
    """What key assignment asks of the index, in the generation a writer builds on."""

    def __init__(self, searcher) -> None:
        self._s = searcher
        self._reader = searcher.reader()

    def id_with_term(self, t: str) -> str | None:
        if (TERMS, t) not in self._reader:
            return None
        for doc in self._reader.postings(TERMS, t).all_ids():
            return json.loads(self._s.stored_fields(doc)["data"])["ref"]["id"]
        return None

    def exists(self, rid: str) -> bool:
        return self._s.document_number(id=rid) is not None

    def hash_of(self, rid: str) -> str | None:
        doc = self._s.document_number(id=rid)
        if doc is None:
            return None
        return json.loads(self._s.stored_fields(doc)["data"])["ref"].get("content_hash", "")
