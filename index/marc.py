"""MARC 21 bibliographic records <-> references, both scripts through the 880 fields (pymarc).

Reading (:func:`record_to_reference`): 001 is the id; 245 $a $b $n $p the title, 246 (second
indicator 1, a parallel title) the translated title, 100/110/111 and 700/710/711 the authors
(700 with $e editor or $4 edt: the editors), 250 the edition, 260 or 264 (second indicator 1) place,
publisher and year, 490 the series, 773 $t the container (and $g its volume, number, pages), 008/35-37
or 041 $a the language, 500 the note, 856 $u the url. Each of these fields may have an 880 parallel
field: the regular field's ``$6 880-NN`` and the 880's ``$6 TAG-NN/(3/r`` share the occurrence
number NN; ``(3`` (Arabic) is the script, ``/r`` right-to-left. An 880 with occurrence ``00`` has no
regular partner (MARC 21's unlinked 880) and is read as the field itself when the record lacks that
field, else as its parallel. The parallel goes to ``title_fa``/``authors_fa``... when it is in
Persian script, to ``title_latin``/``authors_latin``... when it is Latin (records whose regular
fields are in Persian script). ISBD punctuation at the end of a subfield (`` /``, `` :``, ``,``) is
taken off.

Writing (:func:`reference_to_record`) follows MARC 21's model A, as the Library of Congress
catalogs Persian: the regular fields hold the romanization (ALA-LC unless another scheme is asked
for), each with ``$6 880-NN`` first, and an 880 with ``$6 TAG-NN/(3/r`` holds the Persian script;
a missing form is made by :mod:`index.forms`. Records are UTF-8 (leader/09 ``a``); field 066
``$c (3`` says Arabic script is present. MARC 21 defines 066 for MARC-8 records; the Library of
Congress and OCLC supply it in their UTF-8 records too, and readers that do not need it ignore it.
:func:`enrich_record` adds the missing 880s to a record read from a file and changes nothing else.
"""
from __future__ import annotations

import re
from typing import Iterable

from .reference import Reference
from .readers.base import has_arabic_script as _persian

ARABIC = "(3"
LATIN = "(B"
_LINK = re.compile(r"^\s*(\d{3})-(\d{2})(?:/([^/]*))?(?:/([rR]))?")
_TRAILING = re.compile(r"[\s/:;,=،؛]+$")
_MARC_LANG = {"fa": "per", "en": "eng", "ru": "rus", "ar": "ara", "fr": "fre", "de": "ger",
              "tr": "tur", "es": "spa", "it": "ita", "ur": "urd", "tg": "tgk", "ps": "pus",
              "az": "aze", "ku": "kur", "zh": "chi", "ja": "jpn"}
TAGS = ("100", "110", "111", "245", "246", "250", "260", "264", "490", "700", "710", "711", "773")
# Subfields that carry text to transliterate (names separately), per tag; others are copied.
_TEXT_CODES = {"245": "abnpc", "246": "abnp", "250": "ab", "260": "ab", "264": "ab", "490": "a",
               "773": "t", "110": "b", "710": "b"}
_NAME_CODES = {"100": "a", "110": "a", "111": "a", "700": "a", "710": "a", "711": "a", "773": "a"}



def _strip(value: str) -> str:
    return _TRAILING.sub("", " ".join(value.split()))


def _strip_name(value: str) -> str:
    value = _strip(value)
    # a final period ends the field; keep it after an initial ("Smith, J.")
    if value.endswith(".") and not re.search(r"(?:^|[\s,])\w\.$", value):
        value = value[:-1]
    return value


def _sub(field, codes: str) -> str:
    parts = [v for c, v in _pairs(field) if c in codes]
    return _strip(" ".join(parts))


def _pairs(field) -> list[tuple[str, str]]:
    return [(s.code, s.value) for s in field.subfields]


