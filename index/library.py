"""The bibliography index: references analysed once, stored by an engine (an on-disk Whoosh index,
or a Solr collection), behind a small API.

    >>> lib = Library.open("/tmp/refs-index")
    >>> lib.add(read_path("references.txt").references)
    AddSummary(added=21, updated=0, skipped=[])
    >>> lib.search("روابط ایران و روسیه")[0].reference.title
    'Chashmandāz-e rāvābet-e Īrān va rosiyeh'
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Any, Callable, Iterable, Iterator

from translit import keys

from .analysis import display_titles
from .query import plan
from .reference import Reference
from .schema import HASH, IndexStoreError, term
from .ties import break_ties

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
    """A searchable bibliography over an engine: an index directory (Whoosh, the default) or a
    Solr collection. Open it with :meth:`Library.open`.

    The analysis (:func:`index.analysis.index_document`) and the query plan and ranking rules
    (:mod:`index.query`) are the library's, the same for every engine; an engine stores the
    analysed documents and finds the best candidates for a plan.
    """

    def __init__(self, engine) -> None:
        self._engine = engine

    @property
    def path(self):
        """Where the references are: the index directory, or the Solr collection's URL."""
        return self._engine.location

    @property
    def engine(self) -> str:
        """``whoosh`` or ``solr``."""
        return self._engine.name

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, create: bool = True,
             engine: str | None = None) -> "Library":
        """Open the index at ``path`` (see :func:`default_location`), creating it if allowed.

        ``engine`` is an engine URL (see :mod:`index.engine`: ``whoosh``, the default, or
        ``solr://HOST:PORT/solr``), else ``$PEYVAND_ENGINE``. With Solr, the last component of
        ``path`` names the collection.

        Raises :class:`PeyvandError` when the path is a file, a directory that peyvand did not
        create, or (with ``create=False``) missing; or when the engine URL is bad or the engine
        cannot be reached.
        """
        from .engine import open_engine

        p = Path(path).expanduser() if path is not None else default_location()
        return cls(open_engine(engine, p, create))

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- adding ------------------------------------------------------------------------------
    def add(self, references: Iterable[Reference],
            progress: Callable[[int], None] | None = None, lock_timeout: float | None = None,
            on_wait: Callable[[], None] | None = None, workers: int | None = None) -> AddSummary:
        """Index references; one whose id is already in the index replaces it (stable ids).

        ``progress`` is called with the number of references processed so far, every few hundred.
        Whoosh: one call is one commit: if the process dies before it ends, the index keeps none of
        these references. While another process writes, this one waits up to ``lock_timeout``
        seconds (default ``$PEYVAND_LOCK_TIMEOUT``, else 60; ``on_wait`` is called once when it
        starts waiting), then raises :class:`index.locking.IndexLockError`. Solr: the references
        are analysed by ``workers`` processes (default: one per core) and sent in batches, then
        committed once; see :mod:`index.solr` for what an interrupted add leaves.
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
        counted: dict[str, int] = {}

        def prepare(lookup) -> tuple[list[Reference], list[str]]:
            # run by the engine once it may write (for Whoosh, holding the lock), so that keys are
            # given against the index as it is then: another process may have added meanwhile
            legacy = _assign_keys(wanted, lookup)
            batch: dict[str, Reference] = {}
            for ref in wanted:
                if ref.id in batch:
                    summary.updated += 1        # a later record with the same id wins
                    del batch[ref.id]
                batch[ref.id] = ref
            summary.updated += len(legacy)      # records indexed under their content hash before
            counted["batch"] = len(batch)
            return list(batch.values()), legacy

        existing = self._engine.write(prepare, progress, lock_timeout, on_wait, workers)
        batch_size = counted["batch"]
        if progress:
            progress(batch_size)
        summary.updated += len(existing)
        summary.added += batch_size - len(existing)
        return summary

    # -- reading -----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """References matching ``query`` (any script, any romanization), best first.

        Ranked by :mod:`index.query`'s rules on every engine; records of the same score by
        :func:`index.ties.break_ties` (the closest spelling, then the shorter record, then the one
        added first)."""
        if limit <= 0 or not query.strip():
            return []
        reader = self._engine.reader(query)
        p = plan(query, reader)
        rows = self._engine.candidates(p, limit, reader)
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))
        rows = break_ties(p, rows, limit)
        wanted = _highlighted_forms(p)
        return [self._hit(row[3], row[0], p, wanted) for row in rows[:limit]]

    def get(self, id: str) -> Hit | None:
        """The reference with this id (as a :class:`Hit` with score 0), or None."""
        data = self._engine.get(id)
        if data is None:
            return None
        hit = self._hit(data, None)
        full = display_titles(hit.reference, full=True)
        hit.title_fa, hit.title_latin = full.title_fa or hit.title_fa, full.title_latin or hit.title_latin
        return hit

    def references(self) -> Iterator[Hit]:
        """Every indexed reference, in index order."""
        for data in self._engine.all():
            yield self._hit(data, None)

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
        """Counts (all, by title script, by language), location and size."""
        return self._engine.stats()

    # -- results -----------------------------------------------------------------------------
    def _hit(self, data: dict[str, Any], score: float | None, p=None,
             wanted: AbstractSet[tuple[str, str]] = frozenset()) -> Hit:
        """A stored record as a search result; with a plan ``p``, its highlights (``wanted``:
        the plan's :func:`_highlighted_forms`)."""
        ref = Reference.from_dict(data["ref"])
        hl = _highlights(ref, p, wanted) if p is not None else {}
        title_fa = data.get("title_fa", "")
        if not title_fa and ref.title:      # an index written before display forms were stored
            title_fa = display_titles(ref).title_fa
        authors_fa, authors_latin = data.get("authors_fa"), data.get("authors_latin")
        if authors_fa is None and ref.authors:   # an index written before author forms were stored
            from .analysis import display_authors

            authors_fa, authors_latin = display_authors(ref)
        return Hit(id=ref.id, score=score or 0.0, reference=ref,
                   title_fa=title_fa, title_latin=data.get("title_latin", ""),
                   title_en=ref.title_en, highlights=hl, authors_fa=authors_fa or [],
                   authors_latin=authors_latin or [])


def _assign_keys(refs: list[Reference], lookup) -> list[str]:
    """Give each record with a made key (``content_hash`` set) the key the index already has for
    that work, else its key with the first suffix no other work holds (``amiri2015a``).
    ``lookup`` is the engine's view of the index: ``id_with_term(term)``, ``exists(id)`` and
    ``hash_of(id)`` (the content hash of the record with that id, "" for none, None if absent).

    Returns the ids of records indexed under their content hash (before readable keys), which the
    new record replaces."""
    made = [r for r in refs if r.content_hash]
    if not made:
        return []
    from .names import key_base, suffixed

    taken = {r.id for r in refs if not r.content_hash}
    legacy: list[str] = []
    pending: list[Reference] = []
    for ref in made:
        known = lookup.id_with_term(term(HASH, ref.content_hash))
        if known is not None:
            ref.id = known
            taken.add(ref.id)
            continue
        if lookup.exists(ref.content_hash):
            legacy.append(ref.content_hash)
        pending.append(ref)
    seen_hash: dict[str, str] = {}

    class _Taken:
        """Keys held by another work: a key held by a record of this very work is not taken (an
        add that ran at the same time gave it, on an engine without a writer's lock)."""

        def __init__(self, content_hash: str) -> None:
            self.content_hash = content_hash

        def __contains__(self, key: str) -> bool:
            if key in taken:
                return True
            holder = lookup.hash_of(key)
            return holder is not None and holder != self.content_hash

    for ref in pending:
        if ref.content_hash in seen_hash:       # the same work twice in one add: one record
            ref.id = seen_hash[ref.content_hash]
            continue
        base = key_base(ref.authors or ref.authors_fa or ref.authors_latin, ref.editors,
                        ref.year, ref.title)
        ref.id = suffixed(base, _Taken(ref.content_hash))
        taken.add(ref.id)
        seen_hash[ref.content_hash] = ref.id
    return legacy


_SPAN = re.compile(r"\S+")


def _highlighted_forms(p) -> set[tuple[str, str]]:
    """The (level, form) pairs of a plan's words that highlight a record's words."""
    wanted: set[tuple[str, str]] = set()
    for w in p.analysis.words:
        wanted.update(("x", t) for t in w.all(0) + w.all(1))
        wanted.update(("l", t) for t in w.all(2))
        wanted.update(("k", t) for t in w.all(3) if len(t) > 1)
    wanted.update(("l", t) for t in p.analysis.pair_loose if t)
    wanted.update(("k", t) for t in p.analysis.pair_key if len(t) > 1)
    return wanted


def _highlights(ref: Reference, p, wanted: AbstractSet[tuple[str, str]]) -> dict[str, str]:
    """Fields of ``ref`` with the words that matched the query in [brackets] (``wanted``: the
    plan's :func:`_highlighted_forms`, made once for all the hits of a search)."""
    out: dict[str, str] = {}
    fields = {"title": ref.title, "title_fa": ref.title_fa, "title_en": ref.title_en,
              "authors": "; ".join(ref.authors), "container": ref.container}
    for name, text in fields.items():
        if not text:
            continue
        marked, hit = [], False
        for chunk in _SPAN.findall(text):
            match = not wanted.isdisjoint(_chunk_forms(chunk))
            if name in ("title_en",) and not match:
                match = _english_match(chunk, p)
            marked.append(f"[{chunk}]" if match else chunk)
            hit |= match
        if hit:
            out[name] = " ".join(marked)
    return out


@functools.lru_cache(maxsize=1 << 16)
def _chunk_forms(chunk: str) -> frozenset[tuple[str, str]]:
    """The (level, form) pairs of a chunk of a record's text that a query's words can highlight."""
    forms = [keys.surface_forms(w) for w in keys.words(chunk)]
    return frozenset([("x", t) for f in forms for t in f[0]] + [("l", t) for f in forms for t in f[1]]
                     + [("k", t) for f in forms for t in f[2]])


def _english_match(chunk: str, p) -> bool:
    from .analysis import english_stems
    from .schema import ENGLISH

    return any((ENGLISH, s) in p.terms for s in english_stems(chunk))
