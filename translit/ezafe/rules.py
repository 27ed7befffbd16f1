"""Ezafe detection: which words of a Persian phrase take the ezafe ending (-e / -ye / -i ...).

Persian writes the ezafe only after ه (ۀ) or a long vowel (ی), if at all, yet it is pronounced and
every romanization writes it: چشم‌انداز روابط ایران -> chashmandāz-e ravābet-e īrān.

Two detectors, measured on the Wiktionary phrases (romanize-phrases of the evaluator):
- rules: a word links to the next unless one of them is a function word (و، در، به، از...), the next
  is a verb (an infinitive or a conjugated form of one of hazm's verb stems: light-verb phrases such
  as یاد کردن take no ezafe), the word is a verb, or the two are a compound the word list has as one
  frequent word (آدم برفی); the last word never takes it;
- rishe (a Rust Persian NLP engine on PyPI, MIT/Apache-2.0) with the same function-word and verb
  filters, used when ``method="rishe"`` and rishe is installed.
"""
from __future__ import annotations

from functools import cache

from ..arabic import takes_no_izafah
from ..pronunciation.g2p import ZWNJ

# Words that never take the ezafe and never receive one from the word before: conjunctions,
# prepositions that do not take it, the object marker, demonstratives and quantifiers.
NO_EZAFE = frozenset("""
و یا یا که تا را از به با در بر چون اگر اما ولی نیز هم این آن همین همان هر چند چه چرا کی کجا
آیا هیچ همه نه بی جز مگر پس سپس ای
""".split())
# Personal pronouns take no ezafe themselves but receive one (ketāb-e man, dast-e khod).
PRONOUNS = frozenset("من تو او ما شما آنها ایشان وی خود".split())
# Numerals and quantifiers take no ezafe themselves but may follow one (به عنوان یک تهدید).
NUMERALS = frozenset("""یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده
هفده هجده هیجده نوزده بیست سی چهل پنجاه شصت هفتاد هشتاد نود صد دویست سیصد پانصد هزار چندین برخی
بعضی""".split())
# Prepositions written as nouns that do take the ezafe (برای ایران = barā-ye īrān).
TAKES_EZAFE = frozenset("برای روی زیر درباره بدون مانند مثل سوی نزد کنار پشت جلوی درون بیرون میان بین".split())
# The copula, written apart: است, هست and نیست with their personal endings.
COPULA = frozenset(b + e for b in ("هست", "نیست") for e in ("", "م", "ی", "یم", "ید", "ند")) | {"است"}

_ENDINGS = ("", "م", "ی", "د", "یم", "ید", "ند", "ست", "یت", "ه")


@cache
def _verb_stems() -> tuple[frozenset[str], frozenset[str]]:
    """Past and present stems from hazm's verbs.dat (past#present per line)."""
    from importlib import resources

    past, present = set(), set()
    try:
        text = (resources.files("hazm") / "data" / "verbs.dat").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return frozenset(), frozenset()
    for line in text.splitlines():
        a, _, b = line.strip().partition("#")
        if len(a) >= 2:
            past.add(a)
        if len(b) >= 2:
            present.add(b)
    return frozenset(past), frozenset(present)


@cache
def is_verb(word: str) -> bool:
    """An infinitive (کردن، برگشتن), the copula (است، هستم) or a conjugated verb form (می‌کنم،
    بروید، کن، شد)."""
    past, present = _verb_stems()
    w = word.replace(ZWNJ, "")
    if w in COPULA:
        return True
    if len(w) >= 3 and w.endswith("ن") and w[-2] in "تد":
        stem = w[:-1]
        if any(stem[k:] in past for k in range(len(stem) - 1)):
            return True
    for prefix in ("نمی", "می", "ب", "ن", ""):
        if not w.startswith(prefix):
            continue
        rest = w[len(prefix):]
        for end in _ENDINGS:
            if end and not rest.endswith(end):
                continue
            stem = rest[: len(rest) - len(end)] if end else rest
            if end == "ه" and not prefix:
                continue  # a bare participle (رفته) is often an adjective
            # Without a verbal prefix, a present stem with an ending is too often a noun
            # (ترسیم "drawing" / ترس+یم): accept only past forms and bare imperatives (کن).
            if stem in past or (stem in present and (prefix or not end)):
                return True
    return False


