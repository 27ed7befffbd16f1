"""Query handling: a query goes through translit.keys like an indexed text, and documents are scored
by how well each query word matched them.

Each query word earns the value of its best matching level:

    14  exact       the same normalized word (same script)
    13  translit    the query word's transliteration is the document's word (the document's
                    own romanization shows in its loose forms); or the same English stem
    12  loose       same vowelled Latin form once e/i, o/u, q/gh, -eh/-ah... are folded
    11  key         same consonant skeleton, across scripts
     6  key         same skeleton, same script (two spellings that differ beyond the loose folding
                    are more often two words than one word misspelt)
     5  fuzzy       one edit away from a loose form, only for words nothing else matched

A document's score is the sum over the query words. Every level is worth at least 5 (most at least
10), so a record that has all the words, however spelled, outranks one that has fewer spelled
exactly, and among those, exact and transliterated matches beat skeleton matches. Adjacent query
words also match as one word (and one document word matches two query words) at the loose and key
levels. Ties go to shorter records.

Postings are read straight from Whoosh. Terms found in very many documents (a common skeleton, the
romanization of "va") do not generate candidates; they are only checked on the candidates others found.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from translit import keys

from .analysis import english_stems
from .schema import ENGLISH, EXACT, KEY_FA, KEY_LATIN, LOOSE, TERMS
from .schema import term as indexed

W_EXACT, W_TRANS, W_LOOSE, W_KEY, W_KEY_SAME, W_FUZZY = 14.0, 13.0, 12.0, 11.0, 6.0, 5.0
W_PART = 3.0                  # taken off when only a part of a compound matched
QUERY_CANDIDATES = 1          # Persian spellings tried per Latin query word (more cost time, gain nothing measurable)
COMMON_SHARE = 0.04           # terms in more than this share of documents do not make candidates
COMMON_MIN = 2000


@dataclass
class Plan:
    """A query's words and, for each (field, term), the (word indexes, weight) it stands for."""

    analysis: keys.Analysis
    terms: dict[tuple[str, str], list[tuple[tuple[int, ...], float]]] = field(default_factory=dict)
    # (field, key of part 1, key of part 2, word index, weight): one word as two document words
    splits: list[tuple[str, str, str, int, float]] = field(default_factory=list)

    @property
    def n_words(self) -> int:
        return len(self.analysis.words)

    def add(self, fieldname: str, term: str, idx: tuple[int, ...], weight: float) -> None:
        if term:
            self.terms.setdefault((fieldname, term), []).append((idx, weight))


class _Parts:
    """The part forms of a word, with the attribute names of its whole forms."""

    def __init__(self, w: keys.WordForms) -> None:
        self.exact, self.trans, self.loose, self.key = w.parts


def _known(reader, w: keys.WordForms) -> bool:
    """Whether the index has the word itself (no need to persianize it). Its loose form alone is
    not enough: a record's romanization that folds alike may be another word (lamʻat for lamaʻāt),
    and the Persian record the query means is found only through the query's Persian spelling."""
    return any(_df(reader, EXACT, t) for t in w.exact)


def _df(reader, level: str, text: str) -> int:
    """How many documents have ``text`` at ``level``."""
    return reader.doc_frequency(TERMS, indexed(level, text))


def plan(query: str, reader=None) -> Plan:
    """Turn a query string into weighted terms (the same analysis as indexing).

    A Latin word is persianized (its Persian spelling looked up among the records' words) only when
    the index does not have the word itself: persianizing costs several milliseconds per new word
    (words seen before are remembered), and a word the index has is matched already. Without a
    ``reader`` every Latin word is persianized.
    """
    an = keys.analyze(query, candidates=0)
    if any(w.script == "latin" and (reader is None or not _known(reader, w)) for w in an.words):
        scheme = keys.latin_scheme([w.word for w in an.words])
        words = [keys.word_forms(w.word, QUERY_CANDIDATES, scheme)
                 if w.script == "latin" and (reader is None or not _known(reader, w)) else w
                 for w in an.words]
        an = keys.Analysis(tuple(words), an.pair_loose, an.pair_key, scheme)
    p = Plan(an)
    for i, w in enumerate(an.words):
        idx = (i,)
        # whole-word forms at full weight, a compound's parts a little lower (a query کاظم‌زاده
        # prefers a record with the whole name to one with only زاده)
        for forms, cut in ((w, 0.0), (_Parts(w), W_PART)):
            for t in forms.exact:
                p.add(EXACT, t, idx, W_EXACT - cut)
            for t in forms.trans:
                p.add(EXACT, t, idx, W_TRANS - cut)
            for t in forms.loose:
                p.add(LOOSE, t, idx, W_LOOSE - cut)
            if w.script in ("persian", "latin"):
                same, other = (KEY_FA, KEY_LATIN) if w.script == "persian" else (KEY_LATIN, KEY_FA)
                for t in forms.key:
                    p.add(other, t, idx, W_KEY - cut)
                    p.add(same, t, idx, W_KEY_SAME - cut)
        if w.script in ("persian", "latin"):
            for a, b in keys.key_splits(w.key_join):
                p.splits.append((other, a, b, i, W_KEY))
                p.splits.append((same, a, b, i, W_KEY_SAME))
            # a compound's two parts as two words of the document, matched as the whole word
            # (Shāh'nāmah for شاه نامه): the parts' own forms, then their Persian spellings
            if len(w.parts[2]) == 2:
                p.splits.append((LOOSE, *w.parts[2], i, W_LOOSE))
            spelt = keys.part_spellings(w, an.scheme)
            if spelt is not None:
                p.splits.append((EXACT, *spelt, i, W_TRANS))
        if w.script == "latin":
            for t in english_stems(w.word):
                p.add(ENGLISH, t, idx, W_TRANS)
    for i, (pl, pk) in enumerate(zip(an.pair_loose, an.pair_key)):
        p.add(LOOSE, pl, (i, i + 1), W_LOOSE)
        a, b = an.words[i].script, an.words[i + 1].script
        if a == b and a in ("persian", "latin"):
            same, other = (KEY_FA, KEY_LATIN) if a == "persian" else (KEY_LATIN, KEY_FA)
            p.add(other, pk, (i, i + 1), W_KEY)
            p.add(same, pk, (i, i + 1), W_KEY_SAME)
    return p


