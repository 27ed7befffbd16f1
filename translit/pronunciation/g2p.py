"""Pronunciations for Persian words: eSpeak NG's Persian rules, and letter-to-phoneme alignment.

Measured on the Wiktionary development pairs (see bench/ and the project README), eSpeak NG's
Persian voice (rules plus its exception list, through espeakng-loader and ctypes; 1.52 was measured
here, the current dictionary is now compiled in, see :mod:`translit.pronunciation.espeakdata`) gives the right
vowels for more words than gruut's Tihu-derived lexicon does on the words that lexicon knows (0.91 vs
0.85 on those) and covers every word; gruut's CRF model scores far lower (0.32). So eSpeak is the main
source of phonemes and the lexicon the fallback when eSpeak cannot be loaded.

Tried and left out, measured on the same pairs: a letter-context classifier trained on the lexicon's
47k aligned words (95% on held-out lexicon words, but about half of them are verb forms) decides
whether a consonant is followed by a vowel worse than eSpeak does (78% vs 90% of such letters in
words eSpeak reads by rule), and overriding eSpeak even where it was certain lowered word accuracy;
reading stems from eSpeak's dictionary or the lexicon plus a fixed suffix changed almost nothing,
since eSpeak already strips suffixes itself.

eSpeak gives phonemes without saying which letter made them, but schemes need that (ALA-LC writes ص
as ṣ and س as s; every scheme marks ع and ء). :func:`align` pairs the letters of a spelling with a
phoneme string by dynamic programming over what each letter can say, and fills in what eSpeak
dropped (an ع it did not pronounce, the y of ایی).

Phonemes use the lexicon's internal alphabet (see :mod:`translit.pronunciation.lexicon`).
"""
from __future__ import annotations

import ctypes
import re
import threading
from functools import cache, lru_cache

from .lexicon import VOWELS
from ..latin.phonemic import SHORT

ZWNJ = "\u200c"

# What each letter can say, with a cost: 0 for its usual values, more for rarer readings. Letter
# values follow the ALA-LC Persian table (standards: consonants, vowels, rules 1-4).
_CONSONANT = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "J", "چ": "C", "ح": "h", "خ": "x", "د": "d",
    "ذ": "z", "ر": "r", "ز": "z", "ژ": "Z", "س": "s", "ش": "S", "ص": "s", "ض": "z", "ط": "t",
    "ظ": "z", "غ": "q", "ف": "f", "ق": "q", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
}
_SPECIAL: dict[str, tuple[tuple[str, float], ...]] = {
    "ا": (("A", 0), ("a", 0.6), ("e", 0.6), ("o", 0.6), ("", 1.5), ("?A", 0.3), ("?a", 0.6), ("?e", 0.6),
          ("?o", 0.6), ("an", 1.0), ("?", 0.8)),
    "آ": (("A", 0), ("?A", 0), ("yA", 1.0)),
    "أ": (("?", 0), ("?a", 0), ("?o", 0.3), ("a", 0.3), ("o", 0.5), ("", 0.8)),
    "إ": (("?e", 0), ("e", 0), ("?", 0.5)),
    "و": (("v", 0), ("u", 0), ("O", 0), ("o", 0.3), ("ov", 0.3), ("vv", 0.4), ("uv", 0.5), ("", 1.0), ("?u", 1.0)),
    "ی": (("y", 0), ("i", 0), ("ey", 0.3), ("iy", 0.3), ("yy", 0.4), ("e", 1.0), ("a", 1.0), ("A", 1.0),
          ("", 2.5)),
    "ه": (("h", 0), ("e", 0.2), ("a", 0.6), ("", 1.0), ("hh", 0.5)),
    "ع": (("?", 0), ("", 0.4), ("??", 0.5)),
    "ء": (("?", 0), ("", 0.5)),
    "ئ": (("?", 0), ("y", 0.3), ("", 0.5), ("?e", 0.3), ("?i", 0.5)),
    "ؤ": (("?", 0), ("?o", 0.2), ("v", 0.5), ("", 0.8)),
    "ة": (("t", 0), ("e", 0.3), ("", 1.0)),
    ZWNJ: (("", 0),),
}
_FREE_VOWEL_COST = {"a": 1.0, "e": 1.0, "o": 1.0, "O": 1.0, "i": 2.5, "u": 2.5, "A": 3.0}
_FREE_CONSONANT_COST = 4.0   # a consonant no letter accounts for
_FREE_GLOTTAL_COST = 0.5     # eSpeak's glottal stop before an initial vowel
_EMIT_COST = 2.0             # a letter's sound that the phonemes lack (y of ایی) is put back
_EMITTED = frozenset("yv?")  # the sounds that may be put back


@cache
def _options(letter: str) -> tuple[tuple[str, float], ...]:
    if letter in _SPECIAL:
        return _SPECIAL[letter]
    c = _CONSONANT.get(letter)
    if c is None:
        return (("", 0.5),)
    return ((c, 0), (c + c, 0.3), ("", 5.0))


