"""The bibliography index: an on-disk Whoosh index behind a small API.

    >>> lib = Library.open("/tmp/refs-index")
    >>> lib.add(read_path("references.txt").references)
    AddSummary(added=21, updated=0, skipped=[])
    >>> lib.search("روابط ایران و روسیه")[0].reference.title
    'Chashmandāz-e rāvābet-e Īrān va rosiyeh'
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from translit import keys

from .analysis import display_titles, document
from .query import Scored, plan, score_documents
from .reference import Reference
from .locking import creation_lock, has_index, open_existing, open_writer
from .schema import (EXACT, INDEX_NAME, LANG, MARKER_TMP, SCRIPT, TERMS, IndexStoreError,
                     check_marker, schema, term, write_marker)

ENV_VAR = "PEYVAND_INDEX"


@dataclass
class Skipped:
    """A reference that was not indexed, and why."""

    origin: str
    reason: str


@dataclass
class AddSummary:
    """What :meth:`Library.add` did: new records, records replaced by id, records left out."""

    added: int = 0
    updated: int = 0
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class Hit:
    """One search result. ``highlights`` maps a field name to its text with matches in ``[...]``."""

    id: str
    score: float
    reference: Reference
    title_fa: str
    title_latin: str
    title_en: str
    highlights: dict[str, str] = field(default_factory=dict)
    authors_fa: list[str] = field(default_factory=list)      # every author in Persian script
    authors_latin: list[str] = field(default_factory=list)   # ... and romanized

    def to_dict(self) -> dict[str, Any]:
        r = self.reference
        return {
            "id": self.id, "score": round(self.score, 3), "title": r.title,
            "title_fa": self.title_fa, "title_latin": self.title_latin, "title_en": self.title_en,
            "authors": r.authors, "authors_fa": self.authors_fa or r.authors_fa,
            "authors_latin": self.authors_latin or r.authors_latin, "year": r.year, "type": r.type,
            "container": r.container, "container_en": r.container_en, "volume": r.volume,
            "issue": r.issue, "pages": r.pages, "publisher": r.publisher, "place": r.place,
            "language": r.language, "url": r.url, "highlights": self.highlights,
        }


def default_location() -> Path:
    """Where the index lives when none is given: $PEYVAND_INDEX, else the per-user data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir
    return Path(user_data_dir("peyvand")) / "index"


