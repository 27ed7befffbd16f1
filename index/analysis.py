"""What the index stores for a reference: its matching terms (through translit.keys, the path queries
take too), its title in both scripts for display, and English stems for translated titles."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from translit import keys

from .reference import Reference
from .schema import ENGLISH, EXACT, HASH, KEY_FA, KEY_LATIN, LANG, LOOSE, SCRIPT, TERM_FIELDS, TRANS, term

_LEVEL_FIELD = {"exact": EXACT, "trans": TRANS, "loose": LOOSE, "key_persian": KEY_FA,
                "key_latin": KEY_LATIN}
_LATIN_WORD = re.compile(r"[^\W\d_]+")


_NONE = object()
_REF_DEFAULTS = vars(Reference())


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    from whoosh.lang.porter import stem
    return stem(word)


def english_stems(text: str) -> list[str]:
    """Porter stems of the Latin words of ``text`` (folded to ASCII), for English matching."""
    out = []
    for w in _LATIN_WORD.findall(text):
        f = keys.fold_latin(w)
        if len(f) > 1 and f.isascii():
            out.append(_stem(f))
    return out


def matched_texts(ref: Reference) -> list[str]:
    """The fields searched across scripts: titles, authors, editors, container."""
    texts = [ref.title, ref.title_fa, ref.container]
    texts += ref.authors + ref.authors_fa + ref.editors
    return [t for t in texts if t]


@dataclass
class Display:
    title_fa: str
    title_latin: str
    script: str
    authors_fa: list[str] = field(default_factory=list)      # each author in Persian script
    authors_latin: list[str] = field(default_factory=list)   # ... and romanized


def display_authors(ref: Reference) -> tuple[list[str], list[str]]:
    """Every author in both scripts: the source's own parallel forms where it gives them, else a
    Persian-script name romanized as a name heading and a romanized name of a Persian record
    persianized (:mod:`index.names`, the path of every reader, writer and ``enrich``)."""
    from .names import persianize_name, romanize_name

    fa, latin = [], []
    for k, name in enumerate(ref.authors):
        given_fa = ref.authors_fa[k] if k < len(ref.authors_fa) else ""
        given_latin = ref.authors_latin[k] if k < len(ref.authors_latin) else ""
        if keys.is_persian(name):
            fa.append(name)
            latin.append(given_latin or _safe(lambda n: romanize_name(n, "citation"), name))
        else:
            latin.append(name)
            fa.append(given_fa or (_safe(persianize_name, name) if ref.language == "fa" else ""))
    return fa, latin


def persianizes_title(ref: Reference) -> bool:
    """Whether the title is romanized Persian with no Persian form given: its display form is then
    made by the back-transliterator (when the reference is added)."""
    return bool(ref.language == "fa" and ref.title and not ref.title_fa
                and not keys.is_persian(ref.title))


def display_titles(ref: Reference, full: bool = False) -> Display:
    """The title in Persian script and in Latin script (the source's own forms when it has them).

    A Persian title is romanized by :func:`translit.romanize`, the phrase-level romanizer of
    ``peyvand romanize`` (ezafe and the Arabic element included), so search results, ``show`` and
    exports show what the command prints; ``full`` is kept for callers and changes nothing. A
    romanized title is persianized by
    :func:`translit.persianize`, which is word by word anyway and keeps the writer's primes (ZWNJ)
    and written ezafe (-hā-ye -> های). Indexing stores both forms, so a search never loads the
    back-transliterator just to show its hits: persianizing a new word costs a few milliseconds
    and its word list a quarter of a second to load, which a one-shot search would pay on every
    call, while an add pays once per distinct word.
    """
    import translit

    title = ref.title
    authors = display_authors(ref)
    if keys.is_persian(title):
        return Display(title, _safe(translit.romanize, title), "persian", *authors)
    if ref.title_fa:
        return Display(ref.title_fa, title, "latin", *authors)
    if persianizes_title(ref):
        return Display(_safe(translit.persianize, title), title, "latin", *authors)
    return Display("", title, "latin" if title else "none", *authors)


def _safe(fn, text: str) -> str:
    try:
        return fn(text)
    except Exception:     # display only: a transliteration failure must not stop indexing
        return ""


def document(ref: Reference) -> tuple[str, Display]:
    """The terms of a reference (space-joined, level-prefixed) and its display titles."""
    terms: dict[str, list[str]] = {f: [] for f in TERM_FIELDS}
    cands = 0      # see below: the Persian spellings of a record's words are not indexed
    for text in matched_texts(ref):
        for level, items in keys.analyze(text, candidates=cands).terms().items():
            # A record's own transliterations are not indexed: the query's transliteration meets
            # the record's words, and the record's romanization is in its loose forms; indexing
            # both directions measured no better on the evaluators and costs a fifth more postings.
            if level != "trans":
                terms[_LEVEL_FIELD[level]].extend(items)
    if ref.year:
        terms[EXACT].extend(re.findall(r"\d{4}", keys.normalize_text(ref.year)))
    # English stems for translated titles, and for the record's own text unless it is romanized
    # Persian (stemming "rāvābet" only adds noise)
    english = [ref.title_en, ref.container_en]
    if ref.language != "fa":
        english += [ref.title, ref.container]
    for text in english:
        if text and not keys.is_persian(text):
            terms[ENGLISH].extend(english_stems(text))
    display = display_titles(ref)
    terms[SCRIPT] = [display.script]
    terms[LANG] = [ref.language or "und"]
    return " ".join(dict.fromkeys(term(f, t) for f, v in terms.items() for t in v)), display


def index_document(ref: Reference) -> dict:
    """What every engine stores for a reference: its id, its terms (space-joined, level-prefixed,
    see :func:`document`), its record length in words (ties go to shorter records) and the
    reference with its display titles as JSON. The one analysis for Whoosh and Solr alike."""
    import json

    terms, display = document(ref)
    # the record's length, which breaks ties (a whole-title query puts that title ahead of longer
    # ones containing it): its title's words, else its words' exact terms
    n = len(keys.words(ref.title or ref.title_fa)) or terms.count(" " + term(EXACT, "")) + 1
    if ref.content_hash:        # a key peyvand made: the index finds the work's key by its hash
        terms += " " + term(HASH, ref.content_hash)
    # the reference's fields that differ from a new Reference's (Reference.from_dict gives the rest
    # their defaults), which most of them do not: a third of the bytes to store, send and read
    # back; vars(ref), not dataclasses.asdict's deep copy (10x slower)
    stored = {k: v for k, v in vars(ref).items() if k == "id" or v != _REF_DEFAULTS.get(k, _NONE)}
    data = {"ref": stored, "title_fa": display.title_fa,
            "title_latin": display.title_latin, "authors_fa": display.authors_fa,
            "authors_latin": display.authors_latin, "n": n}
    return {"id": ref.id, "terms": terms, "n": n, "data": json.dumps(data, ensure_ascii=False)}
