"""Cross-script matching keys: the one path that turns text into the terms a search index matches on.

Indexing and querying both go through :func:`analyze`, so a Persian-script word and its romanization
(in any scheme, with or without diacritics, with the usual spelling slips) meet on at least one level:

``exact``  the normalized surface form (Persian normalized by :func:`translit.normalize`; Latin folded
           to lower-case ASCII without diacritics or ʿayn/hamza marks);
``trans``  the word in the other script: the romanization of a Persian word (citation scheme, folded
           like a Latin word), the Persian spelling(s) of a Latin word;
``loose``  a Latin form that keeps the vowels but folds what schemes and writers disagree on
           (e/i, o/u, q/gh, x/kh, final -eh/-ah), made from the Latin word or from the romanization;
``key``    the coarse consonant skeleton both scripts share (see ``schemes/_matchkey.toml``).

ZWNJ compounds (and their Latin spellings with the ALA-LC prime ʹ or a hyphen) yield their parts and
the joined word; Latin ezafe endings (-e, -ye, -i, -yi) are dropped. Adjacent words also yield their
concatenation at the loose and key levels, since a name written as two Persian words
(کاظم زاده) is often one Latin word (Kazemzadeh); :func:`key_splits` gives the other direction.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from . import arabic
from .tables import load_scheme

ZWNJ = "\u200c"
LEVELS = ("exact", "trans", "loose", "key")
TERM_LEVELS = ("exact", "trans", "loose", "key_persian", "key_latin")

_PERSIAN_CHAR = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
# A word: letters/digits, combining marks, Arabic harakat, joiners (ZWNJ, apostrophes, the prime,
# ʿayn and hamza marks) and inner hyphens. Trailing joiners are stripped afterwards.
_WORD = re.compile(
    "[\\w\u0300-\u036f\u064b-\u065f\u0670\u200c\u200d'`´ʹʻʼʽʾʿ‘’\\-‐‑]+")
_MARKS = re.compile("['`´ʻʼʽʾʿ‘’\u200d]")
_EDGE = "-‐‑'`´ʹʻʼʽʾʿ‘’\u200c\u200d_"
_HYPHENS = re.compile("[-‐‑]")
_EZAFE = frozenset({"e", "ye", "i", "yi", "o", "ee", "ei", "y"})
_EASTERN_DIGIT = re.compile("[۰-۹٠-٩]")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_LONE_C = re.compile(r"c(?!h)")


@dataclass(frozen=True)
class WordForms:
    """The matching terms of one word, level by level, plus its joined forms for pair keys."""

    word: str
    script: str                      # "persian" | "latin" | "none"
    exact: tuple[str, ...]           # forms of the whole word, level by level
    trans: tuple[str, ...]
    loose: tuple[str, ...]
    key: tuple[str, ...]
    loose_join: str                  # the whole word's loose form (for adjacent-pair concatenation)
    key_join: str
    parts: tuple[tuple[str, ...], ...] = ((), (), (), ())
    """Forms of the parts of a compound (ZWNJ, prime, hyphen), for exact/trans/loose/key: a
    match on a part is weaker evidence than a match on the whole word."""

    def all(self, level: int) -> tuple[str, ...]:
        """Whole-word and part forms of one level (0 exact, 1 trans, 2 loose, 3 key)."""
        return (self.exact, self.trans, self.loose, self.key)[level] + self.parts[level]


@dataclass(frozen=True)
class Analysis:
    """A text's words with their forms, and the forms of adjacent pairs (pair i joins words i, i+1)."""

    words: tuple[WordForms, ...]
    pair_loose: tuple[str, ...]
    pair_key: tuple[str, ...]
    scheme: str | None = None        # the romanization of the text's Latin words (latin_scheme)

    def terms(self) -> dict[str, list[str]]:
        """All terms of the text's words by level (what the index stores; adjacent pairs are left
        to the query side, which also splits a word's key in two). Keys are kept apart by the
        script of the word they come from (``key_persian``, ``key_latin``): a skeleton shared
        across scripts is good evidence, one shared by two differently spelled words of the same
        script much less."""
        out: dict[str, list[str]] = {lv: [] for lv in TERM_LEVELS}
        for w in self.words:
            out["exact"].extend(w.all(0))
            out["trans"].extend(w.all(1))
            out["loose"].extend(w.all(2))
            if w.script in ("persian", "latin"):
                out["key_" + w.script].extend(w.all(3))
        return out


