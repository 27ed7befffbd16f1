"""``peyvand enrich``: a bibliography written back in its own format with the missing script form of
each title, author, editor, container, place, publisher, edition and series added.

What is added is decided by :func:`index.forms.fill_forms`; where it goes depends on the format,
and everything else in the file stays as it was:

* BibTeX: new fields right after the entry's key line (so a diff shows only added lines), named
  after the entry's own field + ``fa`` or ``latin`` (IMOS's ``titlefa``/``authorfa``, then
  ``titlelatin``, ``journalfa``, ``addresslatin``...), and ``langid = {persian}``
  when the entry has none; comments, @string macros, order, unknown fields and formatting are kept.
* RIS: lines before each record's ``ER``: ``C1``/``C2`` (title_fa/title_latin), ``C3``/``C4``
  (authors, one line per name), ``C6`` for the rest, each value after its label.
* CSL-JSON: Juris-M's ``multi`` variants (``multi._keys.title["fa"]`` or
  ``["fa-Latn-t-fa-m0-alaloc"]``, ``multi._key`` on each name) and ``language`` when missing; the
  items' layout (one per line, or indented) is kept.
* MARC 21: an 880 for each field that has none, with ``$6`` in both and 066 (see
  :func:`index.marc.enrich_record`); records with nothing to add, and damaged ones, are copied byte
  for byte.
* Citation lists: a line of ``[field: value]`` forms, indented, under each reference.
"""
from __future__ import annotations

import copy
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import ReaderError
from .forms import DEFAULT_SCHEME, Added, fill_forms, is_persian_record
from .readers.base import Skip, clean_text, decode_bytes
from .reference import Reference


@dataclass
class Change:
    """What was added to one record: where it is (``file:line``), its id and the forms."""

    origin: str
    id: str
    added: list[Added]


@dataclass
class EnrichResult:
    path: str
    format: str
    output: bytes
    changes: list[Change] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: int = 0


Progress = Callable[[int, int], None]


def _additions(refs: list[Reference], scheme: str, progress: Progress | None
               ) -> list[list[Added]]:
    out = []
    for n, ref in enumerate(refs, 1):
        added = fill_forms(copy.deepcopy(ref), scheme)
        out.append(added)
        if progress:
            progress(n, len(refs))
    return out


def enrich_path(path: str | os.PathLike, fmt: str = "auto", scheme: str = DEFAULT_SCHEME,
                progress: Progress | None = None) -> EnrichResult:
    """Read ``path`` and return the enriched file (not written: the caller writes ``output``)."""
    from .readers import read_path

    import translit

    translit.load_scheme(scheme)          # an unknown scheme is an error before any work
    name = str(path)
    result = read_path(path, fmt)
    data = Path(path).read_bytes()
    if result.format in ("marc", "marcxml"):
        return _enrich_marc(name, data, result, scheme, progress)
    text, encoding, _ = decode_bytes(data, name)
    crlf = "\r\n" in text
    text = clean_text(text)
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    refs = result.references
    added = _additions(refs, scheme, progress)
    writer = {"bibtex": _bibtex, "ris": _ris, "csl-json": _csl, "text": _text}[result.format]
    notes = list(result.notes)
    try:
        out = writer(text, refs, added, scheme, notes)
    except (ValueError, KeyError, IndexError) as exc:      # a layout the writer cannot follow
        raise ReaderError(f"{name}: cannot write the {result.format} file back "
                          f"({type(exc).__name__}: {exc}); nothing was written") from None
    if crlf:
        out = out.replace("\n", "\r\n")

    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"{name}: read as {encoding}, written as UTF-8")
    res = EnrichResult(name, result.format, (("\ufeff" if bom else "") + out).encode("utf-8"),
                       skipped=result.skipped, notes=notes, records=len(refs))
    res.changes = [Change(r.origin, r.id, a) for r, a in zip(refs, added) if a]
    return res


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for m in re.finditer("\n", text):
        offsets.append(m.end())
    return offsets


def _line_of(origin: str) -> int:
    tail = origin.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _insert_lines(text: str, inserts: dict[int, list[str]]) -> str:
    """Insert lines before the given 0-based line indexes."""
    lines = text.split("\n")
    out = []
    for k, line in enumerate(lines):
        out.extend(inserts.get(k, ()))
        out.append(line)
    out.extend(inserts.get(len(lines), ()))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# BibTeX

_BIB_NAMES = {"authors": "author", "editors": "editor"}
_BIB_OWN = {"title": ("title",), "container": ("journal", "journaltitle", "booktitle", "maintitle"),
            "place": ("address", "location"),
            "publisher": ("publisher", "school", "institution", "organization"),
            "edition": ("edition",), "series": ("series",)}


def bibtex_field(ref: Reference, name: str) -> str:
    """The BibTeX field that holds ``name`` (``title_fa`` -> ``titlefa``, ``container_latin`` ->
    ``journallatin`` in an entry whose container is its ``journal``)."""
    base, script = name.rsplit("_", 1)
    if base in _BIB_NAMES:
        return _BIB_NAMES[base] + script
    own = next((f for f in _BIB_OWN[base] if f in ref.source), _BIB_OWN[base][0])
    return own + script


