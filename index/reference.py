"""The reference model: one bibliographic record, with each field as its source gave it.

Readers fill the fields they find and keep the raw source text of each field in ``source``;
the index adds the other script's forms (``title_fa``, ``title_latin``...) when it indexes, so a
record stays exactly what the user's file said.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reference:
    """One bibliographic reference.

    ``id`` is the source's own key (BibTeX key, RIS ID, CSL ``id``, MARC 001) when it has one,
    otherwise a readable citation key, family name + year (``amiri2015``, see
    :func:`index.names.key_base`), with a letter on collisions (``amiri2015a``). Such a record
    also carries ``content_hash`` (see :meth:`content_id`), by which the index finds the key it
    gave the same work before, so re-adding a file updates records instead of duplicating them.

    ``*_fa`` and ``*_latin`` fields hold a field's form in the other script (Persian script,
    romanization) when the source gives it or ``enrich`` adds it; the plain field stays what the
    source wrote.
    """

    id: str = ""
    type: str = "article"          # article, book, chapter, thesis, report, webpage, misc
    authors: list[str] = field(default_factory=list)      # "Family, Given" as written
    editors: list[str] = field(default_factory=list)
    year: str = ""                 # as written: "2015", "1394", "2015, November 9" keeps season apart
    season: str = ""               # "Autumn", "Summer", "November 9"...
    title: str = ""                # as written, in whatever script the source used
    title_en: str = ""             # English translation of the title, when the source gives one
    container: str = ""            # journal, book (for chapters), website
    container_en: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    edition: str = ""
    series: str = ""
    language: str = ""             # "fa", "en", "ru"... (ISO 639-1 where known)
    url: str = ""
    note: str = ""
    # Parallel forms given by the source itself (e.g. BibTeX ``authorfa``/``titlefa``).
    authors_fa: list[str] = field(default_factory=list)
    title_fa: str = ""
    # Latin parallel forms given by the source (e.g. a file peyvand exported with them).
    authors_latin: list[str] = field(default_factory=list)
    title_latin: str = ""
    editors_fa: list[str] = field(default_factory=list)
    editors_latin: list[str] = field(default_factory=list)
    container_fa: str = ""
    container_latin: str = ""
    place_fa: str = ""
    place_latin: str = ""
    publisher_fa: str = ""
    publisher_latin: str = ""
    edition_fa: str = ""
    edition_latin: str = ""
    series_fa: str = ""
    series_latin: str = ""
    # Set when ``id`` was made here rather than given by the source: the content hash of the work.
    content_hash: str = ""
    # Where the record came from: file path and line (or record number), and the raw text.
    origin: str = ""
    source: dict[str, str] = field(default_factory=dict)

    def content_id(self) -> str:
        """A stable id from the content that identifies the work (authors, year, title)."""
        basis = json.dumps([self.authors, self.year, self.title, self.container], ensure_ascii=False)
        return "r" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]

    def ensure_id(self) -> "Reference":
        """Give a record without an id its citation key (``amiri2015``) and content hash."""
        if not self.id:
            from .names import key_base

            self.content_hash = self.content_id()
            self.id = key_base(self.authors or self.authors_fa or self.authors_latin,
                               self.editors, self.year, self.title)
        return self

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Reference":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
