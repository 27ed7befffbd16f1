"""Persian script -> vowelled Latin romanization (citation, ALA-LC, ASCII), driven by scheme tables.

The path of one word:
1. pronunciation: eSpeak NG's Persian rules (see :mod:`translit.pronunciation.g2p` for why it comes first), the
   lexicon when eSpeak is missing, fixed readings for affixes split off at a ZWNJ
   (:mod:`translit.pronunciation.morphology`);
2. alignment of letters to phonemes (:func:`translit.pronunciation.g2p.align`), so that a table can write ص and س,
   ع and ء differently while the vowels come from the pronunciation;
3. rendering through the scheme's ``render_*`` sections (phonemes, letter-specific values, diphthongs,
   final silent ه, fixed words, ezafe endings, joints).

Then, over a run of words, ezafe is detected (:mod:`translit.ezafe`) and its ending chosen by what the
word ends with. Code handles only what a table cannot say: vowels, ezafe, ZWNJ joints, affixes.

Capitalization: the output is lowercase; ``capitalize=True`` capitalizes its first letter (a title's
first word). Proper nouns are not detected.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from . import arabic
from .pronunciation.g2p import ZWNJ, align, espeak_phonemes
from .pronunciation.lexicon import VOWELS
from .arabic import ARTICLE
from .pronunciation.morphology import affix_phonemes
from .normalize import normalize
from .tables import load_scheme

# A Persian word: Arabic-script letters (not digits or punctuation), with ZWNJ and harakat inside.
_WORD = re.compile("[\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u06d5\u06fa-\u06ff\u200c]+")
_RUN = re.compile(rf"{_WORD.pattern}(?: {_WORD.pattern})*")
_PUNCT = str.maketrans({"،": ",", "؛": ";", "؟": "?", "«": "“", "»": "”", "٪": "%", "٫": ".", "٬": ",",
                        **{chr(0x06F0 + d): str(d) for d in range(10)},
                        **{chr(0x0660 + d): str(d) for d in range(10)}})
_HAMZA_H = "ۀ"
_GLOTTAL_LETTERS = frozenset("عءئؤأ")
# Latin letters that, followed by h, would read as one of the digraphs sh zh kh gh ch.
_DIGRAPH_FIRST = frozenset("szkgc")


@dataclass(frozen=True)
class _Tables:
    phonemes: dict[str, str]
    letters: dict[str, str]
    sequences: dict[str, str]
    final_h: dict[str, str]
    joint_h: dict[str, str]
    before_vowel: dict[str, str]
    before_inner_vowel: dict[str, str]
    before_ending: dict[str, dict[str, str]]   # pair -> the phonemes to the word's end -> rendering
    words: dict[str, str]
    phrase_words: dict[str, str]
    ezafe: dict[str, str]
    joints: dict[str, str]
    nfd: bool


def _by_pair(section) -> dict[str, dict[str, str]]:
    """``[render_sequences_before_ending]`` ("iy At" = "īy") keyed by the pair, then by the rest."""
    out: dict[str, dict[str, str]] = {}
    for key, value in section.items():
        pair, _, rest = key.partition(" ")
        out.setdefault(pair, {})[rest] = value
    return out


@cache
def _tables(scheme: str) -> _Tables:
    s = load_scheme(scheme)
    if not s.section("render_phonemes"):
        from .errors import PeyvandError

        raise PeyvandError(f"scheme {scheme!r} has no vowelled rendering (no [render_phonemes] section "
                           f"in translit/schemes/{scheme}.toml)")
    return _Tables(
        phonemes=dict(s.section("render_phonemes")), letters=dict(s.section("render_letters")),
        sequences=dict(s.section("render_sequences")), final_h=dict(s.section("render_final_h")),
        joint_h=dict(s.section("render_joint_h") or s.section("render_final_h")),
        before_vowel=dict(s.section("render_sequences_before_vowel")),
        before_inner_vowel=dict(s.section("render_sequences_before_inner_vowel")),
        before_ending=_by_pair(s.section("render_sequences_before_ending")),
        words={**s.section("render_words_headings"), **s.section("render_words")},
        phrase_words=dict(s.section("render_words_arabic_phrase")),
        ezafe=dict(s.section("render_ezafe")),
        joints=dict(s.section("render_joints")), nfd=bool(s.meta.get("nfd", False)))


@dataclass(frozen=True)
class Word:
    """One romanized word: its plain form, and the form to use before an ezafe ending."""

    plain: str
    ezafe: str
    written_ezafe: bool = False  # the spelling writes the ezafe (a ی after ā/ū, or ۀ)
    construct: str = ""          # before an Arabic article word: no izafah, ة and ه read -at

    def before(self, nxt: str | None) -> str | None:
        """The form an Arabic construct gives the word before ``nxt``, or None when there is none."""
        if nxt is not None and arabic.construct_before(nxt):
            return self.construct or self.plain
        return None


def _segments(part: str, position: int, count: int, whole: tuple[tuple[str, str], ...] | None):
    fixed = affix_phonemes(part, position, count)
    if fixed is not None:
        return align(part, fixed)
    if whole is not None:
        return whole
    ph = espeak_phonemes(part)
    if part.endswith("یه") and ph.endswith("yeye"):
        ph = ph[:-2]    # eSpeak reads an ezafe into -iyeh words (کلیه "kolliyeye"): kullīyah
    if not ph:
        from .pronunciation.lexicon import lexicon

        known = lexicon().phonemes(part)
        ph = known[0] if known else ""
    return align(part, ph)


def _render(segs, t: _Tables, *, drop_initial_glottal: bool = True, joint: bool = False) -> tuple[str, str]:
    """Render aligned segments; returns (text, what the word ends with: consonant/vowel/long_i/silent_h)."""
    # Flatten to (letter, phoneme, own) items; a silent letter becomes (letter, "_", True).
    items: list[tuple[str, str]] = []
    n = len(segs)
    ending = "consonant"
    final_h = ""
    h_table = t.joint_h if joint else t.final_h
    for k, (letter, ph) in enumerate(segs):
        if k == n - 1 and letter == "ه" and ph and ph[-1] in h_table and "h" not in ph:
            final_h = h_table[ph[-1]]
            ph = ph[:-1]
            if not ph:
                continue
        if not ph:
            items.append((letter, "_"))
            continue
        if letter == "آ" and "?" in ph:
            ph = ph.replace("?", "")  # written by the medial-maddah mark below, or not at all
        if letter in _GLOTTAL_LETTERS and "?" not in ph and not (letter == "ئ" and ph == "y"):
            items.append((letter, "_"))  # ع read as a bare vowel is still marked: ‘onvān
        for p in ph:
            if p in VOWELS and items and items[-1][1] == "i":
                items.append(("", "y"))  # the glide between ī and a vowel: siyāsat, āsiyā
            items.append((letter, p))
    out: list[str] = []
    breaker = t.joints.get("digraph_break", "")
    i, m = 0, len(items)
    while i < m:
        letter, p = items[i]
        if p == "_":
            out.append(t.letters.get(f"{letter} _", ""))
            i += 1
            continue
        if i + 2 < m and p + items[i + 1][1] + items[i + 2][1] in t.sequences:
            out.append(t.sequences[p + items[i + 1][1] + items[i + 2][1]])   # sayyid: eyy
            i += 3
            continue
        if i + 1 < m:
            pair = p + items[i + 1][1]
            after = items[i + 2][1] if i + 2 < m else ("e" if final_h else "")
            if pair in t.sequences and after not in VOWELS and after != pair[1]:
                out.append(t.sequences[pair])
                i += 2
                continue
            if pair in t.before_vowel and after in VOWELS:
                out.append(t.before_vowel[pair])
                i += 2
                continue
            ends = t.before_ending.get(pair)
            if ends and (end := "".join(q for _, q in items[i + 2:])) in ends:
                out.append(ends[end])   # kullīyāt, tarbīyat: the pair and the word's end
                i += 2
                continue
            if pair in t.before_inner_vowel and i + 2 < m and after in VOWELS:
                out.append(t.before_inner_vowel[pair])   # not before a final -ah: siyāsat, ʻilmīyah
                i += 2
                continue
        if p == "?" and drop_initial_glottal and not any(out) and f"{letter} ?" not in t.letters:
            i += 1  # an initial hamza is not written (ALA-LC rule 4)
            continue
        piece = t.letters.get(f"{letter} {p}", t.phonemes.get(p, p))
        if letter == "آ" and p == "A" and any(out):
            piece = t.letters.get("آ medial", "") + piece  # a medial maddah is a hamzah + ā: qur’ān
        if piece[:1] == "h" and out and out[-1][-1:] in _DIGRAPH_FIRST and breaker:
            out.append(breaker)  # s|h is not sh: asʹhāb, marzʹhā (ALA-LC rule 12)
        out.append(piece)
        i += 1
    text = "".join(out)
    if final_h:
        return text + final_h, "silent_h"
    last = next((p for _, p in reversed(items) if p != "_"), "")
    if last == "i":
        ending = "long_i"
    elif last in VOWELS:
        ending = "vowel"
    return text, ending


def _construct(plain: str, t: _Tables) -> str:
    """A word ending in a silent ه (-ah, -eh) as an Arabic construct writes it: -at."""
    return plain[:-2] + t.ezafe.get("construct_h", "at")


@lru_cache(maxsize=200_000)
def romanize_word(word: str, scheme: str, article: bool = True) -> Word:
    """Romanize one normalized Persian word (no spaces) in ``scheme``; cached. ``article=False``:
    the word is an article's noun, so an ال it begins with is its own (الباب of الالباب)."""
    t = _tables(scheme)
    if word.endswith(arabic.TA_MARBUTA):
        word = word[:-1] + "ه"   # ة is read as the silent ه it is written for: -ah, -at in construct
    if word.endswith(_HAMZA_H) and word[:-1] + "ه" in t.words:
        # a table word with the ezafe written (تذکرۀ): the table's reading and -ʼi
        w = t.words[word[:-1] + "ه"]
        return Word(w, w + t.ezafe.get("hamza_h", "-ye"), True)
    if word in t.words:
        w = t.words[word]
        if w.endswith("ah") and word.endswith("ه"):
            return Word(w, w + t.ezafe.get("silent_h", ""), False, _construct(w, t))
        ending = "long_i" if w.endswith("ī") else "vowel" if w[-1:] in "aeiouāūá" else "consonant"
        return Word(w, w + t.ezafe.get(ending, ""))
    noun = arabic.article_noun(word) if article else None
    if noun is not None and ZWNJ not in word:
        # an article word on its own: al- and the noun read alone (al-Dīn, never "uddīn"); the
        # noun has no article of its own (الالباب is al-albāb)
        pre = t.joints.get("article_word", "al-")
        w = romanize_word(noun, scheme, article=False)
        return Word(pre + w.plain, pre + w.ezafe, w.written_ezafe, pre + (w.construct or w.plain))
    if t.joints.get("article_mode") == "prefix":
        halves = arabic.split_joined(word)
        if len(halves) == 2:
            # a compound written joined (عبدالله, ابوالقاسم, فخرالدین) is written as its two words
            head, tail = romanize_word(halves[0], scheme), romanize_word(halves[1], scheme)
            joined = (head.construct or head.plain) + " "
            return Word(joined + tail.plain, joined + tail.ezafe, tail.written_ezafe,
                        joined + (tail.construct or tail.plain))
    hamza_h = word.endswith(_HAMZA_H)
    if hamza_h:
        word = word[:-1] + "ه"
    parts = [p for p in word.split(ZWNJ) if p]
    if not parts:
        return Word("", "")
    if len(parts) > 1 and any(p.startswith(ARTICLE) for p in parts[1:]):
        # The article binds to what comes before it (بین‌المللی = beyn-ol-melali): read the word whole.
        joined = "".join(parts)
        ph = espeak_phonemes(word) or espeak_phonemes(joined)
        segs = align(joined, ph) if ph else ()
        whole_parts, start = [], 0
        for p in parts:
            whole_parts.append(segs[start:start + len(p)] if len(segs) == len(joined) else None)
            start += len(p)
    else:
        whole_parts = [None] * len(parts)
    rendered: list[str] = []
    ending = "consonant"
    carrier = False
    for k, part in enumerate(parts):
        segs = _segments(part, k, len(parts), whole_parts[k])
        if k > 0 and part.startswith(ARTICLE) and t.joints.get("article_mode") == "prefix":
            # ALA-LC: the article is written al- whatever its pronunciation; drop its sounds.
            rest = list(segs[2:])
            if len(segs) >= 2 and segs[1][1].startswith("l") and len(segs[1][1]) > 1:
                rest.insert(0, ("", segs[1][1][1:]))
            text, ending = _render(tuple(rest), t, drop_initial_glottal=False)
            rendered.append(t.joints.get("article", " al-") + text)
            continue
        if k == len(parts) - 1 and len(segs) > 1 and segs[-1][0] == "ی" and segs[-1][1][:1] == "y" \
                and segs[-2][1][-1:] in ("A", "u", "o"):
            # A written ی after a long vowel carries the ezafe (دریای -> daryā-ye, not daryāy-e);
            # eSpeak reads the ezafe into such words (hAye): keep the plain form's y only.
            segs = segs[:-1] + (("ی", "y"),)
        text, ending = _render(segs, t, joint=k < len(parts) - 1)
        if k > 0:
            joint = t.joints.get("article", "") if part.startswith(ARTICLE) else t.joints.get("zwnj", "ʹ")
            rendered.append(joint)
        rendered.append(text)
        carrier = bool(segs) and segs[-1][0] == "ی" and segs[-1][1] == "y" and len(segs) > 1 \
            and segs[-2][1][-1:] in ("A", "u", "o")
    plain = "".join(rendered)
    construct = _construct(plain, t) if ending == "silent_h" and plain[-2:] in ("ah", "eh") else ""
    if hamza_h:
        return Word(plain, plain + t.ezafe.get("hamza_h", "-ye"), True)
    if carrier:
        # A written ی after a long vowel carries the ezafe: دریای -> daryā-ye, not daryāy-e.
        bare = plain[: len(plain) - len(t.phonemes.get("y", "y"))]
        return Word(plain, bare + t.ezafe.get("yeh_carrier", "-ye"), True)
    return Word(plain, plain + t.ezafe.get(ending, ""), False, construct)