def _linkage(field) -> tuple[str, str, str, str] | None:
    """``(tag, occurrence, script, orientation)`` from a field's $6, or None."""
    for code, value in _pairs(field):
        if code == "6":
            m = _LINK.match(value)
            if m:
                return m.group(1), m.group(2), m.group(3) or "", (m.group(4) or "").lower()
            return None
    return None


# ---------------------------------------------------------------------------------------------
# Reading

def linked_fields(record) -> tuple[list[tuple[object, object | None]], list[str]]:
    """Every regular field of :data:`TAGS` with its 880 partner (or None), in record order, then
    the unlinked and orphan 880s as ``(880, None)``-like pairs with the 880 in the first place;
    and notes on 880s whose link leads nowhere."""
    notes: list[str] = []
    by_occurrence: dict[tuple[str, str], object] = {}
    alternates = []
    for f in record.get_fields("880"):
        link = _linkage(f)
        if link is None:
            notes.append("880 without a valid $6 linkage (read as is)")
            continue
        alternates.append((f, link))
        if link[1] != "00":
            by_occurrence[(link[0], link[1])] = f
    pairs: list[tuple[object, object | None]] = []
    used: set[int] = set()
    for f in record.fields:
        if f.tag not in TAGS:
            continue
        partner = None
        link = _linkage(f)
        if link is not None and link[0] == "880":
            partner = by_occurrence.get((f.tag, link[1]))
            if partner is None:
                notes.append(f"{f.tag} $6 880-{link[1]} points to no 880 field")
            else:
                used.add(id(partner))
        pairs.append((f, partner))
    for f, link in alternates:
        if id(f) in used or link[0] not in TAGS:
            continue
        if link[1] != "00":
            notes.append(f"880 $6 {link[0]}-{link[1]} has no linked {link[0]} field "
                         "(read as an unlinked 880)")
        pairs.append((_Retagged(f, link[0]), None))
    return pairs, notes


class _Retagged:
    """An unlinked 880 seen as the field it stands for (``tag`` from its $6)."""

    def __init__(self, field, tag: str) -> None:
        self.field, self.tag = field, tag
        self.indicators = field.indicators
        self.subfields = [s for s in field.subfields if s.code != "6"]
        self.unlinked = True


def _parallel(ref: Reference, name: str, regular: str, other: str) -> None:
    """Put the field's text and its 880 text where they belong."""
    if not regular:
        return
    if not getattr(ref, name):
        setattr(ref, name, regular)
        target = regular
    else:
        # an unlinked 880 of a field already present: a parallel form
        target, other = getattr(ref, name), regular
    if other and other != target:
        setattr(ref, name + ("_fa" if _persian(other) else "_latin"), other)


def _page_parts(g: str) -> tuple[str, str, str]:
    vol = re.search(r"(?:\b[Vv]ol\.?|\bv\.)\s*([^,;()]+)", g)
    num = re.search(r"\b(?:[Nn]o|[Nn]um)\.?\s*([^,;()]+)", g)
    pages = re.search(r"\bp+\.?\s*([\d۰-۹]+(?:\s*[-–]\s*[\d۰-۹]+)?)", g)
    return (vol.group(1).strip() if vol else "", num.group(1).strip() if num else "",
            pages.group(1).replace(" ", "").replace("–", "-") if pages else "")


def _is_editor(field) -> bool:
    for code, value in _pairs(field):
        if code == "e" and value.strip(" .,").lower() in ("editor", "ed", "eds", "editors",
                                                          "ویراستار", "گردآورنده"):
            return True
        if code == "4" and value.strip().lower() == "edt":
            return True
    return False