@cache
def _rishe():
    try:
        import rishe
    except ImportError:
        return None
    return rishe.Pipeline(unify_digits=False, strip_diacritics=False, fix_zwnj=False)


def _rishe_flags(words: list[str]) -> list[bool] | None:
    pipe = _rishe()
    if pipe is None:
        return None
    doc = pipe(" ".join(words))
    tokens, marks = doc.tokens, doc.ezafe_markers
    if len(tokens) == len(words):
        return [bool(m) for m in marks]
    flags = [False] * len(words)
    targets = [w.replace(ZWNJ, "") for w in words]
    wi, acc = 0, ""
    for tok, mark in zip(tokens, marks):
        if wi >= len(words):
            break
        acc += tok.replace(ZWNJ, "").replace(" ", "")
        if len(acc) >= len(targets[wi]):
            flags[wi] = bool(mark)
            wi, acc = wi + 1, ""
    return flags


def receives_ezafe(word: str) -> bool:
    """Whether ``word`` can follow an ezafe: not a function word, a number or a verb."""
    return not (word in NO_EZAFE or word in TAKES_EZAFE or word.isdigit() or is_verb(word))


# Two words that the word list also has as one (آدم‌برفی, آتش‌زا, آسوده‌خاطر) are a compound: no
# ezafe between them. The joined form must be frequent enough (a log prior of -18, about three
# hundred Wikipedia occurrences), or the list's rare run-together typos (آذربایجان‌غربی) would count.
# Measured on the Wiktionary phrases: threshold chosen on one half (0.743 -> 0.758), the other half
# moved alike (0.732 -> 0.750).
_COMPOUND_PRIOR = -18.0


@cache
def _frequent_joined() -> frozenset[str]:
    """The word list's spellings frequent enough to make a compound, without their ZWNJs: a pair
    whose joined form is none of them is no compound, and needs no skeleton looked up."""
    from ..latin.wordlist import wordlist

    wl = wordlist()
    return frozenset(w.replace(ZWNJ, "") for w, p in zip(wl.words, wl.prior) if p >= _COMPOUND_PRIOR)


def is_compound(word: str, nxt: str) -> bool:
    """Whether the word list has ``word`` and ``nxt`` as one frequent word (with or without ZWNJ)."""
    joined = word.replace(ZWNJ, "") + nxt.replace(ZWNJ, "")
    if joined not in _frequent_joined():
        return False     # most pairs: asked for every pair of every phrase romanized
    from ..latin.phonemic import fa_skeleton
    from ..latin.wordlist import wordlist

    wl = wordlist()
    for key in {fa_skeleton(word + ZWNJ + nxt), fa_skeleton(joined)}:
        for wid in wl.ids(key):
            if wl.prior[wid] < _COMPOUND_PRIOR:
                break  # ids come highest prior first
            if wl.words[wid].replace(ZWNJ, "") == joined:
                return True
    return False


# Second elements that make a compound with the word before them even when written apart (ALA-LC
# rule 10: شاه نامه is Shāhʹnāmah): the book-title -nāmah.
COMPOUND_SECOND = frozenset({"نامه", "نامۀ"})