class Library:
    """A searchable bibliography stored in one directory. Open it with :meth:`Library.open`."""

    def __init__(self, path: Path, ix) -> None:
        self.path = path
        self._ix = ix
        self._searcher = None

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, create: bool = True) -> "Library":
        """Open the index at ``path`` (see :func:`default_location`), creating it if allowed.

        Raises :class:`PeyvandError` when the path is a file, a directory that peyvand did not
        create, or (with ``create=False``) missing.
        """
        p = Path(path).expanduser() if path is not None else default_location()
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
    def _open_existing(cls, p: Path) -> "Library":
        try:
            return cls(p, open_existing(p, INDEX_NAME))
        except Exception as err:
            raise IndexStoreError(f"{p}: cannot open the index ({err})") from None

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _search(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    # -- adding ------------------------------------------------------------------------------
    def add(self, references: Iterable[Reference],
            progress: Callable[[int], None] | None = None, lock_timeout: float | None = None,
            on_wait: Callable[[], None] | None = None) -> AddSummary:
        """Index references; one whose id is already in the index replaces it (stable ids).

        ``progress`` is called with the number of references processed so far, every few hundred.
        One call is one commit: if the process dies before it ends, the index keeps none of these
        references. While another process writes, this one waits up to ``lock_timeout`` seconds
        (default ``$PEYVAND_LOCK_TIMEOUT``, else 60; ``on_wait`` is called once when it starts
        waiting), then raises :class:`index.locking.IndexLockError`.
        """
        summary = AddSummary()
        wanted: list[Reference] = []
        for ref in references:
            if not (ref.title or ref.title_fa or ref.authors or ref.authors_fa):
                summary.skipped.append(Skipped(ref.origin or "?", "no title and no authors"))
                continue
            ref.ensure_id()
            wanted.append(ref)
        if not wanted:
            return summary
        # limitmb: Whoosh sorts the postings of one commit in memory up to this estimate, then
        # spills sorted runs to disk and merges them, which doubles the time of a large add
        writer = open_writer(self._ix, self.path, lock_timeout, on_wait, procs=1, limitmb=512)
        try:
            # ids are looked up in the generation this writer builds on: another process may
            # have committed while this one waited for the lock
            with writer.searcher() as s:
                legacy = _assign_keys(wanted, s)
                batch: dict[str, Reference] = {}
                for ref in wanted:
                    if ref.id in batch:
                        summary.updated += 1        # a later record with the same id wins
                        del batch[ref.id]
                    batch[ref.id] = ref
                existing = {rid for rid in batch if s.document_number(id=rid) is not None}
            for old_id in legacy:       # records indexed under their content hash before
                writer.delete_by_term("id", old_id)
            summary.updated += len(legacy)
            # the record's length, which breaks ties (a whole-title query puts that title ahead of
            # longer ones containing it): its title's words, else its words' exact terms
            exact_sep = " " + term(EXACT, "")
            for n, ref in enumerate(batch.values(), 1):
                terms, display = document(ref)
                data = {"ref": _fields(ref), "title_fa": display.title_fa,
                        "title_latin": display.title_latin, "authors_fa": display.authors_fa,
                        "authors_latin": display.authors_latin,
                        "n": len(keys.words(ref.title or ref.title_fa)) or terms.count(exact_sep) + 1}
                if ref.content_hash:
                    terms += " " + term(HASH, ref.content_hash)
                fields = {"id": ref.id, "data": json.dumps(data, ensure_ascii=False), "terms": terms}
                if ref.id in existing:
                    writer.update_document(**fields)
                else:
                    writer.add_document(**fields)
                if progress and n % 200 == 0:
                    progress(n)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        if progress:
            progress(len(batch))
        summary.updated += len(existing)
        summary.added += len(batch) - len(existing)
        return summary

    # -- reading -----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """References matching ``query`` (any script, any romanization), best first."""
        if limit <= 0 or not query.strip():
            return []
        s = self._search()
        p = plan(query, s.reader())
        scored = score_documents(s.reader(), p, limit)
        rows = []
        for sc in scored:
            data = json.loads(s.stored_fields(sc.docnum)["data"])
            rows.append((sc, data))
        rows.sort(key=lambda r: (-r[0].score, r[1].get("n", 0), r[0].docnum))
        return [self._hit(data, sc, p) for sc, data in rows[:limit]]

    def get(self, id: str) -> Hit | None:
        """The reference with this id (as a :class:`Hit` with score 0), or None."""
        s = self._search()
        doc = s.document_number(id=id)
        if doc is None:
            return None
        data = json.loads(s.stored_fields(doc)["data"])
        hit = self._hit(data, None, None)
        full = display_titles(hit.reference, full=True)
        hit.title_fa, hit.title_latin = full.title_fa or hit.title_fa, full.title_latin or hit.title_latin
        return hit

    def references(self) -> Iterator[Hit]:
        """Every indexed reference, in index order."""
        s = self._search()
        reader = s.reader()
        for doc in reader.all_doc_ids():
            yield self._hit(json.loads(reader.stored_fields(doc)["data"]), None, None)

    def export(self, fmt: str = "csl-json", zotero_extra: bool = False) -> str:
        """All references as ``csl-json``, ``bibtex``, ``ris``, ``marc`` (ISO 2709) or ``marcxml``;
        ``zotero_extra`` adds the other-script forms to CSL-JSON's note as Zotero Extra lines."""
        from . import export as ex

        writers = {"csl-json": "to_csl_json", "bibtex": "to_bibtex", "ris": "to_ris",
                   "marc": "to_marc", "marcxml": "to_marcxml"}
        if fmt not in writers:
            raise IndexStoreError(f"unknown export format {fmt!r} (known: {', '.join(writers)})")
        if fmt in ("marc", "marcxml"):
            from . import marc

            # The romanized fields are ALA-LC, made by the writer, rather than the index's display
            # forms. ISO 2709 lengths count bytes; the records are UTF-8 with ASCII structure, so
            # the text decodes and encodes back to the same bytes.
            data = getattr(marc, writers[fmt])(h.reference for h in self.references())
            return data.decode("utf-8")
        records = []
        for h in self.references():
            d = h.reference.to_dict()
            d["title_fa"] = d.get("title_fa") or h.title_fa
            d["title_latin"] = h.title_latin if h.title_latin != d.get("title") else ""
            if h.authors_fa and h.authors_fa != d.get("authors"):
                d["authors_fa"] = h.authors_fa
            if h.authors_latin and h.authors_latin != d.get("authors"):
                d["authors_latin"] = h.authors_latin
            records.append(d)
        if fmt == "csl-json":
            return ex.to_csl_json(records, zotero_extra=zotero_extra)
        return getattr(ex, writers[fmt])(records)

    def stats(self) -> dict[str, Any]:
        """Counts (all, by title script, by language), location and size on disk."""
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

    # -- results -----------------------------------------------------------------------------
    def _hit(self, data: dict[str, Any], sc: Scored | None, p) -> Hit:
        ref = Reference.from_dict(data["ref"])
        hl = _highlights(ref, p) if p is not None else {}
        title_fa = data.get("title_fa", "")
        if not title_fa and ref.title:      # an index written before display forms were stored
            title_fa = display_titles(ref).title_fa
        authors_fa, authors_latin = data.get("authors_fa"), data.get("authors_latin")
        if authors_fa is None and ref.authors:   # an index written before author forms were stored
            from .analysis import display_authors

            authors_fa, authors_latin = display_authors(ref)
        return Hit(id=ref.id, score=sc.score if sc else 0.0, reference=ref,
                   title_fa=title_fa, title_latin=data.get("title_latin", ""),
                   title_en=ref.title_en, highlights=hl, authors_fa=authors_fa or [],
                   authors_latin=authors_latin or [])


HASH = "h"      # the content hash of a record whose id peyvand made (see Reference.content_hash)


def _assign_keys(refs: list[Reference], searcher) -> list[str]:
    """Give each record with a made key (``content_hash`` set) the key the index already has for
    that work, else its key with the first suffix no other work holds (``amiri2015a``).

    Returns the ids of records indexed under their content hash (before readable keys), which the
    new record replaces."""
    made = [r for r in refs if r.content_hash]
    if not made:
        return []
    from .names import key_base, suffixed

    reader = searcher.reader()
    taken = {r.id for r in refs if not r.content_hash}
    legacy: list[str] = []
    pending: list[Reference] = []
    for ref in made:
        t = term(HASH, ref.content_hash)
        docs = list(reader.postings(TERMS, t).all_ids()) if (TERMS, t) in reader else []
        if docs:
            ref.id = json.loads(reader.stored_fields(docs[0])["data"])["ref"]["id"]
            taken.add(ref.id)
            continue
        if searcher.document_number(id=ref.content_hash) is not None:
            legacy.append(ref.content_hash)
        pending.append(ref)
    seen_hash: dict[str, str] = {}
    for ref in pending:
        if ref.content_hash in seen_hash:       # the same work twice in one add: one record
            ref.id = seen_hash[ref.content_hash]
            continue
        base = key_base(ref.authors or ref.authors_fa or ref.authors_latin, ref.editors,
                        ref.year, ref.title)

        class _Taken:
            def __contains__(self, key: str) -> bool:
                return key in taken or searcher.document_number(id=key) is not None

        ref.id = suffixed(base, _Taken())
        taken.add(ref.id)
        seen_hash[ref.content_hash] = ref.id
    return legacy


def _fields(ref: Reference) -> dict[str, Any]:
    """The reference's fields as a dict for JSON (dataclasses.asdict's deep copy is 10x slower)."""
    return dict(vars(ref))


def _in_use(p: Path) -> bool:
    """Whether the directory holds anything (a marker left half-written by a killed process aside)."""
    return any(f.name != MARKER_TMP for f in p.iterdir())


_SPAN = re.compile(r"\S+")


def _highlights(ref: Reference, p) -> dict[str, str]:
    """Fields of ``ref`` with the words that matched the query in [brackets]."""
    wanted: set[tuple[str, str]] = set()
    for w in p.analysis.words:
        wanted.update(("x", t) for t in w.all(0) + w.all(1))
        wanted.update(("l", t) for t in w.all(2))
        wanted.update(("k", t) for t in w.all(3) if len(t) > 1)
    wanted.update(("l", t) for t in p.analysis.pair_loose if t)
    wanted.update(("k", t) for t in p.analysis.pair_key if len(t) > 1)
    out: dict[str, str] = {}
    fields = {"title": ref.title, "title_fa": ref.title_fa, "title_en": ref.title_en,
              "authors": "; ".join(ref.authors), "container": ref.container}
    for name, text in fields.items():
        if not text:
            continue
        marked, hit = [], False
        for chunk in _SPAN.findall(text):
            forms = [keys.surface_forms(w) for w in keys.words(chunk)]
            match = any(("x", t) in wanted for f in forms for t in f[0]) or any(
                ("l", t) in wanted for f in forms for t in f[1]) or any(
                ("k", t) in wanted for f in forms for t in f[2])
            if name in ("title_en",) and not match:
                match = _english_match(chunk, p)
            marked.append(f"[{chunk}]" if match else chunk)
            hit |= match
        if hit:
            out[name] = " ".join(marked)
    return out


def _english_match(chunk: str, p) -> bool:
    from .analysis import english_stems
    from .schema import ENGLISH

    return any((ENGLISH, s) in p.terms for s in english_stems(chunk))