def _receives_ezafe(word: str) -> bool:
    from .ezafe import receives_ezafe

    return receives_ezafe(word)


def _ezafe_flags(words: list[str]) -> list[bool]:
    from .ezafe import detect

    return detect(words)


def _join_compounds(words: list[str]) -> list[str]:
    """A compound written as two words becomes one word with a ZWNJ (romanized with the prime,
    ALA-LC rule 10: شاه نامه = Shāhʹnāmah); personal names are left as written."""
    from .ezafe import written_apart

    out = [words[0]]
    for w in words[1:]:
        if ZWNJ not in out[-1] and written_apart(out[-1], w):
            out[-1] = out[-1] + ZWNJ + w
        else:
            out.append(w)
    return out


def romanize_vowelled(text: str, scheme: str = "citation", *, capitalize: bool = False,
                      name: bool = False) -> str:
    """Romanize Persian text with vowels in ``scheme`` (``citation``, ``ala-lc`` or ``ascii``).

    Persian words are romanized with their short vowels and ezafe; Latin text, digits (Persian digits
    become ASCII) and punctuation pass through (Persian punctuation becomes Latin). The result is
    lowercase unless ``capitalize`` (then its first letter is capitalized).

    ``name=True`` reads the text as a personal-name heading (ALA-LC rule 8): no izafah between its
    elements unless the spelling writes one (ۀ), ibn between names.

        >>> romanize_vowelled("چشم‌انداز روابط ایران و روسیه", "citation")
        'cheshmʹandāz-e ravābet-e īrān va rūsiyeh'
    """
    _tables(scheme)  # an unknown scheme is reported before any work, and never cached
    return _romanize_text(text, scheme, capitalize, name)


