"""The other script's form of a reference's fields: what ``peyvand enrich`` and the MARC writer add.

For each text field (title, container, place, publisher, edition, series) a reference may hold the
form its source wrote (``title``) and the forms in Persian script (``title_fa``) and in Latin
romanization (``title_latin``); names are lists (``authors``, ``authors_fa``, ``authors_latin``,
and the same for editors). :func:`fill_forms` adds the missing one: a Persian-script field gets its
romanization (:func:`translit.romanize`, names through :func:`index.names.romanize_name`), and a
romanized title, container, place or name of a Persian-language record gets its Persian script
(:func:`translit.persianize`, :func:`index.names.persianize_name`). Fields of records in other languages (an English title) are
left alone; nothing the source gave is changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .reference import Reference
from .readers.base import has_arabic_script as _persian

TEXT_FIELDS = ("title", "container", "place", "publisher", "edition", "series")
NAME_FIELDS = ("authors", "editors")
# Latin -> Persian only for these: a Persian work's publisher or series is often given in English
# ("Tehran International Studies and Research Institute"), which has no Persian spelling to guess.
PERSIANIZED = ("title", "container", "place")
DEFAULT_SCHEME = "ala-lc"



def is_persian_record(ref: Reference) -> bool:
    """Whether the reference is a Persian work: its language is Persian, or its title or first
    author is in Persian script."""
    if ref.language == "fa":
        return True
    if ref.language and ref.language not in ("", "und"):
        return False
    return _persian(ref.title) or any(_persian(a) for a in ref.authors[:1])


_ENGLISH_WORDS = frozenset("the of and in on for to with from between after before an a by at "
                           "its their new toward towards".split())
_EZAFE = re.compile(r"\w-(?:e|ye|i|yi|ʼi|'i)\b|\b(?:va|dar|bā|ba|az|be|beh|bih)\b", re.I)


def looks_english(text: str) -> bool:
    """Latin text that is English rather than romanized Persian: no transliteration marks, and an
    English function word or Title Case without an ezafe ("Iran-Russia Relations Prospects").
    Such a field of a Persian work (a journal's English name) is not persianized."""
    if any(ord(ch) > 0x7F and ch.isalpha() for ch in text) or "ʹ" in text:
        return False
    words = re.findall(r"[A-Za-z']+", text)
    if not words:
        return False
    if any(w.lower() in _ENGLISH_WORDS for w in words):
        return True
    capitals = sum(w[0].isupper() for w in words)
    return len(words) >= 2 and capitals >= 0.8 * len(words) and not _EZAFE.search(text)


def romanize_text(text: str, scheme: str = DEFAULT_SCHEME) -> str:
    """A title or place in Latin script, its first word capitalized as ALA-LC rule 11 does
    (:func:`translit.capitals.capitalize_title`)."""
    import translit
    from translit.capitals import capitalize_title

    return capitalize_title(translit.romanize(text, scheme)) if text else ""


def persianize_text(text: str, scheme: str | None = None) -> str:
    import translit

    return translit.persianize(text, scheme) if text else ""


def latin_form(ref: Reference, name: str, scheme: str = DEFAULT_SCHEME) -> str:
    """The field in Latin script: the source's own, else a romanization of its Persian form."""
    value = getattr(ref, name)
    if value and not _persian(value):
        return value
    given = getattr(ref, name + "_latin")
    if given:
        return given
    persian = value or getattr(ref, name + "_fa")
    return romanize_text(persian, scheme) if persian else ""


def persian_form(ref: Reference, name: str, scheme: str | None = None) -> str:
    """The field in Persian script: the source's own, else (for Persian works) a persianization."""
    value = getattr(ref, name)
    if value and _persian(value):
        return value
    given = getattr(ref, name + "_fa")
    if given or not value or not is_persian_record(ref):
        return given
    return persianize_text(value, scheme)


@dataclass
class Added:
    """One form :func:`fill_forms` added: the field (``title_latin``) and its value(s)."""

    field: str
    value: str | list[str]


def fill_forms(ref: Reference, scheme: str = DEFAULT_SCHEME,
               persian_scheme: str | None = None) -> list[Added]:
    """Add the missing script form of every field of ``ref`` in place; return what was added.

    ``scheme`` is the romanization written (default ALA-LC, the catalogs' own); ``persian_scheme``
    the romanization the source used, when it is known (else detected word by word).
    """
    from .names import persianize_name, romanize_name

    added: list[Added] = []
    persian_record = is_persian_record(ref)
    for name in TEXT_FIELDS:
        value = getattr(ref, name)
        if not value:
            continue
        if _persian(value):
            if not getattr(ref, name + "_latin"):
                form = romanize_text(value, scheme)
                if form:
                    setattr(ref, name + "_latin", form)
                    added.append(Added(name + "_latin", form))
        elif persian_record and name in PERSIANIZED and not getattr(ref, name + "_fa") \
                and not looks_english(value):
            form = persianize_text(value, persian_scheme)
            if form:
                setattr(ref, name + "_fa", form)
                added.append(Added(name + "_fa", form))
    for name in NAME_FIELDS:
        names = getattr(ref, name)
        if not names:
            continue
        if all(_persian(n) for n in names):
            target, convert = name + "_latin", (lambda n: romanize_name(n, scheme))
        elif persian_record and not any(_persian(n) for n in names):
            target, convert = name + "_fa", (lambda n: persianize_name(n, persian_scheme))
        else:
            continue
        if getattr(ref, target):
            continue
        forms = [convert(n) for n in names]
        if all(forms):
            setattr(ref, target, forms)
            added.append(Added(target, forms))
    return added