def record_to_reference(record) -> tuple[Reference, list[str]]:
    """Map one pymarc record onto a Reference; also returns notes (880 links that lead nowhere)."""
    from .readers.base import clean_field, language_code

    ref = Reference()
    control = record.get("001")
    if control is not None and control.data and control.data.strip():
        ref.id = clean_field(control.data.strip())
    leader = str(record.leader)
    level = leader[7:8]
    ref.type = {"a": "chapter", "b": "article", "m": "book", "s": "article"}.get(level, "misc")
    if leader[6:7] == "t" or record.get("502") is not None:
        ref.type = "thesis"
    pairs, notes = linked_fields(record)
    names: dict[str, tuple[list[str], list[str]]] = {"authors": ([], []), "editors": ([], [])}
    imprint_done = False
    for field, partner in pairs:
        tag = field.tag
        if tag in ("100", "110", "111", "700", "710", "711"):
            codes = "ab" if tag in ("110", "710") else "a"
            name = _strip_name(_sub(field, codes))
            other = _strip_name(_sub(partner, codes)) if partner is not None else ""
            if not name:
                continue
            bucket = names["editors" if tag.startswith("7") and _is_editor(field) else "authors"]
            if getattr(field, "unlinked", False):
                # an unlinked 880 name (they come last): the parallel of the first name without
                # one, in the other script; else a name of its own
                regular, other = _align(*bucket)
                free = [k for k, o in enumerate(other)
                        if not o and _persian(regular[k]) != _persian(name)]
                if free:
                    other[free[0]] = name
                    names[next(k for k, v in names.items() if v is bucket)] = (regular, other)
                    continue
            bucket[0].append(name)
            bucket[1].append(other)
        elif tag == "245":
            _parallel(ref, "title", _sub(field, "abnp"),
                      _sub(partner, "abnp") if partner is not None else "")
        elif tag == "246":
            if field.indicators and len(field.indicators) > 1 and field.indicators[1] == "1" \
                    and not ref.title_en:
                ref.title_en = _sub(field, "ab")
        elif tag == "250":
            _parallel(ref, "edition", _sub(field, "ab"),
                      _sub(partner, "ab") if partner is not None else "")
        elif tag in ("260", "264"):
            if tag == "264" and field.indicators and field.indicators[1] not in ("1", " "):
                continue
            if imprint_done and not getattr(field, "unlinked", False):
                continue
            imprint_done = True
            _parallel(ref, "place", _sub(field, "a"), _sub(partner, "a") if partner is not None else "")
            _parallel(ref, "publisher", _sub(field, "b"), _sub(partner, "b") if partner is not None else "")
            date = _sub(field, "c").rstrip(".")
            if date and not ref.year:
                m = re.search(r"[\d۰-۹]{4}", date)
                ref.year = m.group(0) if m else date
        elif tag == "490":
            _parallel(ref, "series", _sub(field, "a"), _sub(partner, "a") if partner is not None else "")
            volume = _sub(field, "v")
            if volume:
                for name in ("series", "series_fa", "series_latin"):
                    value = getattr(ref, name)
                    if value and not value.endswith(f" ; {volume}"):
                        setattr(ref, name, f"{value} ; {volume}")
        elif tag == "773":
            _parallel(ref, "container", _sub(field, "t"), _sub(partner, "t") if partner is not None else "")
            g = _sub(field, "g")
            if g and not (ref.volume or ref.issue or ref.pages):
                ref.volume, ref.issue, ref.pages = _page_parts(g)
    for key, (regular, other) in names.items():
        regular, other = _align(regular, other)
        setattr(ref, key, regular)
        if any(other):
            script = "_fa" if any(_persian(o) for o in other if o) else "_latin"
            setattr(ref, key + script, _complete(regular, other, script))
    if ref.type == "chapter" and not ref.container:
        ref.type = "article" if record.get("773") is not None else "chapter"
    fixed = record.get("008")
    lang = ""
    if fixed is not None and fixed.data and len(fixed.data) >= 38:
        lang = fixed.data[35:38].strip(" |")
    if not lang:
        f041 = record.get("041")
        if f041 is not None:
            lang = f041.get("a") or ""
    ref.language = language_code(lang) if lang else ("fa" if _persian(ref.title) else "")
    notes_500 = [_strip(f.get("a") or "") for f in record.get_fields("500")]
    ref.note = "; ".join(n for n in notes_500 if n)
    f856 = record.get("856")
    if f856 is not None:
        ref.url = (f856.get("u") or "").strip()
    return ref, notes


