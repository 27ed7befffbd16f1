"""CSL-JSON: an array of item objects, a single object, or JSON Lines (one object per line).

Keys read: id, type, author/editor (``{family, given}`` with particles, or ``{literal}``),
issued (``date-parts``, ``season``, ``literal``, ``raw``), title, container-title, volume, issue,
page, publisher, publisher-place, edition, collection-title (series), language, URL, note,
accessed. The other script's forms come from Juris-M's ``multi`` (``multi._keys.title`` with BCP 47
tags: ``fa`` Persian script, ``fa-Latn...`` a romanization, ``en`` a translation; ``multi._key`` on
each name), and from peyvand's older extra keys named as in :class:`Reference`: ``title_fa``,
``title_latin``, ``authors_fa``, ``authors_latin``, ``title_en``, ``container_en``, ``season``.

Invalid JSON in the array form is a whole-file error naming line and column; in JSON Lines a bad
line is skipped with its line. Items that are not objects are skipped. Each item's raw JSON text
is kept in ``source["record"]``. The reader is a single pass over the text (``raw_decode`` from
one item to the next), so 100k items read in seconds.
"""
from __future__ import annotations

import json
from typing import Any

from index.errors import ReaderError
from index.readers.base import (ReadResult, Skip, arabic_share, clean_field, finish,
                                language_code)
from index.reference import Reference

_TYPES = {
    "article": "article", "article-journal": "article", "article-magazine": "article",
    "article-newspaper": "article", "review": "article", "review-book": "article",
    "book": "book", "classic": "book", "collection": "book",
    "chapter": "chapter", "paper-conference": "chapter", "entry": "chapter",
    "entry-dictionary": "chapter", "entry-encyclopedia": "chapter",
    "thesis": "thesis", "report": "report", "webpage": "webpage", "post": "webpage",
    "post-weblog": "webpage",
}
_SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


def _text(value: Any) -> str:
    """A text field: strings as they are, numbers printed, lists of strings joined."""
    if value is None:
        return ""
    if type(value) is str:
        return clean_field(value)
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "; ".join(t for t in (_text(v) for v in value if not isinstance(v, (list, dict))) if t)
    return ""


def _name(person: Any) -> str:
    if isinstance(person, str):
        return clean_field(person)
    if not isinstance(person, dict):
        return ""
    if len(person) == 2 and type(person.get("family")) is str and type(person.get("given")) is str:
        family, given = clean_field(person["family"]), clean_field(person["given"])
        return f"{family}, {given}" if family and given else family or given
    literal = _text(person.get("literal"))
    if literal:
        return literal
    family = " ".join(p for p in (_text(person.get("non-dropping-particle")),
                                  _text(person.get("family"))) if p)
    given = " ".join(p for p in (_text(person.get("given")),
                                 _text(person.get("dropping-particle"))) if p)
    suffix = _text(person.get("suffix"))
    name = f"{family}, {given}" if family and given else family or given
    return f"{name}, {suffix}" if suffix and name else name


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [n for n in (_name(p) for p in value) if n]
    name = _name(value)
    return [name] if name else []


