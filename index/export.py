"""Write references as CSL-JSON, BibTeX or RIS; each output reads back through ``index.readers``.

Every writer takes an iterable of :class:`Reference` objects or of dicts shaped like
``Reference.to_dict()``; a dict may also carry the parallel forms the index computed:
``title_fa``, ``title_latin`` (strings) and ``authors_fa``, ``authors_latin`` (lists of names).
Empty fields are left out. Records without an id get their content id.

Where the parallel forms and translations go:

==============  ======================  =========================  =============================
field           CSL-JSON                BibTeX                     RIS
==============  ======================  =========================  =============================
title_en        ``title_en``            ``titleen``                ``TT`` (translated title)
container_en    ``container_en``        ``journalen``              ``C5  - container_en: ...``
title_fa        ``title_fa``            ``titlefa`` (IMOS)         ``C1  - title_fa: ...``
title_latin     ``title_latin``         ``titlelatin``             ``C2  - title_latin: ...``
authors_fa      ``authors_fa`` (list)   ``authorfa`` (IMOS)        ``C3  - authors_fa: ...`` each
authors_latin   ``authors_latin``       ``authorlatin``            ``C4  - authors_latin: ...``
season          ``season``              ``season``                 ``PY  - YEAR///SEASON``
==============  ======================  =========================  =============================

CSL-JSON keeps the extra keys beside the standard ones (CSL processors ignore unknown keys).
BibTeX follows the Iran Manual of Style's ``authorfa``/``titlefa`` and names the others alike.
RIS custom tags carry a ``label:`` prefix so that another program's C1-C5 are never read as
these. Languages are written as names ("Persian") in BibTeX and RIS, as codes in CSL-JSON.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable

from index.readers.base import has_arabic_script as _persian
from index.reference import Reference

_LANGUAGE_NAMES = {"fa": "Persian", "en": "English", "ru": "Russian", "ar": "Arabic",
                   "fr": "French", "de": "German", "tr": "Turkish", "es": "Spanish",
                   "it": "Italian", "ur": "Urdu", "tg": "Tajik", "ps": "Pashto", "az": "Azerbaijani",
                   "ku": "Kurdish", "zh": "Chinese", "ja": "Japanese", "prs": "Dari"}


def _records(refs: Iterable[Reference | dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in refs:
        data = item.to_dict() if isinstance(item, Reference) else dict(item)
        if not data.get("id"):
            data["id"] = Reference.from_dict(data).ensure_id().id
        out.append(data)
    return out


def _s(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    return " ".join(str(value).split())


def _list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    return [" ".join(str(v).split()) for v in value if str(v).strip()]


# ---------------------------------------------------------------------------------------------
# CSL-JSON

_CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter",
              "thesis": "thesis", "report": "report", "webpage": "webpage", "misc": "document"}


def _csl_name(name: str) -> dict[str, str]:
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        # Only when the split reads back as the same text ("Family, Given"); else keep it whole.
        if family and given and f"{family}, {given}" == name:
            return {"family": family, "given": given}
    return {"literal": name}


def latin_tag(scheme: str | None) -> str:
    """The BCP 47 tag of Persian in a romanization: ``fa-Latn-t-fa-m0-alaloc`` for ALA-LC (the
    transform extension's registered name of the ALA-LC tables), ``fa-Latn`` for the others."""
    return "fa-Latn-t-fa-m0-alaloc" if scheme == "ala-lc" else "fa-Latn"



def _csl_multi(item: dict[str, Any], data: dict[str, Any], tag: str) -> None:
    """Juris-M's ``multi``: the title in its original script, its other forms as variants."""
    keys: dict[str, dict[str, str]] = {}
    title, title_fa, title_latin = _s(data, "title"), _s(data, "title_fa"), _s(data, "title_latin")
    persian_work = _s(data, "language") == "fa" or _persian(title)
    if persian_work and title and (title_fa or title_latin):
        original = title if _persian(title) else title_fa
        romanized = title_latin if _persian(title) else title
        item["title"] = original
        keys["title"] = {tag if romanized == title_latin else "fa-Latn": romanized}
        if _s(data, "title_en"):
            keys["title"]["en"] = _s(data, "title_en")
    for key, csl in (("container", "container-title"), ("publisher", "publisher"),
                     ("place", "publisher-place"), ("edition", "edition"),
                     ("series", "collection-title")):
        variants = {}
        if _s(data, key + "_fa"):
            variants["fa"] = _s(data, key + "_fa")
        if _s(data, key + "_latin"):
            variants[tag] = _s(data, key + "_latin")
        if key == "container" and _s(data, "container_en"):
            variants["en"] = _s(data, "container_en")
        if variants and _s(data, key):
            keys[csl] = variants
    if keys:
        item["multi"] = {"_keys": keys}
    for csl, names in (("author", "authors"), ("editor", "editors")):
        people = item.get(csl)
        if not people:
            continue
        for script, btag in (("fa", "fa"), ("latin", tag)):
            forms = _list(data, f"{names}_{script}")
            if len(forms) == len(people):
                for person, form in zip(people, forms):
                    person.setdefault("multi", {"_key": {}})["_key"][btag] = _csl_name(form)


def to_csl_item(data: dict[str, Any], tag: str = "fa-Latn") -> dict[str, Any]:
    """One record as a CSL-JSON item: standard CSL variables, Juris-M's ``multi`` for the other
    script (``tag`` names the romanization, see :func:`latin_tag`), and peyvand's extra keys."""
    item: dict[str, Any] = {"id": _s(data, "id"),
                            "type": _CSL_TYPES.get(_s(data, "type"), "document")}
    for key, names in (("author", "authors"), ("editor", "editors")):
        values = _list(data, names)
        if values:
            item[key] = [_csl_name(n) for n in values]
    year = _s(data, "year")
    if year:
        item["issued"] = {"date-parts": [[int(year)]]} if year.isascii() and year.isdigit() \
            else {"literal": year}
    for key, csl in (("season", "season"), ("title", "title"), ("title_en", "title_en"),
                     ("container", "container-title"), ("container_en", "container_en"),
                     ("volume", "volume"), ("issue", "issue"), ("pages", "page"),
                     ("publisher", "publisher"), ("place", "publisher-place"),
                     ("language", "language"), ("url", "URL"), ("note", "note"),
                     ("title_fa", "title_fa"), ("title_latin", "title_latin")):
        value = _s(data, key)
        if value:
            item[csl] = value
    for key in ("authors_fa", "authors_latin"):
        values = _list(data, key)
        if values:
            item[key] = values
    for key, csl in (("edition", "edition"), ("series", "collection-title")):
        if _s(data, key):
            item[csl] = _s(data, key)
    _csl_multi(item, data, tag)
    return item


_PEYVAND_KEYS = ("title_fa", "title_latin", "title_en", "container_en", "authors_fa",
                 "authors_latin", "season")


def flatten_multi(item: dict[str, Any], latin: bool = True) -> dict[str, Any]:
    """A CSL item for processors that do not read Juris-M's ``multi`` (CSL 1.0 processors such
    as citeproc-py): with ``latin``, the romanization becomes ``title`` and the original script
    ``original-title`` (a style prints them as "Būf-i kūr [بوف کور]"), names and Persian-script
    containers, publishers and places take their romanized variant; peyvand's extra keys are
    dropped."""
    out = {k: v for k, v in item.items() if k not in _PEYVAND_KEYS and k != "multi"}
    if not latin:
        return out
    variants = (item.get("multi") or {}).get("_keys", {}).get("title", {})
    romanized = next((v for k, v in variants.items() if k.lower().startswith("fa-latn")), "")
    if romanized and item.get("title") and romanized != item["title"]:
        out["original-title"], out["title"] = item["title"], romanized
    multi_keys = (item.get("multi") or {}).get("_keys", {})
    for csl in ("container-title", "publisher", "publisher-place", "edition", "collection-title"):
        form = next((v for k, v in multi_keys.get(csl, {}).items()
                     if k.lower().startswith("fa-latn")), "")
        if form and _persian(str(item.get(csl, ""))):
            out[csl] = form
    for key in ("author", "editor"):
        people = []
        for person in item.get(key) or []:
            forms = (person.get("multi") or {}).get("_key", {}) if isinstance(person, dict) else {}
            latin_form = next((v for k, v in forms.items() if k.lower().startswith("fa-latn")), None)
            plain = {k: v for k, v in person.items() if k != "multi"} if isinstance(person, dict) \
                else person
            people.append(latin_form if latin_form else plain)
        if people:
            out[key] = people
    return out


# Zotero's Extra field (CSL ``note``) holds "key: value" lines; Better BibTeX copies its ``tex.``
# lines into the BibTeX it exports. peyvand writes the other-script forms there on request, named
# as its BibTeX fields, so a Zotero library that drops Juris-M's multi still keeps them.
ZOTERO_EXTRA = (("titlefa", "title_fa"), ("titlelatin", "title_latin"),
                ("authorfa", "authors_fa"), ("authorlatin", "authors_latin"),
                ("editorfa", "editors_fa"), ("editorlatin", "editors_latin"),
                ("journalfa", "container_fa"), ("journallatin", "container_latin"),
                ("addressfa", "place_fa"), ("addresslatin", "place_latin"),
                ("publisherfa", "publisher_fa"), ("publisherlatin", "publisher_latin"))


def zotero_extra_lines(data: dict[str, Any]) -> list[str]:
    """``tex.titlelatin: ...`` lines for Zotero's Extra (names joined with `` and ``)."""
    lines = []
    persian_work = _s(data, "language") == "fa" or _persian(_s(data, "title"))
    if persian_work:
        lines.append("tex.langid: persian")
    for field, key in ZOTERO_EXTRA:
        value = " and ".join(_list(data, key)) if key.endswith("s_fa") or key.endswith(
            "s_latin") else _s(data, key)
        if value:
            lines.append(f"tex.{field}: {value}")
    return lines


def to_csl_json(refs: Iterable[Reference | dict[str, Any]], tag: str = "fa-Latn",
                zotero_extra: bool = False) -> str:
    """CSL-JSON array, one item per line (so a line number names an item), UTF-8 text.

    ``zotero_extra`` also writes the other-script forms as Extra lines in ``note`` (see
    :data:`ZOTERO_EXTRA`)."""
    items = []
    for d in _records(refs):
        item = to_csl_item(d, tag)
        extra = zotero_extra_lines(d) if zotero_extra else []
        if extra:
            item["note"] = "\n".join(([item["note"]] if item.get("note") else []) + extra)
        items.append(json.dumps(item, ensure_ascii=False))
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


# ---------------------------------------------------------------------------------------------
# BibTeX

_BIB_TYPES = {"article": "article", "book": "book", "chapter": "incollection",
              "thesis": "phdthesis", "report": "techreport", "webpage": "online", "misc": "misc"}
_BIB_TYPE_OF = {"article": "article", "book": "book", "incollection": "chapter",
                "inbook": "chapter", "inproceedings": "chapter", "conference": "chapter",
                "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
                "techreport": "report", "report": "report", "online": "webpage", "misc": "misc",
                "unpublished": "misc", "proceedings": "book", "booklet": "book",
                "manual": "book", "collection": "book"}
_KEY_BAD = re.compile(r"[\s,{}()\"#%'=\\~@]")
_BIB_SPECIAL = re.compile(r"[\\{}&%$#_~]|-(?=-)")
_BIB_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "-": "-{}"}
_AND_WORD = re.compile(r"\band\b", re.I)