def _align(regular: list[str], other: list[str]) -> tuple[list[str], list[str]]:
    if len(other) < len(regular):
        other = other + [""] * (len(regular) - len(other))
    return regular, other[:len(regular)]


def _complete(regular: list[str], other: list[str], script: str) -> list[str]:
    """Parallel names aligned with the regular ones: a name without an 880 gets its form made."""
    from .names import persianize_name, romanize_name

    out = []
    for name, alt in zip(regular, other):
        if not alt:
            alt = persianize_name(name) if script == "_fa" else romanize_name(name)
        out.append(alt)
    return out


# ---------------------------------------------------------------------------------------------
# Writing

def _field(tag: str, ind: str, subfields: list[tuple[str, str]]):
    from pymarc import Field, Indicators, Subfield

    return Field(tag=tag, indicators=Indicators(ind[0], ind[1]),
                 subfields=[Subfield(c, v) for c, v in subfields if v])


class _Builder:
    def __init__(self) -> None:
        self.fields: list = []
        self.alternates: list = []
        self.n = 0

    def pair(self, tag: str, ind: str, latin: list[tuple[str, str]],
             persian: list[tuple[str, str]] | None) -> None:
        latin = [(c, v) for c, v in latin if v]
        if not latin:
            return
        persian = [(c, v) for c, v in (persian or []) if v]
        if persian and persian != latin:
            self.n += 1
            occ = f"{self.n:02d}"
            self.fields.append(_field(tag, ind, [("6", f"880-{occ}")] + latin))
            self.alternates.append(_field("880", ind, [("6", f"{tag}-{occ}/{ARABIC}/r")] + persian))
        else:
            self.fields.append(_field(tag, ind, latin))


def _title_subfields(title: str, end: str = "") -> list[tuple[str, str]]:
    if " : " in title:
        main, rest = title.split(" : ", 1)
        return [("a", main + " :"), ("b", rest + end)]
    return [("a", title + end)]


def _name_tag(name: str, main: bool) -> tuple[str, str]:
    personal = "," in name
    if main:
        return ("100", "1 ") if personal else ("110", "2 ")
    return ("700", "1 ") if personal else ("710", "2 ")