def align(word: str, phonemes: str) -> tuple[tuple[str, str], ...]:
    """Pair each letter of ``word`` with the phonemes it says, in order.

    Phonemes no letter accounts for (the short vowels Persian does not write) are attached to the
    preceding letter (or to the first one at the start). Where ``phonemes`` lacks a sound that a
    letter needs between vowels (ی as y), the letter's sound is put back, so that the result's
    phonemes may differ slightly from the input.
    """
    n, m = len(word), len(phonemes)
    inf = float("inf")
    # cost[i][j]: best cost of letters[:i] against phonemes[:j]; back[i][j] how we got there.
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # the free-phoneme cost of each position (a vowel, the glottal stop before an initial vowel, or
    # a consonant no letter accounts for)
    free = [_FREE_VOWEL_COST.get(p, _FREE_CONSONANT_COST) for p in phonemes]
    free_first = [_FREE_GLOTTAL_COST if p == "?" else c for p, c in zip(phonemes, free)]
    for i in range(n + 1):
        row = cost[i]
        options = _options(word[i]) if i < n else ()
        nxt = cost[i + 1] if i < n else None
        nxt_back = back[i + 1] if i < n else None
        frees = free_first if i == 0 else free
        for j in range(m + 1):
            c = row[j]
            if c == inf:
                continue
            if j < m:  # a phoneme without a letter
                extra = frees[j]
                if c + extra < row[j + 1]:
                    row[j + 1] = c + extra
                    back[i][j + 1] = (i, j, "+")
            for ph, k in options:
                if phonemes.startswith(ph, j):
                    nj = j + len(ph)
                    if c + k < nxt[nj]:
                        nxt[nj] = c + k
                        nxt_back[nj] = (i, j, ph)
                elif ph in _EMITTED and c + _EMIT_COST + k < nxt[j]:
                    nxt[j] = c + _EMIT_COST + k
                    nxt_back[j] = (i, j, "=" + ph)
    # Walk back from the end, then attach free phonemes to the letter before them.
    steps: list[tuple[int | None, str]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, how = back[i][j]  # type: ignore[misc]
        if how == "+":
            steps.append((None, phonemes[pj]))
        elif how.startswith("="):
            steps.append((pi, how[1:]))
        else:
            steps.append((pi, how))
        i, j = pi, pj
    steps.reverse()
    segs: list[list[str]] = []
    lead = ""
    for letter_index, ph in steps:
        if letter_index is None:
            if segs:
                segs[-1][1] += ph
            else:
                lead += ph
        else:
            segs.append([word[letter_index], lead + ph])
            lead = ""
    return _settle(tuple((l, p) for l, p in segs))


def _settle(segs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Resolve what alignment alone left open.

    - eSpeak's long o (``O`` here) is the diphthong ow only where a و writes it (ferdowsī, nowrūz);
      elsewhere it is a plain o (بخاری = bokhārī, not bowkhārī).
    - Persian writes every word-final short vowel (ه for e/a, و for o), so a short vowel after the
      last letter of another kind is eSpeak reading an ezafe into the word (درپی, علیرغم): drop it.
    - A ئ that eSpeak left silent between a long vowel and ی is the glide y (جدائی = jodāyī).
    - Persian writes a vowel with ه only at the end of a word or part, so a ه inside a word that
      eSpeak's rules read as a vowel beside another vowel is the consonant h (اسهم "aseam",
      بهمان "beemān").
    """
    if not segs:
        return segs
    out = [(l, p.replace("O", "ov" if l == "و" else "o")) if "O" in p else (l, p) for l, p in segs]
    last_letter, last = out[-1]
    if len(last) >= 2 and last[-1] in "aeo" and last_letter not in _FINAL_VOWEL_LETTERS:
        out[-1] = (last_letter, last[:-1])
    for k in range(1, len(out) - 1):
        letter, ph = out[k]
        if letter == "ه" and ph[:1] in SHORT:
            # a ه read as a vowel next to another vowel is the consonant h (بهمان "be-e-mān" is
            # behmān, اسهم "as-e-am" asham... or aseham); before a consonant it may be the silent
            # ه of a compound written without its ZWNJ (دروازهبان darvāzebān), and stays
            if out[k - 1][1][-1:] in VOWELS:
                out[k] = ("ه", "h" + ph[1:])
            elif ph[1:2] in VOWELS:
                out[k] = ("ه", ph[0] + "h" + ph[1:])
        if out[k] == ("ئ", "") and out[k - 1][1][-1:] in ("A", "u") and out[k + 1][0] == "ی":
            out[k] = ("ئ", "y")
    return tuple(out)


# Letters that may end a word with a short vowel they write themselves.
_FINAL_VOWEL_LETTERS = frozenset("هوا")


# --- eSpeak NG -----------------------------------------------------------------------------------

# eSpeak's ASCII phoneme names for Persian -> the internal alphabet (longest first).
_ESPEAK = [("tS", "C"), ("dZ", "J"), ("q1", "q"), ("a:", "a"), ("e:", "e"), ("o:", "O"), ("u:", "u"),
           ("i:", "i"), ("A", "A"), ("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("i", "i"),
           ("R", "r"), ("r", "r"), ("j", "y"), ("S", "S"), ("Z", "Z"), ("x", "x"), ("?", "?"), ("q", "q"),
           ("G", "q"), ("h", "h"), ("b", "b"), ("p", "p"), ("t", "t"), ("d", "d"), ("k", "k"), ("g", "g"),
           ("f", "f"), ("v", "v"), ("s", "s"), ("z", "z"), ("m", "m"), ("n", "n"), ("l", "l"), ("w", "v"),
           ("y", "y"), ("c", "k"), ("N", "n")]


# one scan: at each point the first name of _ESPEAK that matches (the list's order, longest first),
# or any other character, skipped (stress marks, syllable and word separators)
_ESPEAK_NAMES = re.compile("(" + "|".join(re.escape(src) for src, _ in _ESPEAK) + ")|.", re.DOTALL)
_ESPEAK_MAP = dict(_ESPEAK)


def _from_espeak(text: str) -> str:
    return "".join(_ESPEAK_MAP[m] for m in _ESPEAK_NAMES.findall(text) if m)


class _Espeak:
    """The eSpeak NG library through ctypes, set to the Persian voice; one call at a time.

    Its data directory is the one :func:`translit.pronunciation.espeakdata.data_dir` gives: eSpeak NG's current
    Persian dictionary compiled from the shipped sources, or 1.52's bundled data when that cannot
    be made (:attr:`data` says which)."""

    def __init__(self) -> None:
        from . import espeakdata

        self.data = espeakdata.data_dir()
        lib = ctypes.CDLL(espeakdata.library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        if not self._start(lib):
            if not self.data.compiled:
                raise OSError(f"eSpeak NG has no Persian voice in {self.data.path}")
            # the compiled directory was checked when made and its dictionary's header before
            # this load (espeakdata._complete), but may have been damaged since in a way those
            # checks miss: it goes (the next process compiles it again) and this one tries 1.52's
            # data (a library that refused a directory may crash when initialized again: measured
            # with a voice file naming no Persian voice, so the checks come first)
            espeakdata.discard(self.data.path)
            self.data = espeakdata.DataDir(espeakdata.bundled_dir(), compiled=False,
                                           reason=f"{self.data.path} did not load")
            if not self._start(lib):
                raise OSError(f"eSpeak NG has no Persian voice in {self.data.path}")
        self._lock = threading.Lock()

    def _start(self, lib) -> bool:
        """Initialize with ``self.data`` and set the Persian voice; whether it then reads a word."""
        # AUDIO_OUTPUT_RETRIEVAL (1): no sound device is opened.
        if lib.espeak_Initialize(1, 0, str(self.data.path).encode(), 0) < 0:
            return False
        if lib.espeak_SetVoiceByName(b"fa") != 0:
            return False
        self._lib = lib
        return bool(self._read("کتاب").strip())

    def phonemes(self, text: str) -> str:
        with self._lock:
            return self._read(text)

    def _read(self, text: str) -> str:
        buf = ctypes.c_char_p(text.encode("utf-8"))
        ptr = ctypes.pointer(buf)
        parts = []
        while ptr.contents.value:
            # textmode 1 = UTF-8 input; phonememode 0 = eSpeak's ASCII phoneme names
            out = self._lib.espeak_TextToPhonemes(ptr, 1, 0)
            if not out:
                break
            parts.append(out.decode("utf-8", "replace"))
        return " ".join(parts)


@cache
def _espeak() -> _Espeak | None:
    try:
        return _Espeak()
    except (OSError, ImportError, AttributeError, RuntimeError):
        return None


def espeak_available() -> bool:
    """Whether eSpeak NG (espeakng-loader) could be loaded."""
    return _espeak() is not None


def espeak_data():
    """The :class:`translit.pronunciation.espeakdata.DataDir` eSpeak NG reads with (loading it), or None when
    eSpeak NG is unavailable."""
    engine = _espeak()
    return engine.data if engine is not None else None


@lru_cache(maxsize=65536)
def espeak_phonemes(word: str) -> str:
    """eSpeak NG's Persian pronunciation of one word, in the internal alphabet ("" when unavailable)."""
    engine = _espeak()
    if engine is None or not word:
        return ""
    return _from_espeak(engine.phonemes(word))


@lru_cache(maxsize=65536)
def guess(word: str) -> tuple[tuple[str, str], ...]:
    """Aligned segments for a word: eSpeak NG's pronunciation, else the lexicon's, else the letters'
    default values (consonants, long vowels for ا و ی) so that every word gets an answer."""
    ph = espeak_phonemes(word)
    if not ph:
        from .lexicon import lexicon

        known = lexicon().phonemes(word)
        if known:
            ph = known[0]
    if not ph:
        ph = "".join(_options(ch)[0][0] for ch in word)
    return align(word, ph)


def is_vowel(ph: str) -> bool:
    return ph in VOWELS
