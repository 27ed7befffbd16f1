"""RIS: ``TY  - `` ... ``ER  - `` records, one tag per line.

Tags read: TY (type), AU/A1 (authors), A2/ED (editors), PY/Y1/DA (year, and the date's fourth
part or month/day as season), TI/T1 (title), TT (translated title -> ``title_en``),
T2/JO/JF/JA/BT/J2 (container), VL, IS, SP/EP (pages), PB, CY/PP (place), LA (language),
UR/L1 (url), ID (id), N1 (note), Y2 (access date, appended to the note). Lines that carry no tag
continue the previous tag's value.

Peyvand's exports keep the parallel forms in the custom fields C1-C6 with a label, so another
program's own use of C1-C6 is never mistaken for them:
``C1  - title_fa: ...``, ``C2  - title_latin: ...``, ``C3  - authors_fa: ...`` (one line per name),
``C4  - authors_latin: ...``, ``C5  - container_en: ...``; the other fields' parallel forms
(``container_fa``, ``place_latin``, ``editors_fa``...) go to ``C6`` with their label, and a
labelled value is read from any of C1-C8. ET is the edition, T3 the series. The season rides in
``PY``'s fourth part (``PY  - 2010///Autumn``).

A record that reaches the next TY or the end of the file without ER is skipped with its line;
text outside records is reported once per run of lines and otherwise ignored.
"""
from __future__ import annotations

import re

from index.readers.base import (ReadResult, Skip, arabic_share, clean_field, finish,
                                language_code)
from index.reference import Reference

_TAG = re.compile(r"^[ \t]*([A-Z][A-Z0-9])[ \t]{1,2}-(?:[ \t]|$)(.*)$")
_TYPES = {
    "JOUR": "article", "JFULL": "article", "MGZN": "article", "NEWS": "article",
    "ABST": "article", "INPR": "article", "EJOUR": "article",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CTLG": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "CONF": "chapter", "CPAPER": "chapter",
    "THES": "thesis", "RPRT": "report", "GOVDOC": "report",
    "ELEC": "webpage", "WEB": "webpage", "BLOG": "webpage",
}
# Labels of the parallel forms written by peyvand's RIS export into custom tags.
CUSTOM_LABELS = {"C1": "title_fa", "C2": "title_latin", "C3": "authors_fa",
                 "C4": "authors_latin", "C5": "container_en"}
_LIST_LABELS = {"authors_fa", "authors_latin", "editors_fa", "editors_latin"}
# Any labelled parallel form may sit in any custom tag (peyvand enrich writes the ones RIS had no
# place for into C6).
LABELS = set(CUSTOM_LABELS.values()) | _LIST_LABELS | {
    f"{name}_{script}" for name in ("container", "place", "publisher", "edition", "series")
    for script in ("fa", "latin")}
_CUSTOM_TAGS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8")


def _first(tags: dict[str, list[str]], *names: str) -> str:
    for name in names:
        for value in tags.get(name, ()):
            value = clean_field(value)
            if value:
                return value
    return ""


def _all(tags: dict[str, list[str]], *names: str) -> list[str]:
    for name in names:
        values = [clean_field(v) for v in tags.get(name, ()) if clean_field(v)]
        if values:
            return values
    return []


def record_to_reference(tags: dict[str, list[str]]) -> Reference:
    """Map one record's tags (tag -> values in file order) onto a Reference."""
    ref = Reference(id=_first(tags, "ID"))
    ref.type = _TYPES.get(_first(tags, "TY").upper(), "misc")
    ref.authors = _all(tags, "AU", "A1")
    ref.editors = _all(tags, "A2", "ED") if ref.type in ("chapter", "book") else _all(tags, "ED")
    date = _first(tags, "PY", "Y1", "DA")
    parts = date.split("/")
    ref.year = parts[0].strip()
    if len(parts) > 3 and parts[3].strip():
        ref.season = parts[3].strip()
    ref.title = _first(tags, "TI", "T1", "CT")
    ref.title_en = _first(tags, "TT")
    container = ("BT", "T2", "JF", "JO", "JA", "J2") if ref.type == "chapter" \
        else ("T2", "JF", "JO", "JA", "J2", "BT")
    ref.container = _first(tags, *container)
    ref.volume = _first(tags, "VL")
    ref.issue = _first(tags, "IS", "CP")
    start, end = _first(tags, "SP"), _first(tags, "EP")
    ref.pages = f"{start}-{end}" if start and end and "-" not in start else start or end
    ref.publisher = _first(tags, "PB")
    ref.place = _first(tags, "CY", "PP")
    lang = _first(tags, "LA")
    ref.language = language_code(lang) if lang else ("fa" if arabic_share(ref.title) > 0.5 else "")
    ref.url = _first(tags, "UR", "L1", "L2")
    notes = _all(tags, "N1")
    accessed = _first(tags, "Y2")
    if accessed:
        notes.append(f"accessed {accessed}")
    ref.note = "; ".join(notes)
    ref.edition = _first(tags, "ET")
    ref.series = _first(tags, "T3")
    found: dict[str, list[str]] = {}
    for tag in _CUSTOM_TAGS:
        for value in _all(tags, tag):
            label, sep, rest = value.partition(":")
            if sep and label in LABELS:
                found.setdefault(label, []).append(rest.strip())
    for label, values in found.items():
        setattr(ref, label, values if label in _LIST_LABELS else values[0])
    return ref


def read_ris(text: str, origin: str) -> ReadResult:
    """Read RIS text; a record without ER is skipped with the line where it starts."""
    result = ReadResult([], [], "ris")
    seen: dict[str, str] = {}
    tags: dict[str, list[str]] | None = None
    start_line = 0
    raw: list[str] = []
    last_tag = ""
    stray_reported = False

    def unterminated() -> None:
        result.skipped.append(Skip(f"{origin}:{start_line}",
                                   "RIS record has no ER line (record not closed)"))

    for number, line in enumerate(text.split("\n"), 1):
        m = _TAG.match(line)
        tag = m.group(1) if m else ""
        if tag == "TY":
            if tags is not None:
                unterminated()
            tags, start_line, raw, last_tag = {"TY": [m.group(2)]}, number, [line], "TY"
            stray_reported = False
            continue
        if tags is None:
            if line.strip() and not stray_reported and not (tag == "ER"):
                result.skipped.append(Skip(f"{origin}:{number}",
                                           "text outside a TY ... ER record"))
                stray_reported = True
            elif not line.strip():
                stray_reported = False
            continue
        raw.append(line)
        if tag == "ER":
            ref = record_to_reference(tags)
            ref.origin = f"{origin}:{start_line}"
            ref.source = {"record": "\n".join(raw).strip()}
            ref.source.update((t, "\n".join(v)) for t, v in tags.items())
            if ref.title or ref.authors or ref.container or ref.id:
                finish(ref, result, seen)
            else:
                result.skipped.append(Skip(ref.origin, "RIS record has no title, author or ID"))
            tags = None
            continue
        if m:
            tags.setdefault(tag, []).append(m.group(2))
            last_tag = tag
        elif line.strip() and last_tag:
            tags[last_tag][-1] += " " + line.strip()
    if tags is not None:
        unterminated()
    return result