def _date(value: Any) -> tuple[str, str]:
    """``(year, season)`` from a CSL date object (or a plain string/number)."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = str(value).strip()
        return text[:4] if text[:4].isdigit() else text, ""
    if not isinstance(value, dict):
        return "", ""
    season = value.get("season")
    season_text = _SEASONS.get(season, _text(season)) if isinstance(season, int) \
        else _text(season)
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0]
        year = _text(first[0])
        if not season_text and len(first) > 1:
            try:
                month = _MONTHS[int(first[1]) - 1]
                season_text = f"{month} {int(first[2])}" if len(first) > 2 else month
            except (ValueError, TypeError, IndexError, OverflowError):
                season_text = ""
        return year, season_text
    for key in ("literal", "raw"):
        text = _text(value.get(key))
        if text:
            return (text[:4] if key == "raw" and text[:4].isdigit() else text), season_text
    return "", season_text


# CSL key -> Reference attribute, for the plain text fields.
_TEXT_FIELDS = (("title", "title"), ("title_en", "title_en"), ("container-title", "container"),
                ("container_en", "container_en"), ("volume", "volume"), ("issue", "issue"),
                ("page", "pages"), ("publisher", "publisher"), ("publisher-place", "place"),
                ("title_fa", "title_fa"), ("title_latin", "title_latin"))


def item_to_reference(item: dict[str, Any]) -> Reference:
    """Map one CSL-JSON item onto a Reference."""
    get = item.get
    ref = Reference(id=_text(get("id")), type=_TYPES.get(_text(get("type")), "misc"))
    for key, attr in _TEXT_FIELDS:
        value = get(key)
        if value is not None:
            setattr(ref, attr, _text(value))
    if "author" in item:
        ref.authors = _names(item["author"])
    ref.editors = _names(get("editor")) or _names(get("container-author"))
    if "issued" in item:
        ref.year, ref.season = _date(item["issued"])
    if "season" in item:
        ref.season = _text(item["season"]) or ref.season
    lang = _text(get("language"))
    ref.language = language_code(lang) if lang else ("fa" if arabic_share(ref.title) > 0.5 else "")
    ref.url = _text(get("URL")) or _text(get("url"))
    note = _text(_read_extra(item, ref))
    if "accessed" in item:
        accessed, _ = _date(item["accessed"])
        parts = item["accessed"].get("date-parts") if isinstance(item["accessed"], dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list):
            accessed = "-".join(_text(p) for p in parts[0])
        if accessed and "accessed" not in note:
            note = f"{note}; accessed {accessed}" if note else f"accessed {accessed}"
    ref.note = note
    if "authors_fa" in item:
        ref.authors_fa = _names(item["authors_fa"])
    if "authors_latin" in item:
        ref.authors_latin = _names(item["authors_latin"])
    ref.edition = _text(get("edition"))
    ref.series = _text(get("collection-title"))
    _read_multi(item, ref)
    return ref


def _read_extra(item: dict[str, Any], ref: Reference) -> Any:
    """The ``tex.FIELD: value`` lines of Zotero's Extra (CSL ``note``) that name a parallel form
    (see ``index.export.ZOTERO_EXTRA``) go to their fields; returns the note without them."""
    raw = item.get("note")
    if not isinstance(raw, str) or "tex." not in raw:
        return raw
    from index.export import ZOTERO_EXTRA

    fields = dict(ZOTERO_EXTRA)
    kept = []
    for line in raw.split("\n"):
        key, sep, value = line.partition(":")
        name = key.strip()[4:] if key.strip().startswith("tex.") else ""
        if sep and (name in fields or name == "langid"):
            value = clean_field(value)
            if name == "langid":
                ref.language = ref.language or language_code(value)
            elif fields[name].endswith(("s_fa", "s_latin")):
                setattr(ref, fields[name], [v.strip() for v in value.split(" and ") if v.strip()])
            else:
                setattr(ref, fields[name], value)
            continue
        kept.append(line)
    return "\n".join(kept)


def _script_of(tag: str) -> str:
    """``fa`` (Persian script), ``latin`` (a romanization) or ``en`` (translation) for a BCP 47
    tag of a Juris-M variant; '' for other languages."""
    parts = tag.lower().split("-")
    if parts[0] == "fa":
        return "latin" if "latn" in parts[1:2] else "fa"
    return "en" if parts[0] == "en" else ""


# CSL variable -> Reference field, for the variants in Juris-M's multi._keys
_MULTI_FIELDS = (("title", "title"), ("container-title", "container"), ("publisher", "publisher"),
                 ("publisher-place", "place"), ("edition", "edition"),
                 ("collection-title", "series"))


def _read_multi(item: dict[str, Any], ref: Reference) -> None:
    """Juris-M's variants: ``multi._keys[VARIABLE][TAG]`` for fields and ``multi._key[TAG]`` on
    each name, TAG a BCP 47 tag (``fa``, ``fa-Latn-t-fa-m0-alaloc``, ``en``)."""
    multi = item.get("multi")
    keys = multi.get("_keys") if isinstance(multi, dict) else None
    if isinstance(keys, dict):
        for csl, attr in _MULTI_FIELDS:
            variants = keys.get(csl)
            if not isinstance(variants, dict):
                continue
            for tag, value in variants.items():
                script, value = _script_of(str(tag)), _text(value)
                if not value or not script:
                    continue
                if script == "en":
                    if attr in ("title", "container") and not getattr(ref, attr + "_en"):
                        setattr(ref, attr + "_en", value)
                elif not getattr(ref, f"{attr}_{script}") and value != getattr(ref, attr):
                    setattr(ref, f"{attr}_{script}", value)
        # The title is written in its original script; a record whose source wrote the
        # romanization as its title says so with peyvand's title_fa key, equal to the title.
        if _text(item.get("title_fa")) and _text(item.get("title_fa")) == ref.title \
                and ref.title_latin and not _text(item.get("title_latin")):
            ref.title, ref.title_fa, ref.title_latin = ref.title_latin, ref.title, ""
    for key, attr in (("author", "authors"), ("editor", "editors")):
        people = item.get(key)
        if not isinstance(people, list) or getattr(ref, attr + "_fa") or getattr(ref, attr + "_latin"):
            continue
        forms: dict[str, list[str]] = {"fa": [], "latin": []}
        for person in people:
            variants = person.get("multi", {}).get("_key") if isinstance(person, dict) and \
                isinstance(person.get("multi"), dict) else None
            found = {}
            if isinstance(variants, dict):
                for tag, name in variants.items():
                    script = _script_of(str(tag))
                    if script in forms:
                        found[script] = _name(name)
            for script in forms:
                forms[script].append(found.get(script, ""))
        for script, names in forms.items():
            if names and all(names) and len(names) == len(getattr(ref, attr)):
                setattr(ref, f"{attr}_{script}", names)


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _decode_at(text: str, pos: int, origin: str) -> tuple[Any, int]:
    """One JSON value starting at ``pos``; a syntax error or runaway nesting names line and column."""
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise ReaderError(f"{origin}: invalid JSON at line {exc.lineno} column {exc.colno}: "
                          f"{exc.msg}") from None
    except RecursionError:
        ln, col = _position(text, pos)
        raise ReaderError(f"{origin}: JSON nested too deeply at line {ln} column {col}") from None


def _add(item: Any, raw: str, where: str, label: str, result: ReadResult,
         seen: dict[str, str]) -> None:
    if not isinstance(item, dict):
        result.skipped.append(Skip(where, f"{label} is not an object ({type(item).__name__})"))
        return
    ref = item_to_reference(item)
    if not (ref.title or ref.authors or ref.editors or ref.container or ref.id):
        result.skipped.append(Skip(where, f"{label} has no id, title, author or container"))
        return
    ref.origin = where
    ref.source = {"record": raw}
    finish(ref, result, seen)


def _read_array(text: str, origin: str, start: int, result: ReadResult,
                seen: dict[str, str]) -> None:
    n = len(text)
    pos = start + 1
    lines = _LineCounter()
    index = 0
    expect_item = True
    while True:
        while pos < n and text[pos] in _WS:
            pos += 1
        if pos >= n:
            ln, col = _position(text, pos)
            raise ReaderError(f"{origin}: invalid JSON at line {ln} column {col}: "
                              "array is not closed (missing ']')")
        ch = text[pos]
        if ch == "]" and (index == 0 or not expect_item):
            pos += 1
            break
        if ch == "," and not expect_item:
            pos += 1
            expect_item = True
            continue
        if not expect_item:
            ln, col = _position(text, pos)
            raise ReaderError(f"{origin}: invalid JSON at line {ln} column {col}: "
                              "expected ',' or ']' between items")
        item, end = _decode_at(text, pos, origin)
        index += 1
        _add(item, text[pos:end], f"{origin}:{lines(text, pos)}", f"record {index}", result, seen)
        pos = end
        expect_item = False
    rest = text[pos:].strip()
    if rest:
        ln, col = _position(text, pos + (len(text[pos:]) - len(text[pos:].lstrip())))
        raise ReaderError(f"{origin}: invalid JSON at line {ln} column {col}: "
                          "extra data after the array")


class _LineCounter:
    """Line numbers of increasing offsets in one text, counted incrementally (O(n) overall)."""

    def __init__(self) -> None:
        self.pos = 0
        self.line = 1

    def __call__(self, text: str, pos: int) -> int:
        self.line += text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _read_lines(text: str, origin: str, result: ReadResult, seen: dict[str, str]) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            continue
        where = f"{origin}:{number}"
        try:
            item = json.loads(stripped)
        except json.JSONDecodeError as exc:
            result.skipped.append(Skip(where, f"invalid JSON (column {exc.colno}): {exc.msg}"))
            continue
        except RecursionError:
            result.skipped.append(Skip(where, "JSON nested too deeply"))
            continue
        _add(item, stripped, where, f"line {number}", result, seen)


def read_csl_json(text: str, origin: str) -> ReadResult:
    """Read CSL-JSON (array, single object or JSON Lines)."""
    result = ReadResult([], [], "csl-json")
    seen: dict[str, str] = {}
    start = len(text) - len(text.lstrip())
    head = text[start:start + 1]
    if head == "[":
        _read_array(text, origin, start, result, seen)
        return result
    if head != "{":
        ln, col = _position(text, start)
        raise ReaderError(f"{origin}: invalid JSON at line {ln} column {col}: "
                          "CSL-JSON must start with '[' or '{'")
    # One object per line (JSON Lines), unless the first object spans lines: then the file is a
    # single (pretty-printed) object or a stream of them.
    try:
        first, end = _DECODER.raw_decode(text, start)
    except (json.JSONDecodeError, RecursionError):
        first, end = None, -1
    if end < 0 or "\n" not in text[start:end]:
        _read_lines(text, origin, result, seen)
        return result
    pos = start
    index = 0
    lines = _LineCounter()
    while pos < len(text):
        item, end = _decode_at(text, pos, origin)
        index += 1
        _add(item, text[pos:end], f"{origin}:{lines(text, pos)}", f"record {index}",
             result, seen)
        pos = end
        while pos < len(text) and text[pos] in _WS:
            pos += 1
    return result