def _bibtex(text: str, refs: list[Reference], added: list[list[Added]], scheme: str,
            notes: list[str]) -> str:
    from .export import _bib_escape, _bib_name

    lines = text.split("\n")
    inserts: dict[int, list[str]] = {}
    for ref, adds in zip(refs, added):
        start = _line_of(ref.origin) - 1
        want_langid = is_persian_record(ref) and "langid" not in ref.source
        if not adds and not want_langid:
            continue
        # the key line: the first line of the entry holding the comma after the key
        k = start
        while k < len(lines) and "," not in lines[k]:
            k += 1
        if k >= len(lines) or lines[k].split(",", 1)[1].strip():
            # fields on the key's line: nothing is inserted rather than a line changed
            adds.clear()
            notes.append(f"{ref.origin}: fields on the key's line; nothing added")
            continue
        nxt = next((ln for ln in lines[k + 1:k + 50] if ln.strip()), "  ")
        indent = nxt[:len(nxt) - len(nxt.lstrip())] or "  "
        new = []
        for a in adds:
            if isinstance(a.value, list):
                value = " and ".join(_bib_name(n) for n in a.value)
            else:
                value = _bib_escape(a.value)
            new.append(f"{indent}{bibtex_field(ref, a.field)} = {{{value}}},")
        if want_langid:
            new.append(f"{indent}langid = {{persian}},")
            adds.append(Added("langid", "persian"))
        inserts[k + 1] = new
    return _insert_lines(text, inserts)


# ---------------------------------------------------------------------------------------------
# RIS

_RIS_TAGS = {"title_fa": "C1", "title_latin": "C2", "authors_fa": "C3", "authors_latin": "C4"}
_ER = re.compile(r"^[ \t]*ER[ \t]{1,2}-")


def _ris(text: str, refs: list[Reference], added: list[list[Added]], scheme: str,
         notes: list[str]) -> str:
    lines = text.split("\n")
    inserts: dict[int, list[str]] = {}
    for ref, adds in zip(refs, added):
        if not adds:
            continue
        k = _line_of(ref.origin) - 1
        while k < len(lines) and not _ER.match(lines[k]):
            k += 1
        new = []
        for a in adds:
            tag = _RIS_TAGS.get(a.field, "C6")
            values = a.value if isinstance(a.value, list) else [a.value]
            new += [f"{tag}  - {a.field}: {v}" for v in values]
        inserts[k] = new
    return _insert_lines(text, inserts)


# ---------------------------------------------------------------------------------------------
# CSL-JSON

_CSL_FIELDS = {"title": "title", "container": "container-title", "place": "publisher-place",
               "publisher": "publisher", "edition": "edition", "series": "collection-title"}


def _csl_add(item: dict, ref: Reference, adds: list[Added], tag: str) -> None:
    from .export import _csl_name

    for a in adds:
        base, script = a.field.rsplit("_", 1)
        btag = "fa" if script == "fa" else tag
        if base in ("authors", "editors"):
            people = item.get("author" if base == "authors" else "editor")
            if isinstance(people, list) and len(people) == len(a.value):
                for person, form in zip(people, a.value):
                    if isinstance(person, dict):
                        multi = person.setdefault("multi", {})
                        multi.setdefault("_key", {})[btag] = _csl_name(form)
            continue
        multi = item.setdefault("multi", {})
        multi.setdefault("_keys", {}).setdefault(_CSL_FIELDS[base], {})[btag] = a.value
    if "language" not in item and is_persian_record(ref):
        item["language"] = "fa"
        adds.append(Added("language", "fa"))


def _parses(line: str) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def _csl(text: str, refs: list[Reference], added: list[list[Added]], scheme: str,
         notes: list[str]) -> str:
    from .export import latin_tag

    tag = latin_tag(scheme)
    by_raw = {}
    for ref, adds in zip(refs, added):
        by_raw.setdefault(ref.source.get("record", ""), (ref, adds))
    stripped = text.lstrip()

    def enriched(raw: str) -> str | None:
        ref_adds = by_raw.get(raw)
        if ref_adds is None:
            return None
        ref, adds = ref_adds
        item = json.loads(raw)
        before = len(adds)
        _csl_add(item, ref, adds, tag)
        if not adds and before == 0:
            return None
        return item

    if stripped.startswith("[") and "\n" in stripped and all(
            (ln.strip() in ("[", "]") or ln.strip().startswith("{")) for ln in
            stripped.strip().split("\n")):
        # one item per line (peyvand's own layout): each line rewritten on its own
        out = []
        for line in text.split("\n"):
            raw = line.strip().rstrip(",")
            item = enriched(raw) if raw.startswith("{") else None
            if item is None:
                out.append(line)
            else:
                comma = "," if line.rstrip().endswith(",") else ""
                out.append(line[:len(line) - len(line.lstrip())]
                           + json.dumps(item, ensure_ascii=False) + comma)
        return "\n".join(out)
    if stripped.startswith("{") and _parses(stripped.split("\n", 1)[0]):
        # JSON Lines (as the reader reads them): each line on its own, bad lines kept as they are
        out = []
        for line in text.split("\n"):
            item = enriched(line.strip()) if line.strip().startswith("{") else None
            out.append(line if item is None else json.dumps(item, ensure_ascii=False))
        return "\n".join(out)
    # an indented array (as Zotero writes it): the whole file is written again, same indent
    data = json.loads(text)
    m = re.search(r"\n([ \t]+)\S", text)
    indent = m.group(1) if m else 2
    items = data if isinstance(data, list) else [data]
    by_item = {json.dumps(json.loads(r.source.get("record", "null")), sort_keys=True): (r, a)
               for r, a in zip(refs, added)}
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key in by_item:
            ref, adds = by_item[key]
            _csl_add(item, ref, adds, tag)
    indent_arg = indent if isinstance(indent, int) else (len(indent) if indent.strip(" ") == ""
                                                         else indent)
    return json.dumps(data, ensure_ascii=False, indent=indent_arg) + (
        "\n" if text.endswith("\n") else "")