@lru_cache(maxsize=65536)
def _romanize_text(text: str, scheme: str, capitalize: bool, name: bool = False) -> str:
    t = _tables(scheme)
    text = normalize(text)
    out: list[str] = []
    pos = 0
    # Runs of Persian words separated by single spaces are phrases: ezafe is decided over each run.
    for run in _RUN.finditer(text):
        out.append(text[pos:run.start()].translate(_PUNCT))
        words = arabic.split_conjunctions(run.group().split(" "))
        if not name and len(words) > 1:
            words = _join_compounds(words)
        last = len(words) - 1
        if name:
            flags = [False] * len(words)
        else:
            flags = _ezafe_flags(words) if len(words) > 1 else [False]
        particles = [not name and w in t.phrase_words
                     and arabic.preposition_in_phrase(w, words[k - 1] if k else None,
                                                      words[k + 1] if k < last else None)
                     for k, w in enumerate(words)]
        joined = [arabic.joined_preposition(w, words[k + 1] if k < last else None)
                  if t.phrase_words and not name else None for k, w in enumerate(words)]
        # an inverted heading's entry element drops the article (LC-PCC PS 9.2.2.25: Ṭūsī, Naṣīr
        # al-Dīn for الطوسی، نصیر الدین); a heading without a comma keeps it (al-Ghazzālī)
        entry = name and not text[:run.start()].strip() and text[run.end():run.end() + 1] in ("،", ",")
        rendered = []
        for k, (w, ez) in enumerate(zip(words, flags)):
            nxt = words[k + 1] if k < last else None
            if entry and k == 0:
                w = arabic.article_noun(w) or w
            if particles[k]:
                rendered.append(t.phrase_words[w])   # min, ʻalá: no izafah on or before them
                continue
            if k < last and (particles[k + 1] or joined[k + 1] is not None):
                ez = False
            if joined[k] is not None and joined[k][0] in t.phrase_words:
                # bi-, li-, lil- and the noun they govern (li-Ḥaz̤rat al-Tāj)
                noun = romanize_word(joined[k][1], scheme)
                construct = noun.before(nxt)
                rendered.append(t.phrase_words[joined[k][0]] + (construct if construct is not None else
                                                              noun.ezafe if ez else noun.plain))
                continue
            if w in arabic.IBN and 0 < k < last and "ابن" in t.words:
                rendered.append(t.words["ابن"])   # between two names بن is ibn, not the Persian bon
                continue
            r = romanize_word(w, scheme)
            construct = r.before(nxt)
            if construct is not None:
                rendered.append(construct)
                continue
            if not ez and r.written_ezafe and k < last:
                # the spelling writes the ezafe (چای سیاه, خانۀ بزرگ): trust it unless a verb or a
                # function word follows (اپلای کردن); in a name only ۀ counts
                ez = w.endswith(_HAMZA_H) or (not name and _receives_ezafe(words[k + 1]))
            rendered.append(r.ezafe if ez else r.plain)
        out.append(" ".join(rendered))
        pos = run.end()
    out.append(text[pos:].translate(_PUNCT))
    result = "".join(out)
    result = unicodedata.normalize("NFD" if t.nfd else "NFC", result)
    if capitalize:
        for i, ch in enumerate(result):
            if ch.isalpha():
                result = result[:i] + ch.upper() + result[i + 1:]
                break
    return result