def reference_to_record(ref: Reference, scheme: str = "ala-lc"):
    """A MARC 21 record of ``ref`` (a copy is enriched, ``ref`` is not changed)."""
    import copy

    from pymarc import Field, Leader, Record

    from .forms import fill_forms

    r = copy.deepcopy(ref)
    r.ensure_id()
    fill_forms(r, scheme)
    latin = {n: _latin(r, n) for n in ("title", "container", "place", "publisher", "edition",
                                       "series")}
    persian = {n: _persianf(r, n) for n in latin}
    level = {"chapter": "a", "article": "b", "book": "m", "thesis": "m", "report": "m"}.get(
        r.type, "m")
    record = Record(force_utf8=True, leader=Leader(f"00000na{level} a2200000 i 4500"))
    record.add_field(Field(tag="001", data=r.id))
    record.add_field(Field(tag="008", data=_fixed_field(r)))
    b = _Builder()
    authors_l, authors_p = _names(r, "authors")
    for k, (name_l, name_p) in enumerate(zip(authors_l, authors_p)):
        tag, ind = _name_tag(name_l, k == 0)
        b.pair(tag, ind, [("a", name_l + ",")] + ([("e", "author.")] if k else []),
               [("a", name_p + "،")] + ([("e", "author.")] if k else []) if name_p else None)
    editors_l, editors_p = _names(r, "editors")
    main_entry = bool(authors_l)
    title_l, title_p = latin["title"], persian["title"]
    if title_l or title_p:
        ind = ("1" if main_entry else "0") + "0"
        b.pair("245", ind, _title_subfields(title_l or title_p),
               _title_subfields(title_p) if title_p else None)
    if r.title_en:
        b.pair("246", "31", [("a", r.title_en)], None)
    if latin["edition"]:
        b.pair("250", "  ", [("a", latin["edition"])],
               [("a", persian["edition"])] if persian["edition"] else None)
    if latin["place"] or latin["publisher"] or r.year:
        def imprint(place: str, publisher: str) -> list[tuple[str, str]]:
            subs = []
            if place:
                subs.append(("a", place + (" :" if publisher else ",")))
            if publisher:
                subs.append(("b", publisher + ("," if r.year else "")))
            if r.year:
                subs.append(("c", r.year))
            return subs
        b.pair("264", " 1", imprint(latin["place"], latin["publisher"]),
               imprint(persian["place"] or latin["place"], persian["publisher"] or latin["publisher"])
               if persian["place"] or persian["publisher"] else None)
    if latin["series"]:
        def series(text: str) -> list[tuple[str, str]]:
            title, sep, volume = text.rpartition(" ; ")
            return [("a", title + " ;"), ("v", volume)] if sep else [("a", text)]
        b.pair("490", "0 ", series(latin["series"]),
               series(persian["series"]) if persian["series"] else None)
    if r.note:
        b.fields.append(_field("500", "  ", [("a", r.note)]))
    for k, (name_l, name_p) in enumerate(zip(editors_l, editors_p)):
        tag, ind = _name_tag(name_l, False)
        b.pair(tag, ind, [("a", name_l + ","), ("e", "editor.")],
               [("a", name_p + "،"), ("e", "editor.")] if name_p else None)
    if latin["container"]:
        parts = []
        if r.volume:
            parts.append(f"Vol. {r.volume}")
        if r.issue:
            parts.append(f"no. {r.issue}")
        if r.pages:
            parts.append(f"p. {r.pages}")
        g = [("g", ", ".join(parts))] if parts else []
        b.pair("773", "0 ", [("t", latin["container"])] + g,
               [("t", persian["container"])] + g if persian["container"] else None)
    if r.url:
        b.fields.append(_field("856", "40", [("u", r.url)]))
    if b.alternates:
        record.add_field(_field("066", "  ", [("c", ARABIC)]))
    for f in b.fields + b.alternates:
        record.add_field(f)
    return record


def _fixed_field(r: Reference) -> str:
    """008: date type and dates (06-14), language (35-37). 008 dates are Gregorian: a solar
    year (before 1500 in a Persian record, 1351) is a questionable date spanning its two
    Gregorian years (type q, 1972-1973), as its months straddle them; the year as written stays
    in 264 $c."""
    digits = (r.year or "").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    if re.fullmatch(r"\d{4}", digits):
        y = int(digits)
        dates = f"q{y + 621}{y + 622}" if y < 1500 and r.language == "fa" else f"s{y}    "
    else:
        dates = "n        "
    lang = _MARC_LANG.get(r.language, (r.language or "und")[:3].ljust(3))
    return f"000000{dates}xx            000 0 {lang} d"


def _latin(r: Reference, name: str) -> str:
    from .forms import latin_form

    return latin_form(r, name)


def _persianf(r: Reference, name: str) -> str:
    value = getattr(r, name)
    if value and _persian(value):
        return value
    return getattr(r, name + "_fa")


def _names(r: Reference, name: str) -> tuple[list[str], list[str]]:
    """The names in Latin script and (aligned, or empty strings) in Persian script."""
    names = getattr(r, name)
    if names and all(_persian(n) for n in names):
        latin = getattr(r, name + "_latin")
        if len(latin) == len(names):
            return latin, names
        from .names import romanize_name
        return [romanize_name(n) for n in names], names
    fa = getattr(r, name + "_fa")
    return names, fa if len(fa) == len(names) else [""] * len(names)