def _leaf_ids(matcher) -> Iterator[int]:
    """All document numbers of one segment's postings, a block at a time when the codec allows."""
    read_ids = getattr(matcher, "_read_ids", None)
    if read_ids is None or not hasattr(matcher, "_next_block"):
        yield from matcher.all_ids()
        return
    # Whoosh's generic all_ids() steps one posting at a time; whole blocks are ~20x faster.
    while matcher.is_active():
        read_ids()
        yield from matcher._ids[matcher._i:]
        matcher._next_block()


def posting_ids(reader, fieldname: str, term: str) -> list[int]:
    """Live document numbers containing ``term`` at level ``fieldname``."""
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.reading import TermNotFound

    out: list[int] = []
    for sub, base in reader.leaf_readers():
        try:
            m = sub.postings(TERMS, indexed(fieldname, term))
        except TermNotFound:
            continue
        if isinstance(m, FilterMatcher):
            deleted = m._ids
            child = m.child
            child.reset()
            ids: Iterable[int] = (d for d in _leaf_ids(child) if d not in deleted)
        else:
            ids = _leaf_ids(m)
        out.extend(d + base for d in ids) if base else out.extend(ids)
    return out


def _contains(reader, fieldname: str, term: str, docs: list[int]) -> set[int]:
    """Which of the (sorted) ``docs`` contain the term: skips through the postings, reads little."""
    from whoosh.reading import TermNotFound

    found: set[int] = set()
    for sub, base in reader.leaf_readers():
        end = base + sub.doc_count_all()
        mine = [d - base for d in docs if base <= d < end]
        if not mine:
            continue
        try:
            m = sub.postings(TERMS, indexed(fieldname, term))
        except TermNotFound:
            continue
        for d in mine:
            if not m.is_active():
                break
            m.skip_to(d)
            if m.is_active() and m.id() == d:
                found.add(d + base)
    return found


@dataclass
class Scored:
    docnum: int
    score: float
    per_word: list[float]


@dataclass
class Selection:
    """Which of a plan's terms make candidates, given their document frequencies.

    Terms in very many documents (more than ``max(COMMON_MIN, COMMON_SHARE x documents)``) are
    ``deferred``: they do not make candidates (reading their postings would cost more than all the
    others), and are only checked on the candidates the others found; unless every matching term is
    that common, when the rarest of them makes candidates after all. A split whose two parts are both
    that common is left out. ``unmatched`` are the words no term matched (the fuzzy fallback's)."""

    active: list[tuple[str, str, list[tuple[tuple[int, ...], float]]]]
    deferred: list[tuple[str, str, list[tuple[tuple[int, ...], float]]]]
    splits: list[tuple[str, str, str, int, float]]
    unmatched: list[int]


def common_limit(total: int) -> int:
    """Document frequency above which a term is deferred, in an index of ``total`` documents."""
    return max(COMMON_MIN, int(max(total, 1) * COMMON_SHARE))


