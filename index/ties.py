"""Tie-breaking among search candidates of the same score, the same for every engine: the record
whose title or an author is spelled most like the query's matched words comes first, then the
shorter record, then the one added first (see :func:`break_ties`)."""
from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz.distance import Indel

from translit import keys

from .query import Plan


def _record_forms(query_persian: bool, data: dict) -> list[str]:
    """A record's title and authors in the query's script, as compared for tie-breaking: its own
    forms when they are in the query's script, else the display forms made at indexing."""
    ref = data.get("ref", {})
    own = ref.get("title") or ""
    if keys.is_persian(own) == query_persian:
        title = own
    else:
        title = data.get("title_fa" if query_persian else "title_latin") or ""
    authors = data.get("authors_fa" if query_persian else "authors_latin") or []
    return [title, *authors]


_LATIN_MARKS = re.compile("[\u0300-\u0303\u0305-\u036f'`´ʹʻʼʽʾʿ‘’\\-‐‑]")
_SHORT_VOWELS = str.maketrans("eo", "iu")


def _latin_spelling(word: str) -> str:
    """A Latin word as compared for tie-breaking: lower case, the length marks kept (Jāmiʻ and
    Jamīʻ are two words), the dots, ʻayn and hamzah marks and hyphens dropped, and the Iranian
    short vowels e, o read as ALA-LC's i, u (the display romanization of a Persian record is
    Iranian, a catalogue's is ALA-LC)."""
    w = unicodedata.normalize("NFD", word.casefold())
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", w)).translate(_SHORT_VOWELS)


def _spelling(ws: list[str], persian: bool) -> str:
    """Words in one script as compared for tie-breaking (see :func:`_latin_spelling`)."""
    # each step works letter by letter, so on the joined words at once
    kept = " ".join(w for w in ws if keys.is_persian(w) == persian)
    return kept.replace(keys.ZWNJ, "") if persian else _latin_spelling(kept)


def break_ties(p: Plan, rows: list, limit: int) -> list:
    """Among records of the same score, the one whose title (or an author) is spelled most like the
    query comes first (then the shorter, then the one added first): two catalogue records of one
    work often differ by a letter (نه سپهر, نوه سپهر), and the words of each match the query at
    the same level. Rows are the engines' candidates, sorted by score; the first ``limit`` rows
    returned are in this order (the rest are past the results)."""
    if len(rows) < 2:
        return rows
    words = [w.word for w in p.analysis.words]
    persian = sum(keys.is_persian(w) for w in words) * 2 >= len(words)
    out: list = []
    i = 0
    while i < len(rows) and len(out) < limit:
        j = i
        while j < len(rows) and rows[j][0] == rows[i][0]:
            j += 1
        group = rows[i:j]
        if len(group) > 1:
            # the query words that matched (a word nothing matched, title: or a typo, is no guide)
            q = _spelling([w for k, w in enumerate(words) if any(r[4][k] for r in group)], persian)
            group = _closest_first(q, group, persian)
        out.extend(group)
        i = j
    return out + rows[i:]


def _closest_first(q: str, group: list, persian: bool) -> list:
    """The rows of one score ordered by how closely a title or author is spelled like ``q`` (then
    shorter, then added first). The similarity is the best over a row's forms of the normalized
    Indel similarity (1 - insertions and deletions / both lengths, so 2 x the longest common
    subsequence / both lengths), computed by rapidfuzz in C."""
    scored = []
    for r in group:
        forms = [_form_spelling(f, persian) for f in _record_forms(persian, r[3])]
        sim = max((_similarity(q, f) for f in forms), default=0.0)
        scored.append(((-round(sim, 6), r[1], r[2]), r))
    scored.sort(key=lambda kr: kr[0])
    return [r for _, r in scored]


def _similarity(a: str, b: str) -> float:
    """How alike two spellings are, from 0 to 1 (1 for the same, also for two empty ones)."""
    return Indel.normalized_similarity(a, b)


@functools.lru_cache(maxsize=1 << 16)
def _form_spelling(text: str, persian: bool) -> str:
    return _spelling(keys.words(text), persian)