@cache
def _tables() -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]:
    scheme = load_scheme("_matchkey")
    persian = dict(scheme.section("persian"))
    latin = sorted(scheme.section("latin").items(), key=lambda kv: -len(kv[0]))
    loose_rules = list(scheme.section("loose").items())
    return persian, latin, loose_rules


@cache
def _latin_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    _, latin, _ = _tables()
    table = dict(latin)
    pattern = re.compile("|".join(re.escape(k) for k, _ in latin) + "|.", re.S)
    return pattern, table


def _collapse(s: str) -> str:
    """Merge runs of one class (doubled letters, shadda left unwritten, t+ط...)."""
    out = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def is_persian(text: str) -> bool:
    """Whether the text contains any Arabic-script letter."""
    return bool(_PERSIAN_CHAR.search(text))


@cache
def _fold_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {unicodedata.normalize("NFC", k): v for k, v in load_scheme("_matchkey").section("fold").items()}
    return re.compile("|".join(map(re.escape, table))), table


def fold_latin(text: str) -> str:
    """Lower-case ASCII letters and digits: hačeks spelled as digraphs (š -> sh), diacritics,
    ʿayn/hamza marks and the prime removed."""
    s = unicodedata.normalize("NFC", text.casefold())
    pattern, table = _fold_regex()
    s = pattern.sub(lambda m: table[m.group()], s)
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _MARKS.sub("", s).replace("ʹ", "")
    if not s.isascii():
        from unidecode import unidecode
        s = unidecode(s).casefold()
    return re.sub(r"[^a-z0-9]", "", s)


@lru_cache(maxsize=200_000)
def persian_key(word: str) -> str:
    """Consonant skeleton of a normalized Persian word (ZWNJ and harakat ignored)."""
    table = _tables()[0]
    w = word.replace(ZWNJ, "")
    if w.endswith(("ه", "ۀ", "ة")) and len(w) > 1:     # final ه: mostly silent (-eh/-ah)
        w = w[:-1]
    w = w.replace("نب", "مب")     # n before b is said (and romanized) m: شنبه shambeh
    s = "".join(table.get(ch, ch if ch.isdigit() else "") for ch in w)
    return _collapse(s)


def _final_h_dotted(word: str) -> bool:
    """Whether a Latin word ends in ḥ (ALA-LC's ح), written precomposed or as h + U+0323."""
    w = word.rstrip("-‐‑ʹ'’")
    return w.endswith("ḥ") or w.endswith("h\u0323") or w.endswith("Ḥ") or w.endswith("ḩ")


@lru_cache(maxsize=200_000)
def latin_key(word: str) -> str:
    """Consonant skeleton of a Latin word (any romanization), comparable with :func:`persian_key`."""
    s = fold_latin(word)
    if len(s) > 1 and s.endswith("h") and s[-2] in "aeiou" and not _final_h_dotted(word):
        s = s[:-1]    # -eh / -ah: the silent final ه (but ḥ is ح: Ṣāliḥ, Fatḥ)
    return _skeleton(s)


def arabic_table_key(word: str) -> str | None:
    """The key of a Latin word with the Arabic table's dh and th read as ذ and ث (Dhikr = ذکر,
    Mathnawī = مثنوی), read before the dots go (t + ḥ in Fatḥ is two letters); None when the word
    has neither, or when that would leave a key of one letter (English the, this, with)."""
    written = unicodedata.normalize("NFC", word.casefold())
    if "dh" not in written and "th" not in written:
        return None
    k = latin_key(written.replace("dh", "ẕ").replace("th", "s̱"))
    return k if len(k) > 1 else None


def _skeleton(folded: str) -> str:
    pattern, table = _latin_regex()
    out = "".join(table.get(m, m if m.isdigit() else "") for m in pattern.findall(folded))
    return _collapse(out.replace("nb", "mb"))


@lru_cache(maxsize=200_000)
def loose(word: str) -> str:
    """Vowelled Latin form with scheme and spelling variants folded (e/i, o/u, q/gh, x/kh, -eh/-ah)."""
    s = fold_latin(word)
    if not s:
        return ""
    for a, b in _tables()[2]:
        s = s.replace(a, b)
    if _final_h_dotted(word):
        pass                                 # ḥ is ح, never the silent ه
    elif len(s) > 3 and s.endswith("ah"):    # ALA-LC -ah is the Iranian -eh/-e of a silent final ه
        s = s[:-2] + "i"
    else:
        s = _FINAL_H.sub("", s)
    return _collapse(s)


