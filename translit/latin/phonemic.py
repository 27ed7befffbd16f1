"""Reading romanized Persian as phonemes, and the coarse keys that let Latin meet Persian spellings.

A romanized word is read into the internal phoneme alphabet of :mod:`translit.pronunciation.lexicon` (vowels
``a e o`` short, ``A i u`` long; consonants ``b p t d k g q ? f v s z S Z x h C J m n r l y``) with
the letter tables of ``translit/schemes/_latin_input.toml`` (plus the ``[to_persian]`` of a scheme
table whose parent it is, such as ``wiktionary.toml``).
Where a spelling is ambiguous (a final "eh", a digraph that may be two letters, tanvin) the reader
returns several :class:`Reading` s, each with a cost.

The skeleton key is what both sides agree on whatever the romanization: the consonants, with the
letters of one sound merged (ث س ص, ذ ز ض ظ, ت ط, ح ه, غ ق, ج ژ) and everything that Latin writers
render inconsistently dropped (vowels and the letters that carry them, ا و ی, the ayn and hamza, a
final silent ه). Doubled consonants count once.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

VOWELS = frozenset("aeoAiu")
SHORT = frozenset("aeo")
ZWNJ = "\u200c"

# phoneme -> skeleton class: the classes of the cross-script matching key (schemes/_matchkey.toml),
# whose [persian] table gives each Persian letter's class
_PH_CLASS = {c: c for c in "bptdkgqfszSxhmnrl"}
_PH_CLASS.update({"C": "c", "J": "j", "Z": "j"})


@cache
def _fa_classes() -> dict[str, str]:
    """Persian letter -> skeleton class, letters of one sound sharing one (the matching key's table)."""
    from ..tables import load_scheme

    return {k: v for k, v in load_scheme("_matchkey").section("persian").items() if v}


def fa_skeleton(word: str) -> str:
    """The skeleton key of a Persian spelling (ZWNJ-separated parts each lose a final ه)."""
    return spelled_skeleton("".join(p[:-1] if p and p[-1] in "هۀة" else p for p in word.split(ZWNJ)))


_N_BEFORE_B = re.compile("(?<=[^\u200c])نب")


def fa_skeletons(word: str) -> tuple[str, ...]:
    """The skeleton keys a Persian spelling may be read with: ن before ب inside a word is said m when
    no vowel comes between (انبار ambār, شنبه shambe) and n when one does (جانب jāneb)."""
    key = fa_skeleton(word)
    if "نب" not in word[1:]:
        return (key,)
    alt = fa_skeleton(_N_BEFORE_B.sub("مب", word))
    return (key, alt) if alt != key else (key,)


def spelled_skeleton(letters: str) -> str:
    """The skeleton classes of every letter, a final ه included (a letter group's own consonants)."""
    classes = _fa_classes()
    out = []
    for ch in letters:
        c = classes.get(ch)
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def ph_skeleton(phonemes: str) -> str:
    """The skeleton key of a phoneme string (vowels, y, v and the glottal stop dropped)."""
    out = []
    for ph in phonemes:
        c = _PH_CLASS.get(ph)
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def latin_skeletons(phonemes: str) -> tuple[str, ...]:
    """Skeleton keys a romanized reading may have: a final h after a vowel may be the silent ه
    (dropped on the Persian side) or a sounded ح/ه; both are tried."""
    key = ph_skeleton(phonemes)
    if len(phonemes) >= 2 and phonemes[-1] == "h" and phonemes[-2] in VOWELS:
        short = ph_skeleton(phonemes[:-1])
        return (key, short) if short != key else (key,)
    return (key,)


@dataclass(frozen=True)
class Reading:
    """One way to read a romanized word: phonemes, per-phoneme hinted Persian letters, and a cost
    (0 for the plain reading; more for less likely ones such as a digraph read as two letters)."""

    phonemes: str
    hints: tuple[str, ...]
    cost: float


@cache
def _table(scheme: str | None) -> tuple[dict[str, tuple[str, str]], int]:
    from ..tables import load_scheme

    base = load_scheme("_latin_input").section("to_persian")
    merged: dict[str, str] = {k: v for k, v in base.items() if isinstance(v, str)}
    if scheme:
        sub = base.get(scheme)
        if isinstance(sub, dict):
            merged.update(sub)
        from ..tables import _raw

        try:
            parents = _raw(scheme).get("scheme", {}).get("parents", [])
        except Exception:  # a scheme without a table file simply adds nothing
            parents = []
        # only tables built on this one use its phoneme format (others map Latin to letters)
        if "_latin_input" in parents:
            own = load_scheme(scheme).section("to_persian")
            merged.update({k: v for k, v in own.items() if isinstance(v, str)})
    table = {}
    for k, v in merged.items():
        ph, _, hint = v.partition("|")
        hint = hint.replace("|", "~")  # "primary|secondary" letters
        table[unicodedata.normalize("NFC", k)] = (ph, hint)
    return table, max(map(len, table))


_PLAIN_AY = 1.0  # "ay" read as a + y (lāyk) rather than /ey/
_FINAL_EI = 0.5  # a final "ei" read as e + i, the adjective ending after a silent ه (herfei)
# A cataloguer who marks length still leaves a mark out now and then (Divān for Dīvān, Mirzā,
# Shirāzī): in a text that marks length, a bare i or u may be ī or ū, at this cost
_LENGTH_SLIP = 3.0   # 2, 3, 4 tried: 3 gains most on both hash halves of the real catalogue pairs
_MAX_READINGS = 6
_DIGRAPHS = {"sh": ("s", "h"), "kh": ("k", "h"), "gh": ("g", "h"), "zh": ("z", "h"), "ch": ("C", "h"),
             "jh": ("J", "h"), "th": ("t", "h"), "dh": ("d", "h")}
# what reading a digraph as two letters costs: rare for the Persian digraphs (es'hāq), common for
# the Arabic table's th and dh, which are t and ḥ with the dot left out as often (Fath = Fatḥ)
# (0.3, 1 and 3 tried on the real catalogue pairs: 1 gains on both hash halves, 0.3 the same)
_DIGRAPH_SPLIT = {"th": 1.0, "dh": 1.0}
_SPLIT_DEFAULT = 3.0
_LENGTH_MARKS = frozenset("āâīūáãîûíú") | {"\u0304", "\u0302"}
# what a word part may hold: letters, the ayn and hamza marks, and combining marks (the z̤ of ض)
_LETTERISH = re.compile(r"[^\w‘’\u0300-\u036f]", re.UNICODE)


def has_length_marks(word: str) -> bool:
    """True when a romanized word marks vowel length (ā â ī ū ...), so a bare a is short."""
    return any(ch in _LENGTH_MARKS for ch in unicodedata.normalize("NFD", word)) or any(
        ch in _LENGTH_MARKS for ch in word)


def _segment(word: str, scheme: str | None) -> list[tuple[str, str, str]]:
    """Greedy longest-match of the table's keys: (latin, phonemes, hint letters)."""
    table, longest = _table(scheme)
    out = []
    i, n = 0, len(word)
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            chunk = word[i:i + size]
            hit = table.get(chunk)
            if hit is not None:
                out.append((chunk, hit[0], hit[1]))
                i += size
                break
        else:
            ch = word[i]
            base = unicodedata.normalize("NFD", ch)[0]
            hit = table.get(base) if base != ch else None
            if hit is not None:  # an accented letter the table lacks reads as its base letter
                out.append((ch, hit[0], hit[1]))
            i += 1  # combining marks and stray symbols are skipped
    return out


def read_latin(word: str, scheme: str | None = None, *, marks_left_out: bool = False,
               length_slips: bool = False) -> list[Reading]:
    """Readings of one romanized word part (no spaces, hyphens or primes), cheapest first.
    ``marks_left_out``: the text writes no glottal stop or length mark anywhere (ALA-LC typed plain).
    ``length_slips``: the text marks length, yet a bare i or u may be a long vowel whose mark was
    left out (read at a cost)."""
    word = unicodedata.normalize("NFC", word.casefold())
    word = _LETTERISH.sub("", word).replace("_", "")
    segs = _segment(word, scheme)
    if not segs:
        return []
    phs: list[str] = []
    hints: list[str] = []
    for lat, ph, hint in segs:
        phs.append(ph)
        hints.append(hint)
    # Diphthongs: ow/aw/ou before a consonant or at the end are the و of /ow/ (lexicon: و -> o);
    # ey/ay/ei likewise the ی of /ey/.
    # ALA-LC writes its diphthongs ay and aw: typed without its marks, "ai" and "au" are two vowels
    # with the ayn or hamzah left out between them (Ismail = Ismāʻīl). (With its marks, ALA-LC
    # writes that ʻ or ʼ, and a bare ai is a foreign word's diphthong: tried, persianize-alalc fell.)
    plain_alalc = marks_left_out and scheme in ("ala-lc", ALA_LC_ASCII)
    second = ("y", "w") if plain_alalc else ("y", "i", "w", "u")
    k = 0
    plain_ay = []  # segment indexes of an "ay" read as /ey/: without length marks it may be āy
    final_ei = False  # a final "ei" read as /ey/: it may be the ending -e'i (herfei = حرفه‌ای)
    while k < len(phs) - 1:
        nxt_vowel = k + 2 < len(phs) and phs[k + 2][:1] in VOWELS
        if phs[k] in ("o", "a") and segs[k + 1][0] in ("w", "u") and segs[k + 1][0] in second \
                and not nxt_vowel:
            phs[k], hints[k] = "o", "!و"
            del phs[k + 1], hints[k + 1], segs[k + 1]
        elif phs[k] in ("e", "a") and segs[k + 1][0] in ("y", "i") and segs[k + 1][0] in second \
                and not nxt_vowel:
            if segs[k][0] == "a" and segs[k + 1][0] == "y":
                plain_ay.append(k)
            if segs[k][0] == "e" and segs[k + 1][0] == "i" and k + 2 == len(phs):
                final_ei = True
            phs[k], phs[k + 1], hints[k + 1] = "e", "y", "!ی"
            k += 1
        k += 1
    for k in range(1, len(phs)):
        if segs[k][0] == segs[k - 1][0] and phs[k] == phs[k - 1] and hints[k] and hints[k] == hints[k - 1] \
                and phs[k] not in VOWELS:
            hints[k] = ""   # a doubled ṣṣ ṭṭ qq is one letter with a shaddah, not two (qiṣṣah قصه)
    if scheme == "ala-lc":
        # ALA-LC's ʻ is the ayn and nothing else (its hamzah is ʼ)
        for k, (lat, _, _) in enumerate(segs):
            if lat == "‘":
                hints[k] = "!ع"
            elif lat == "’":
                hints[k] = "!ءأئؤإآ"   # ... and its ʼ is a written hamzah (khulafāʼ خلفاء, pāʼīn پائین)
        # ALA-LC marks length, so the y of a short i before a vowel is a written ی (diyār دیار,
        # siyar سیر, awliyāʼ اولیاء), never the unwritten glide after a long ī
        for k in range(len(phs) - 2):
            if segs[k][0] == "i" and phs[k + 1] == "y" and phs[k + 2][:1] in VOWELS and not hints[k + 1]:
                hints[k + 1] = "!ی"
    base = "".join(phs)
    hint_per_ph: list[str] = []
    for ph, hint in zip(phs, hints):
        hint_per_ph.extend([hint] * len(ph))
    readings = [Reading(base, tuple(hint_per_ph), 0.0)]
    if plain_ay and len(plain_ay) == 1:
        k = plain_ay[0]
        pos = sum(len(p) for p in phs[:k])
        h = list(hint_per_ph)
        h[pos + 1] = ""
        readings.append(Reading(base[:pos] + "a" + base[pos + 1:], tuple(h), _PLAIN_AY))
    if final_ei:
        readings.append(Reading(base[:-1] + "i", tuple(hint_per_ph[:-1]) + ("",), _FINAL_EI))
    # A final "eh"/"ah" is usually the silent ه (citation "rahnāmeh", ALA-LC "-ah").
    if len(base) >= 3 and base[-1] == "h" and base[-2] in "ae" and base[-3] not in VOWELS \
            and not hint_per_ph[-1]:   # ḥ is ح, never the silent ه (Ṣāliḥ)
        silent = base[:-2] + "e"
        readings.insert(0, Reading(silent, tuple(hint_per_ph[:-2]) + ("ه",), 0.0))
        readings[1] = Reading(base, readings[1].hints, 0.7)
    # Tanvin: adverbs in -an are written with a final alef (abadan -> ابدا).
    if len(base) >= 4 and base.endswith("an") and base[-3] not in VOWELS:
        readings.append(Reading(base[:-2] + "A", tuple(hint_per_ph[:-2]) + ("!ا",), 2.0))
    if length_slips:
        readings.extend(_slipped(readings[0], segs, phs))
    # A digraph may be two letters (es'hāq); rarely, so it costs.
    for idx, (lat, ph, _) in enumerate(segs):
        if lat in _DIGRAPHS and len(readings) < _MAX_READINGS:
            pos = sum(len(p) for p in phs[:idx])
            if base[pos:pos + 1] != ph:
                continue
            a, b = _DIGRAPHS[lat]
            alt = base[:pos] + a + b + base[pos + 1:]
            h = hint_per_ph[:pos] + ["", ""] + hint_per_ph[pos + 1:]
            readings.append(Reading(alt, tuple(h), _DIGRAPH_SPLIT.get(lat, _SPLIT_DEFAULT)))
    return readings


# the bare vowels that may have lost a length mark; the long phoneme each stands for then is
# written with the same letter (ī is "i", ū is "u")
_SLIP_VOWELS = frozenset("iu")


def _slipped(plain: Reading, segs: list[tuple[str, str, str]], phs: list[str]) -> list[Reading]:
    """``plain`` with one bare i or u read long (Divān as Dīvān), one reading per such vowel."""
    out = []
    pos = 0
    base = plain.phonemes
    for (lat, _, _), ph in zip(segs, phs):
        # not word-initially: there the vowel's ا is written either way, and ای, او are rarer
        if pos and lat in _SLIP_VOWELS and ph in ("e", "o") and len(out) < _MAX_READINGS - 2 \
                and base[pos:pos + 1] == ph:
            out.append(Reading(base[:pos] + lat + base[pos + 1:], plain.hints,
                               plain.cost + _LENGTH_SLIP))
        pos += len(ph)
    return out


# ------------------------------------------------------------------ scheme detection
_DOTTED = frozenset("ṣḥṭẓżḍẕḏṯş ḩţ".replace(" ", "")) | {"\u0323", "\u0324", "\u0331", "\u0327"}
_WIKT = frozenset("âšžčğ")
_MACRONS = frozenset("āīū")


# The input scheme of ALA-LC typed without its marks (schemes/ala-lc-ascii.toml)
ALA_LC_ASCII = "ala-lc-ascii"
# ALA-LC's habits that a text typed without its marks keeps: -ah for a silent ه, the izafah -i or
# -yi, al- and ibn; and the vowels it never writes (e, o, except the conjunction o)
_ALALC_HABITS = re.compile(r"[^aeiou\s]ah\b|\w-y?i\b|\b(?:al|ul)-\w|\b(?:ibn|bin)\b|iy[aiu]|aw")
_IRANIAN_VOWELS = re.compile(r"e|\Bo|o\B")


def detect_scheme(text: str) -> str:
    """Guess the romanization of ``text``: 'wiktionary', 'ala-lc', 'citation', 'ascii' or 'strict'.

    Wiktionary writes â š ž č x ğ; ALA-LC writes dotted consonants, the ayn ʻ, and no e or o vowels;
    the citation style has macrons with e/o vowels and digraphs; plain ASCII has no marks.
    """
    t = unicodedata.normalize("NFC", text.casefold())
    chars = set(t) | set(unicodedata.normalize("NFD", t))
    strict_only = {"ŷ", "ŵ", "ẗ", "ẖ", "ǎ", "ą", "į", "ų"}
    if chars & strict_only:
        return "strict"
    if chars & _WIKT or re.search(r"(?<![a-z])[a-z]*x[a-z]*(?![a-z])", t) and "kh" not in t:
        return "wiktionary"
    if chars & _DOTTED or "ʻ" in t:
        return "ala-lc"
    if t.isascii() and not _IRANIAN_VOWELS.search(t) and (
            _ALALC_HABITS.search(t) or len(re.findall(r"[a-z]{3,}", t)) >= 2):
        # two words without an e or an o are not Iranian romanization, which writes them (and -e)
        return ALA_LC_ASCII
    letters = re.sub(r"[^a-zāīūáíú]", " ", unicodedata.normalize("NFC", t))
    if chars & _MACRONS:
        # ALA-LC has only a i u; any e or o vowel marks the citation style, and ALA-LC shows itself
        # by its izafah (-i, -yi) or its -ah ending
        if re.search(r"[eo]", letters):
            return "citation"
        if re.search(r"\w-y?i\b|ah\b", t):
            return "ala-lc"
        return "citation"
    if all(ord(c) < 128 for c in t):
        return "ascii"
    return "citation"