def written_apart(word: str, nxt: str) -> bool:
    """Whether ``word`` and ``nxt`` are one compound written as two words (ALA-LC rule 10): ``nxt``
    is a compound-forming element (نامه) after a content word."""
    # Pairs the word list has as one word (is_compound) were tried too: they lower the real
    # catalogue pairs' ALA-LC (0.776 -> 0.765 on words, both halves): catalogues write جهان نما
    # as two words (jahān numā), and only the title element نامه is kept.
    if nxt not in COMPOUND_SECOND:
        return False      # first: every pair of every phrase is asked, and the verb checks cost
    return not (word in NO_EZAFE or word in NUMERALS or word in PRONOUNS or word in TAKES_EZAFE
                or nxt in NO_EZAFE or is_verb(word) or is_verb(nxt) or word.startswith("ال"))


# Collections named after their author: the words after دیوان حکیم ازرقی are the poet's name
# (unless a language or a function word comes first: دیوان فارسی خواجه میر درد, قصائد در مناقب علی)
COLLECTED_WORKS = frozenset("دیوان کلیات قصاید قصائد غزلیات منشآت رقعات مکتوبات".split())
_LANGUAGES = frozenset("فارسی عربی ترکی اردو هندی".split())


def _opens_with_collection(words: list[str]) -> bool:
    """Whether the phrase opens with a collection and a word that is no function word after it."""
    return len(words) > 1 and words[0] in COLLECTED_WORKS and words[1] not in NO_EZAFE


def _author_follows(words: list[str]) -> bool:
    """Whether an author's name follows the collection that opens the phrase (دیوان حکیم ازرقی)."""
    return _opens_with_collection(words) and len(words) > 2 and words[1] not in _LANGUAGES


def link_collections(words: list[str], flags: list[bool]) -> list[bool]:
    """A title that opens with a collection takes the izafah after it (دیوان ایجاد: Dīvān-i
    Ījād), whatever a model makes of the unknown name that follows, unless a function word or an
    Arabic particle does."""
    if _opens_with_collection(words) and not takes_no_izafah(words[0], words[1]):
        return [True] + list(flags[1:])
    return flags


def unlink_names(words: list[str], flags: list[bool]) -> list[bool]:
    """ALA-LC rule 8 inside a phrase: a personal name takes no izafah between its elements. A name
    is recognized by a title of a person before it (ملا عبد العلی برجندی: the words after the title,
    up to a function word, a written izafah or ``NAME_SPAN`` words), by a collection named after
    its author before it (دیوان حکیم ازرقی: the collection keeps its izafah, the name has none) or
    by a title after it (احمد بیگ خان)."""
    from ..arabic import NAME_SPAN, PERSON_TITLES, POSTPOSED_TITLES

    out = list(flags)
    n = len(words)
    author = _author_follows(words)
    for k, w in enumerate(words):
        if w in PERSON_TITLES or (k == 0 and author):
            j = k if w in PERSON_TITLES else k + 1
            while j < n - 1 and j - k < NAME_SPAN and words[j + 1] not in NO_EZAFE \
                    and not words[j].endswith("ۀ"):
                out[j] = False
                j += 1
        if k + 1 < n and words[k + 1] in POSTPOSED_TITLES:
            out[k] = False
    return out


def allowed(word: str, nxt: str) -> bool:
    """Whether the rules let ``word`` take the ezafe before ``nxt``."""
    if takes_no_izafah(word, nxt):
        return False   # Arabic constructs and particles (Nuzhat al-arvāḥ, Muḥammad ibn ʻAlī)
    if (word in NO_EZAFE or word in NUMERALS or word in PRONOUNS) and word not in TAKES_EZAFE:
        return False
    if not receives_ezafe(nxt):
        return False
    if word not in TAKES_EZAFE and is_verb(word):
        return False
    # last: it needs the word list, which the checks above often make unnecessary
    return not is_compound(word, nxt)


def detect(words: list[str], method: str = "rules") -> list[bool]:
    """One flag per word: True when the word takes the ezafe. The last word never does."""
    n = len(words)
    if n < 2:
        return [False] * n
    base = _rishe_flags(words) if method == "rishe" else None
    if base is None:
        base = [True] * n
    flags = [base[i] and i < n - 1 and allowed(words[i], words[i + 1]) for i in range(n)]
    return flags