def _translit():
    import translit
    return translit


# Longer "words" (a run of letters with no space: a pasted URL, a damaged record, a hostile query)
# are matched by their own forms only: the transliterators' cost grows faster than linearly with
# the length of a word, and no Persian word is this long.
MAX_TRANSLIT_WORD = 64


@lru_cache(maxsize=200_000)
def _romanize_word(word: str) -> str:
    if len(word) > MAX_TRANSLIT_WORD:
        return ""
    try:
        return _translit().romanize(word, scheme="citation")
    except Exception:        # a word the transliterator cannot handle still has its other levels
        return ""


@lru_cache(maxsize=200_000)
def _persianize_word(word: str, n: int, scheme: str | None = None) -> tuple[str, ...]:
    if len(word) > MAX_TRANSLIT_WORD:
        return ()
    t = _translit()
    try:
        if n > 1 and hasattr(t, "candidates"):
            cands = [c for c, _ in t.candidates(word, n=n, scheme=scheme)]
        else:
            cands = [t.persianize(word, scheme)]
    except Exception:
        return ()
    out: list[str] = []
    for c in cands:
        c = c.strip()
        if c and c not in out:
            out.append(c)
    return tuple(out)


def _latin_spellings(word: str, parts: list[str], n: int, scheme: str | None) -> tuple[str, ...]:
    """Persian spellings of a Latin word, with the Arabic element (translit/arabic.py): ibn, bin
    and Allāh have fixed spellings, al-X is ال joined to X's spellings (the noun is a part too),
    -at may be the ة of a construct."""
    fixed = arabic.latin_fixed(word, "", "")
    if fixed is not None:
        return (fixed,)
    if len(parts) > 2 and parts[0] in ("wa", "va", "u", "o") and arabic.is_latin_article(parts[1]):
        parts = parts[1:]     # wa-al-X: the conjunction joined to an article word
    if len(parts) > 1 and arabic.is_latin_article(parts[0]):
        rest = "".join(parts[1:])
        return tuple(f"{arabic.ARTICLE}{ZWNJ}{c}" for c in _persianize_word(rest, n, scheme))
    joined = "".join(parts)
    out = _persianize_word(joined, n, scheme)
    if len(joined) > 4 and joined.endswith("at"):
        out += tuple(c for c in _persianize_word(joined[:-1] + "h", n, scheme) if c.endswith("ه"))
    return out


# the prime, and an ASCII apostrophe typed for it between two parts of three letters or more
# (Shāh'nāmah); a shorter side is a hamzah or an ayn (Qur'an, Ma'ad)
_PRIME_SPLIT = re.compile(r"ʹ|(?<=[^\W\d_]{3})'(?=[^\W\d_]{3})")
_CONJUNCTIONS = frozenset(("u", "o", "wa"))


def _latin_parts(word: str) -> tuple[str, list[str]]:
    """Split a Latin word at hyphens and primes, dropping ezafe segments: (joined, parts)."""
    segs = [s for s in _HYPHENS.split(word) if s]
    if len(segs) > 1:
        segs = [segs[0]] + [s for s in segs[1:] if fold_latin(s) not in _EZAFE]
    parts = [p for s in segs for p in _PRIME_SPLIT.split(s) if p]
    return "".join(parts), parts


def _dedupe(items) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for it in items:
        if it:
            seen.setdefault(it, None)
    return tuple(seen)