def select_terms(p: Plan, df, total: int) -> Selection:
    """The plan's terms that make candidates and those deferred, from ``df(field, term)`` (how many
    of the ``total`` documents hold a term). The one rule for every engine."""
    common = common_limit(total)
    active: list = []
    deferred: list = []
    found_any = [False] * p.n_words
    for (fname, t), entries in p.terms.items():
        n = df(fname, t)
        if not n:
            continue
        for idx, _ in entries:
            for i in idx:
                found_any[i] = True
        (deferred if n > common else active).append((fname, t, entries))
    if not active and deferred:
        # a query whose every term is common still has to find candidates somewhere
        rarest = min(deferred, key=lambda d: df(d[0], d[1]))
        deferred.remove(rarest)
        active.append(rarest)
    splits = []
    for s in p.splits:
        dfa, dfb = df(s[0], s[1]), df(s[0], s[2])
        if dfa and dfb and min(dfa, dfb) <= common:
            splits.append(s)
    return Selection(active, deferred, splits, [i for i in range(p.n_words) if not found_any[i]])


def score_documents(reader, p: Plan, limit: int) -> list[Scored]:
    """The best ``limit`` documents for a plan, best first (ties: shorter records first)."""
    n = p.n_words
    if n == 0 or not p.terms:
        return []
    sel = select_terms(p, lambda f, t: _df(reader, f, t), reader.doc_count_all())
    # per word: docnum -> best weight; filled lowest weight first so dict.update keeps the best
    per_word: list[dict[int, float]] = [dict() for _ in range(n)]
    jobs: list[tuple[float, tuple[int, ...], str, str]] = [
        (weight, idx, fname, term) for fname, term, entries in sel.active
        for idx, weight in entries]
    for i in sel.unmatched:
        for fname, term in _fuzzy_terms(reader, p.analysis.words[i]):
            jobs.append((W_FUZZY, (i,), fname, term))
    jobs.sort(key=lambda j: j[0])
    cache: dict[tuple[str, str], list[int]] = {}
    for weight, idx, fname, term in jobs:
        ids = cache.get((fname, term))
        if ids is None:
            ids = cache[(fname, term)] = posting_ids(reader, fname, term)
        for i in idx:
            per_word[i].update(dict.fromkeys(ids, weight))
    for fname, a, b, i, weight in sorted(sel.splits, key=lambda s: s[4]):
        both = set(posting_ids(reader, fname, a)).intersection(posting_ids(reader, fname, b))
        best = per_word[i]
        for doc in both:
            if best.get(doc, 0.0) < weight:
                best[doc] = weight
    scores: dict[int, float] = defaultdict(float)
    for d in per_word:
        for doc, w in d.items():
            scores[doc] += w
    if not scores:
        return []
    pool = max(limit * 5, 50)
    # ties at the pool's edge go to the documents added first (the Solr engine picks alike)
    top = heapq.nlargest(pool, scores.items(), key=lambda kv: (kv[1], -kv[0]))
    cands = sorted(doc for doc, _ in top)
    rows = {doc: [per_word[i].get(doc, 0.0) for i in range(n)] for doc in cands}
    for fname, term, entries in sel.deferred:
        for doc in _contains(reader, fname, term, cands):
            row = rows[doc]
            for idx, weight in entries:
                for i in idx:
                    if row[i] < weight:
                        row[i] = weight
    return [Scored(doc, sum(row), row) for doc, row in rows.items()]


def _fuzzy_terms(reader, w: keys.WordForms) -> list[tuple[str, str]]:
    """Index terms one edit from the word's loose forms (last resort: Whoosh walks the term list)."""
    out = []
    for form in w.loose[:1]:
        if len(form) >= 4:
            head = indexed(LOOSE, "")
            for t in reader.terms_within(TERMS, head + form, 1, prefix=len(head) + 1):
                out.append((LOOSE, t[len(head):]))
    return out


def score_terms(p: Plan, doc_terms: set[str], fuzzy_words: Iterable[int] = ()) -> list[float]:
    """Each query word's best weight in one document, from the document's terms: the rules of
    :func:`score_documents` applied to one document (for engines that return a document's terms
    rather than postings). ``fuzzy_words`` are the words that matched no term of the index."""
    row = [0.0] * p.n_words
    for (fname, t), entries in p.terms.items():
        if indexed(fname, t) in doc_terms:
            for idx, weight in entries:
                for i in idx:
                    if row[i] < weight:
                        row[i] = weight
    for fname, a, b, i, weight in p.splits:
        if row[i] < weight and indexed(fname, a) in doc_terms and indexed(fname, b) in doc_terms:
            row[i] = weight
    head = indexed(LOOSE, "")
    for i in fuzzy_words:
        for form in p.analysis.words[i].loose[:1]:
            if len(form) >= 4 and row[i] < W_FUZZY:
                # as Whoosh's terms_within(..., 1, prefix=len(head) + 1): the first letter fixed
                if any(t.startswith(head + form[0]) and _one_edit(t[len(head):], form)
                       for t in doc_terms):
                    row[i] = W_FUZZY
    return row


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are at most one insertion, deletion or substitution apart."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] if la == lb else a[i:] == b[i + 1:]