def to_marc(refs: Iterable[Reference], scheme: str = "ala-lc") -> bytes:
    """ISO 2709 records (UTF-8)."""
    return b"".join(reference_to_record(r, scheme).as_marc() for r in refs)


def to_marcxml(refs: Iterable[Reference], scheme: str = "ala-lc") -> bytes:
    """A MARCXML collection (UTF-8)."""
    return records_to_marcxml(reference_to_record(r, scheme) for r in refs)


def records_to_marcxml(records) -> bytes:
    from pymarc import record_to_xml

    body = b"\n".join(record_to_xml(rec, namespace=False) for rec in records)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n' + body + b"\n</collection>\n")


# ---------------------------------------------------------------------------------------------
# Enriching a record read from a file

def _convert_subfields(tag: str, subfields: list[tuple[str, str]], to_latin: bool,
                       scheme: str) -> list[tuple[str, str]]:
    from .forms import persianize_text, romanize_text
    from .names import persianize_name, romanize_name

    text_codes, name_codes = _TEXT_CODES.get(tag, ""), _NAME_CODES.get(tag, "")
    out = []
    for code, value in subfields:
        if code == "6":
            continue
        if to_latin:
            value = value.translate(_TO_LATIN_MARKS)
        if code in text_codes or code in name_codes:
            core = _TRAILING.sub("", value)
            tail = value[len(core):]
            if code in name_codes:
                core = romanize_name(core, scheme) if to_latin else persianize_name(core)
            else:
                core = romanize_text(core, scheme) if to_latin else persianize_text(core)
            value = core + tail
        out.append((code, value))
    return out


_TO_LATIN_MARKS = str.maketrans("۰۱۲۳۴۵۶۷۸۹،؛؟", "0123456789,;?")


def enrich_record(record, scheme: str = "ala-lc") -> list[str]:
    """Add an 880 to each field of :data:`TAGS` that has none, holding the other script (Persian
    for a romanized field of a Persian work, the romanization for a Persian-script field), with
    the $6 linkage in both, and 066 when Arabic script is new to the record. Nothing else changes.
    Returns a description of each field added (``"880 245-01"``)."""
    from pymarc import Subfield

    ref, _ = record_to_reference(record)
    from .forms import is_persian_record

    persian_work = is_persian_record(ref)
    used = {int(link[1]) for f in record.get_fields(*TAGS, "880")
            if (link := _linkage(f)) is not None and link[1].isdigit()}
    n = max(used, default=0)
    added: list[str] = []
    # a tag with an unlinked 880 (occurrence 00) has its parallel already, unlinked
    unlinked = {link[0] for f in record.get_fields("880")
                if (link := _linkage(f)) is not None and link[1] == "00"}
    for field in list(record.fields):
        if field.tag not in TAGS or field.tag in unlinked or _linkage(field) is not None:
            continue
        subs = _pairs(field)
        text = " ".join(v for c, v in subs if c in _TEXT_CODES.get(field.tag, "")
                        + _NAME_CODES.get(field.tag, ""))
        if not text.strip():
            continue
        if _persian(text):
            to_latin, script = True, LATIN
        elif persian_work:
            to_latin, script = False, ARABIC + "/r"
        else:
            continue
        converted = _convert_subfields(field.tag, subs, to_latin, scheme)
        if converted == [(c, v) for c, v in subs if c != "6"]:
            continue
        n += 1
        occ = f"{n:02d}"
        field.subfields.insert(0, Subfield("6", f"880-{occ}"))
        ind = "".join(field.indicators) if field.indicators else "  "
        record.add_ordered_field(_field("880", ind, [("6", f"{field.tag}-{occ}/{script}")]
                                        + converted))
        added.append(f"880 {field.tag}-{occ}")
    if added and record.get("066") is None and any(
            _persian(v) for f in record.fields if not f.is_control_field() for _, v in _pairs(f)):
        record.add_ordered_field(_field("066", "  ", [("c", ARABIC)]))
        added.append("066 $c (3")
    return added