@lru_cache(maxsize=300_000)
def _word_forms(word: str, candidates: int, scheme: str | None = None) -> WordForms:
    if is_persian(word):
        parts = [p for p in word.split(ZWNJ) if p]
        if len(parts) == 1:
            parts = arabic.split_joined(parts[0])     # عبدالله, ابوالقاسم: two words written as one
        parts = [arabic.match_form(p) for p in parts]
        joined = "".join(parts)
        many = len(parts) > 1
        roman = _romanize_word(word)
        trans, loose_forms, tparts, lparts = [], [], [], []
        for rw in roman.split():
            rj, rparts = _latin_parts(rw)
            trans.append(fold_latin(rj))
            loose_forms.append(loose(rj))
            if len(rparts) > 1:
                loose_forms.append(_collapse("".join(map(loose, rparts))))
                tparts += map(fold_latin, rparts)
                lparts += map(loose, rparts)
        keys = [persian_key(joined)]
        ta = arabic.ta_marbuta_key_form(word)
        if ta is not None:        # ة is the -at of a construct too (Tuḥfat al-...)
            keys.append(persian_key(ta))
        if many:
            # the ه before a ZWNJ is as silent as a final one: کوزه‌گر = Kouzegar
            keys.append(_collapse("".join(map(persian_key, parts))))
        pparts = parts if many else []
        noun = arabic.article_noun(joined) if not many else None
        if noun is None and not many and joined.startswith("وال") and len(joined) > 5:
            # manuscripts join the conjunction to an article word (والاصحاب = va al-aṣḥāb)
            noun = arabic.article_noun(joined[1:])
        if noun is not None:
            # the Arabic article joined to its noun (الفتوحات): the noun is also a part, since
            # a romanization may leave the article out or write it apart (Futūḥāt, al-Futūḥāt)
            pparts = [noun]
            for rw in _romanize_word(noun).split():
                tparts.append(fold_latin(rw))
                lparts.append(loose(rw))
        part_forms = (_dedupe(pparts), _dedupe(tparts), _dedupe(lparts), _dedupe(map(persian_key, pparts)))
        return WordForms(word, "persian", (joined,), _dedupe(trans), _dedupe(loose_forms),
                         _dedupe(keys), loose(roman.replace(" ", "")), persian_key(joined), part_forms)
    joined, parts = _latin_parts(word)
    if not fold_latin(joined):
        return WordForms(word, "none", (), (), (), (), "", "")
    many = len(parts) > 1
    loose_forms = [loose(joined)] + ([_collapse("".join(map(loose, parts)))] if many else [])
    keys = [latin_key(joined)]
    arabic_key = arabic_table_key(joined)
    if arabic_key is not None:      # th may also be t + h (fath): both keys
        keys.append(arabic_key)
    if many:    # kūzehʹgar: each part's final -eh is silent too
        keys.append(_collapse("".join(map(latin_key, parts))))
    if _LONE_C.search(fold_latin(joined)):      # c alone: k in "Amrica", ch (چ) in Turkish style
        keys.append(latin_key(_LONE_C.sub("ch", fold_latin(joined))))
    folded = fold_latin(joined)
    if len(folded) > 4 and folded.endswith("at"):
        keys.append(latin_key(folded[:-1]))      # -at is also the ة / ه of a construct: Tuḥfat = تحفه
    trans: list[str] = []
    tparts: list[str] = []
    if candidates and not joined.isdigit() and any(ch.isalpha() for ch in joined):
        for fa in _latin_spellings(word, parts, candidates, scheme):
            fparts = [arabic.match_form(p) for p in fa.replace(" ", ZWNJ).split(ZWNJ) if p]
            trans.append("".join(fparts))
            if len(fparts) > 1:
                tparts.extend(p for p in fparts if p != arabic.ARTICLE)
    part_forms = (_dedupe(map(fold_latin, parts) if many else []), _dedupe(tparts),
                  _dedupe(map(loose, parts) if many else []),
                  _dedupe(map(latin_key, parts) if many else []))
    return WordForms(word, "latin", (fold_latin(joined),), _dedupe(trans), _dedupe(loose_forms),
                     _dedupe(keys), loose(joined), latin_key(joined), part_forms)


def word_forms(word: str, candidates: int = 1, scheme: str | None = None) -> WordForms:
    """The matching terms of one normalized word (see :func:`words`).

    ``candidates`` > 1 asks for that many Persian spellings of a Latin word (queries use several,
    since the spelling of a romanized word is a guess; the index stores the best one); 0 asks for
    none (English text). ``scheme`` is the romanization the word is read in (None: detected from
    the word alone; :func:`analyze` detects it once for a whole text).
    """
    return _word_forms(word, candidates, scheme)


@lru_cache(maxsize=256)     # indexing asks for the same title again (matching, then display)
def normalize_text(text: str) -> str:
    """The text normalization shared by indexing and querying (Persian via :func:`translit.normalize`)."""
    text = unicodedata.normalize("NFC", text)
    if _EASTERN_DIGIT.search(text):
        text = text.translate(_DIGITS)
    if is_persian(text):
        text = _translit().normalize(text)
    return text


def words(text: str) -> list[str]:
    """Split normalized text into words (ZWNJ compounds and hyphenated words stay one word)."""
    return list(_words(text))


@lru_cache(maxsize=256)     # indexing asks for a title's words twice (its terms, its length)
def _words(text: str) -> tuple[str, ...]:
    out = []
    for m in _WORD.finditer(normalize_text(text)):
        w = m.group(0).strip(_EDGE)
        if w:
            w = w if is_persian(w) else w.casefold()
            out.append("va" if w in _CONJUNCTIONS else w)   # ALA-LC's u, the Iranian o, wa: و
    return tuple(out)