BIBLATEX_LANGIDS = {"fa": "persian", "en": "english", "ru": "russian", "ar": "arabic",
                    "fr": "french", "de": "german", "tr": "turkish"}


def _bib_escape(value: str) -> str:
    return _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPES[m.group(0)], value)


def _bib_name(name: str) -> str:
    escaped = _bib_escape(name)
    # A name BibTeX would split or reorder (no comma, an "and" inside) is kept whole in braces.
    if "," not in name or _AND_WORD.search(name):
        return "{" + escaped + "}"
    return escaped


def _bib_url(url: str) -> str:
    return url.replace("{", "%7B").replace("}", "%7D")


def to_bibtex_entry(data: dict[str, Any]) -> str:
    """One record as a BibTeX entry."""
    rtype = _s(data, "type")
    source = data.get("source") or {}
    original = str(source.get("entrytype", "")).lower() if isinstance(source, dict) else ""
    entrytype = original if _BIB_TYPE_OF.get(original) == rtype else _BIB_TYPES.get(rtype, "misc")
    key = _KEY_BAD.sub("_", _s(data, "id")) or "ref"
    fields: list[tuple[str, str]] = []
    for field, names in (("author", "authors"), ("editor", "editors"),
                         ("authorfa", "authors_fa"), ("authorlatin", "authors_latin"),
                         ("editorfa", "editors_fa"), ("editorlatin", "editors_latin")):
        values = _list(data, names)
        if values:
            fields.append((field, " and ".join(_bib_name(n) for n in values)))
    container_field = "booktitle" if rtype == "chapter" else "journal"
    for field, key_ in (("year", "year"), ("season", "season"), ("title", "title"),
                        ("titleen", "title_en"), ("titlefa", "title_fa"),
                        ("titlelatin", "title_latin"), (container_field, "container"),
                        ("journalen", "container_en"), ("volume", "volume"),
                        ("number", "issue"), ("pages", "pages"), ("publisher", "publisher"),
                        ("address", "place"), ("edition", "edition"), ("series", "series"),
                        (container_field + "fa", "container_fa"),
                        (container_field + "latin", "container_latin"),
                        ("addressfa", "place_fa"), ("addresslatin", "place_latin"),
                        ("publisherfa", "publisher_fa"), ("publisherlatin", "publisher_latin"),
                        ("editionfa", "edition_fa"), ("editionlatin", "edition_latin"),
                        ("seriesfa", "series_fa"), ("serieslatin", "series_latin"),
                        ("language", "language"), ("note", "note")):
        value = _s(data, key_)
        if not value:
            continue
        if field == "language":
            value = _LANGUAGE_NAMES.get(value, value)
        if field == "pages" and "--" not in value:
            fields.append((field, _bib_escape(value).replace("-", "--")))
            continue
        fields.append((field, _bib_escape(value)))
    if _s(data, "language") in BIBLATEX_LANGIDS:
        # biblatex's langid: babel/polyglossia switch to the language (and its script) for the entry
        fields.append(("langid", BIBLATEX_LANGIDS[_s(data, "language")]))
    url = _s(data, "url")
    if url:
        fields.append(("url", _bib_url(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entrytype}{{{key},\n{body}\n}}\n" if body else f"@{entrytype}{{{key},\n}}\n"


def to_bibtex(refs: Iterable[Reference | dict[str, Any]]) -> str:
    """BibTeX entries (UTF-8, one blank line between entries)."""
    return "\n".join(to_bibtex_entry(d) for d in _records(refs))


# ---------------------------------------------------------------------------------------------
# RIS

_RIS_TYPES = {"article": "JOUR", "book": "BOOK", "chapter": "CHAP", "thesis": "THES",
              "report": "RPRT", "webpage": "ELEC", "misc": "GEN"}


RIS_MORE_LABELS = ("editors_fa", "editors_latin", "container_fa", "container_latin", "place_fa",
                   "place_latin", "publisher_fa", "publisher_latin", "edition_fa",
                   "edition_latin", "series_fa", "series_latin")


def ris_parallel_lines(data: dict[str, Any], labels: Iterable[str] = RIS_MORE_LABELS
                       ) -> list[tuple[str, str]]:
    """``C6  - label: value`` lines for the parallel forms RIS has no tag of its own for."""
    out = []
    for label in labels:
        if label.startswith("editors"):
            out += [("C6", f"{label}: {n}") for n in _list(data, label)]
        elif _s(data, label):
            out.append(("C6", f"{label}: {_s(data, label)}"))
    return out


def to_ris_record(data: dict[str, Any]) -> str:
    """One record as RIS lines, ``TY`` to ``ER``."""
    rtype = _s(data, "type")
    lines = [("TY", _RIS_TYPES.get(rtype, "GEN")), ("ID", _s(data, "id"))]
    lines += [("AU", n) for n in _list(data, "authors")]
    editor_tag = "A2" if rtype in ("chapter", "book") else "ED"
    lines += [(editor_tag, n) for n in _list(data, "editors")]
    year, season = _s(data, "year"), _s(data, "season")
    if year or season:
        lines.append(("PY", f"{year}///{season}" if season else year))
    lines += [("TI", _s(data, "title")), ("TT", _s(data, "title_en")),
              ("T2", _s(data, "container")), ("VL", _s(data, "volume")),
              ("IS", _s(data, "issue"))]
    pages = _s(data, "pages")
    if "-" in pages:
        start, end = pages.split("-", 1)
        lines += [("SP", start.strip()), ("EP", end.strip())]
    else:
        lines.append(("SP", pages))
    language = _s(data, "language")
    lines += [("PB", _s(data, "publisher")), ("CY", _s(data, "place")),
              ("LA", _LANGUAGE_NAMES.get(language, language)), ("UR", _s(data, "url")),
              ("N1", _s(data, "note"))]
    lines += [("ET", _s(data, "edition")), ("T3", _s(data, "series"))]
    for tag, label in (("C1", "title_fa"), ("C2", "title_latin"), ("C5", "container_en")):
        value = _s(data, label)
        if value:
            lines.append((tag, f"{label}: {value}"))
    for tag, label in (("C3", "authors_fa"), ("C4", "authors_latin")):
        lines += [(tag, f"{label}: {n}") for n in _list(data, label)]
    lines += ris_parallel_lines(data)
    out = [f"{tag}  - {value}" for tag, value in lines if value]
    out.append("ER  - ")
    return "\n".join(out) + "\n"


def to_ris(refs: Iterable[Reference | dict[str, Any]]) -> str:
    """RIS records (UTF-8, one blank line between records)."""
    return "\n".join(to_ris_record(d) for d in _records(refs))
