"""Tie-breaking among search candidates of the same score, the same for every engine: the record
whose title or an author is spelled most like the query's matched words comes first, then the
shorter record, then the one added first (see :func:`break_ties`)."""
from __future__ import annotations

import bisect
import difflib
import functools
import heapq
import re
import threading
import unicodedata
from collections import Counter, OrderedDict

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
    return " ".join(w.replace(keys.ZWNJ, "") if persian else _latin_spelling(w)
                    for w in ws if keys.is_persian(w) == persian)


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
            group = _closest_first(q, group, persian, limit - len(out))
        out.extend(group)
        i = j
    return out + rows[i:]


def _closest_first(q: str, group: list, persian: bool, need: int) -> list:
    """The rows of one score ordered by how closely a title or author is spelled like ``q`` (then
    shorter, then added first); only the first ``need`` are sure to be in order. The similarity is
    difflib's ratio, the best over a row's forms. It is computed only for the rows that may come
    among the first ``need``: each row is taken in the order of an upper bound of its similarity,
    made tighter step by step (from the lengths alone, then the letters the two share, then the
    ratio itself, each never below the next), and the rows whose bound falls below the ``need``-th
    similarity found are never compared further."""
    lq = len(q)
    qcount: Counter | None = None
    rows: list[tuple[list[str], list[float], list[int], object]] = []
    heap: list[tuple[float, int]] = []
    for n, r in enumerate(group):
        forms = [_form_spelling(f, persian) for f in _record_forms(persian, r[3])]
        bounds = [_ratio(min(lq, len(f)), lq + len(f)) for f in forms]
        rows.append((forms, bounds, [0] * len(forms), r))
        heap.append((-max(bounds), n))
    heapq.heapify(heap)
    done: list = []          # (key, row) of the rows whose similarity is known
    best: list = []          # their keys, sorted
    while heap:
        top, n = heap[0]
        if len(best) >= need and round(-top, 6) < -best[need - 1][0]:
            break            # this row and every other left is less similar than the first `need`
        forms, bounds, levels, r = rows[n]
        k = max(range(len(forms)), key=bounds.__getitem__)
        if levels[k] == 2:   # the highest bound is a similarity: the row's
            heapq.heappop(heap)
            key = (-round(bounds[k], 6), r[1], r[2])
            done.append((key, r))
            bisect.insort(best, key)
            continue
        if levels[k] == 0:
            if qcount is None:
                qcount = Counter(q)
            shared = sum((qcount & _letters(forms[k])).values())
            bounds[k] = min(bounds[k], _ratio(shared, lq + len(forms[k])))
        else:
            matcher = _matcher(forms[k])
            matcher.set_seq1(q)
            bounds[k] = matcher.ratio()
        levels[k] += 1
        heapq.heapreplace(heap, (-max(bounds), n))
    done.sort(key=lambda kr: kr[0])
    return [r for _, r in done] + [rows[n][3] for _, n in sorted(heap)]


def _ratio(matches: int, length: int) -> float:
    """difflib's ratio of ``matches`` matched letters in two strings of ``length`` together."""
    return 2.0 * matches / length if length else 1.0


@functools.lru_cache(maxsize=1 << 14)
def _letters(form: str) -> Counter:
    return Counter(form)


_MATCHERS = threading.local()
MATCHERS = 8192      # per thread: the records of common words come up in search after search


def _matcher(form: str) -> difflib.SequenceMatcher:
    """A SequenceMatcher against a record's form (its index of the form's letters made once)."""
    cache = getattr(_MATCHERS, "cache", None)
    if cache is None:
        cache = _MATCHERS.cache = OrderedDict()
    m = cache.get(form)
    if m is None:
        m = cache[form] = difflib.SequenceMatcher(None, "", form, autojunk=False)
        if len(cache) > MATCHERS:
            cache.popitem(last=False)
    else:
        cache.move_to_end(form)
    return m


@functools.lru_cache(maxsize=1 << 16)
def _form_spelling(text: str, persian: bool) -> str:
    return _spelling(keys.words(text), persian)