def latin_scheme(ws: list[str]) -> str | None:
    """The romanization of a text's Latin words, detected once for them all: a word alone often
    cannot tell (Sirr is سر in ALA-LC, which leaves short vowels unwritten, and سیر in the Iranian
    style), the text around it can (Sirr al-asrār). None when the text has no Latin word."""
    latin = [w for w in ws if not is_persian(w)]
    if not latin:
        return None
    from .latin.phonemic import detect_scheme

    return detect_scheme(" ".join(latin))


def analyze(text: str, candidates: int = 1) -> Analysis:
    """Words of ``text`` with all their matching forms, and adjacent-pair concatenations."""
    ws = words(text)
    scheme = latin_scheme(ws) if candidates else None    # only Persian spellings depend on it
    forms = tuple(word_forms(w, candidates, scheme) for w in ws)
    pl, pk = [], []
    for a, b in zip(forms, forms[1:]):
        ok = a.script != "none" and b.script != "none"
        pl.append(a.loose_join + b.loose_join if ok and a.loose_join and b.loose_join else "")
        pk.append(_collapse(a.key_join + b.key_join) if ok and a.key_join and b.key_join else "")
    return Analysis(forms, tuple(pl), tuple(pk), scheme)


def key_splits(key: str) -> list[tuple[str, str]]:
    """Ways to read one word's key as the keys of two adjacent words (Kazemzadeh = کاظم زاده).

    A doubled consonant at the joint collapsed into one, so each split is also tried with the
    joint letter on both sides; an h before the joint may be the first word's silent final ه.
    """
    if len(key) < 4:
        return []
    out = []
    for j in range(1, len(key)):
        out.append((key[:j], key[j:]))
        out.append((key[:j + 1], key[j:]))
        if j > 1 and key[j - 1] == "h":
            # the first word's final ه is silent on its own (شاه: S) but read inside the joined
            # word (Shahnamah: Shnm)
            out.append((key[:j - 1], key[j:]))
    return list(dict.fromkeys(out))


def part_spellings(w: WordForms, scheme: str | None = None) -> tuple[str, str] | None:
    """The Persian spellings of the two parts of a Latin compound written with a prime or a hyphen
    (Shāh'nāmah: شاه, نامه), which a catalogue may write as two words; None for other words
    and for an article with its noun (al-X is one Persian word)."""
    if w.script != "latin":
        return None
    parts = _latin_parts(w.word)[1]       # as written: ā and ī tell the vowels' length
    if len(parts) != 2 or arabic.is_latin_article(fold_latin(parts[0])):
        return None
    spelt = []
    for part in parts:
        found = _persianize_word(part, 1, scheme)
        if not found:
            return None
        spelt.append(arabic.match_form(found[0].replace(" ", "")))
    return spelt[0], spelt[1]


def _swap_words(text: str, convert) -> str:
    """``text`` with each word replaced by ``convert(word)`` (punctuation and spacing kept)."""
    def one(m: re.Match[str]) -> str:
        w = m.group(0)
        core = w.strip(_EDGE)
        if not core:
            return w
        out = convert(core if is_persian(core) else core)
        return w.replace(core, out, 1) if out else w
    return _WORD.sub(one, normalize_text(text))


def romanize_words(text: str) -> str:
    """Persian words of ``text`` romanized one by one (citation scheme, cached per word).

    Fast enough to run on every indexed title; it does not mark ezafe, which needs the whole phrase
    (use :func:`translit.romanize` for that).
    """
    return _swap_words(text, lambda w: _romanize_word(w) if is_persian(w) else w)


@lru_cache(maxsize=200_000)
def surface_forms(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(exact, loose, key) forms of a word without transliterating it: cheap, for highlighting.

    Loose forms exist only for Latin words (a Persian word's loose form needs its romanization).
    """
    if is_persian(word):
        parts = [p for p in word.split(ZWNJ) if p]
        joined = "".join(parts)
        return (_dedupe([joined, *parts]), (),
                _dedupe([persian_key(joined), *(persian_key(p) for p in parts)]))
    joined, parts = _latin_parts(word)
    return (_dedupe([fold_latin(joined), *map(fold_latin, parts)]),
            _dedupe([loose(joined), *map(loose, parts)]),
            _dedupe([latin_key(joined), *map(latin_key, parts)]))