# ---------------------------------------------------------------------------------------------
# Citation lists

def _text(text: str, refs: list[Reference], added: list[list[Added]], scheme: str,
          notes: list[str]) -> str:
    from .readers.text import forms_line, split_records, _take_forms

    lines = text.split("\n")
    plain, _ = _take_forms(text)
    starts = sorted(n for n, _ in split_records(plain))
    inserts: dict[int, list[str]] = {}
    for ref, adds in zip(refs, added):
        if not adds:
            continue
        first = _line_of(ref.origin)
        later = [s for s in starts if s > first]
        end = (later[0] - 1) if later else len(lines)          # 1-based last line of the record
        while end > first and not lines[end - 1].strip():
            end -= 1
        inserts.setdefault(end, []).append(forms_line([(a.field, a.value) for a in adds]))
    return _insert_lines(text, inserts)


# ---------------------------------------------------------------------------------------------
# MARC 21

def _enrich_marc(name: str, data: bytes, result, scheme: str,
                 progress: Progress | None) -> EnrichResult:
    from pymarc import Record

    from .marc import enrich_record, record_to_reference, records_to_marcxml
    from .readers.marc import RECORD_END, _check, _coding, _records_marcxml

    res = EnrichResult(name, result.format, b"", skipped=result.skipped, notes=result.notes,
                       records=len(result.references))
    if result.format == "marcxml":
        records = _records_marcxml(data, name)
        for n, (record, where) in enumerate(records, 1):
            ref, _ = record_to_reference(record)
            added = enrich_record(record, scheme)
            if added:
                res.changes.append(Change(where, ref.id, [Added(a, "") for a in added]))
            if progress:
                progress(n, len(records))
        res.output = records_to_marcxml(r for r, _ in records)
        return res
    out = []
    pos, number = 0, 0
    total = max(1, data.count(RECORD_END))
    while pos < len(data):
        end = data.find(RECORD_END, pos)
        chunk = data[pos:] if end < 0 else data[pos:end + 1]
        start, pos = pos, len(data) if end < 0 else end + 1
        body = chunk.lstrip(b"\n\r \t")
        if not body:
            out.append(chunk)
            continue
        number += 1
        fixed = None
        if not _check(body):
            fixed, _, problem = _coding(body)
            if problem:
                fixed = None
        if fixed is None:
            out.append(chunk)            # damaged: kept exactly as it was (and reported)
            continue
        try:
            record = Record(data=fixed, to_unicode=True, hide_utf8_warnings=True)
            ref, _ = record_to_reference(record)
            added = enrich_record(record, scheme)
        except Exception:
            out.append(chunk)
            continue
        if added:
            if record.leader[9] != "a":
                record.leader = record.leader[:9] + "a" + record.leader[10:]
            out.append(chunk[:len(chunk) - len(body)] + record.as_marc())
            res.changes.append(Change(f"{name}:record {number} (byte {start})", ref.id,
                                      [Added(a, "") for a in added]))
        else:
            out.append(chunk)
        if progress:
            progress(number, total)
    res.output = b"".join(out)
    return res


def output_path(source: str | os.PathLike, output: str | os.PathLike | None, count: int
                ) -> Path | None:
    """Where the enriched copy of ``source`` goes: ``output`` itself for one file, the same name
    inside ``output`` (a directory, made if missing) for several; None for standard output."""
    if output is None:
        return None
    out = Path(output)
    if count > 1 or out.is_dir():
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReaderError(f"{out}: cannot create the output directory ({exc.strerror})") from None
        target = out / Path(source).name
    else:
        target = out
    if target.resolve() == Path(source).resolve():
        raise ReaderError(f"{target}: the output would overwrite its input; give another -o")
    return target


def describe(change: Change) -> list[str]:
    """Lines for ``--dry-run``: ``origin id: field = value``."""
    lines = []
    for a in change.added:
        value = "; ".join(a.value) if isinstance(a.value, list) else a.value
        lines.append(f"{change.origin} {change.id}: {a.field}" + (f" = {value}" if value else ""))
    return lines


__all__ = ["enrich_path", "EnrichResult", "Change", "describe", "output_path", "ReaderError"]
