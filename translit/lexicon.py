"""The pronunciation lexicon: Persian spellings with their phonemes, letter by letter.

Source: gruut-lang-fa's ``lexicon.db`` (47,143 words, derived from the Tihu Persian lexicon), installed
from PyPI. Each word comes with an alignment of its letters to phonemes, which is what lets a scheme
render ص as ṣ (ALA-LC) and ق as gh (citation) while taking the vowels from the pronunciation.

Phonemes are kept in a compact internal alphabet, one character each, so that schemes can render them
through a table:

    vowels      a e o  (short)   A i u (long: ɒː iː uː)
    consonants  b p t d k g q(ɢ) ?(ʔ) f v s z S(ʃ) Z(ʒ) x h C(t͡ʃ) J(d͡ʒ) m n r l y(j)
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import resources

# IPA symbols of the gruut lexicon -> the internal alphabet above.
IPA_TO_PHONEME = {
    "æ": "a", "e̞": "e", "o": "o", "ɒː": "A", "iː": "i", "uː": "u",
    "b": "b", "p": "p", "t": "t", "d": "d", "k": "k", "g": "g", "ɢ": "q", "ʔ": "?",
    "f": "f", "v": "v", "s": "s", "z": "z", "ʃ": "S", "ʒ": "Z", "x": "x", "h": "h",
    "t͡ʃ": "C", "d͡ʒ": "J", "m": "m", "n": "n", "ɾ": "r", "r": "r", "l": "l", "j": "y",
}
VOWELS = frozenset("aeoAiu")


@dataclass(frozen=True)
class Pronunciation:
    """One pronunciation of a spelling: ``segments`` pairs each letter group with its phonemes.

    ``("ا|و", "u")`` means the two letters ا و together say /u/; a group whose phonemes are empty
    is silent (the و of خوا, a final ه after a vowel in some entries).
    """

    word: str
    phonemes: str
    segments: tuple[tuple[str, str], ...]


def _ipa(seq: str) -> str:
    return "".join(IPA_TO_PHONEME.get(p, "") for p in seq.split("|") if p)


def _parse_alignment(text: str) -> tuple[tuple[str, str], ...]:
    segments = []
    for part in text.split(" "):
        letters, _, phones = part.partition("}")
        segments.append((letters.replace("|", ""), _ipa(phones)))
    return tuple(segments)


def _db_path():
    return resources.files("gruut_lang_fa") / "lexicon.db"


@cache
def lexicon() -> dict[str, tuple[Pronunciation, ...]]:
    """All lexicon entries by spelling (loaded once, on first use)."""
    entries: dict[str, list[Pronunciation]] = {}
    with sqlite3.connect(f"file:{_db_path()}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT w.word, w.phonemes, a.alignment FROM word_phonemes w "
            "LEFT JOIN g2p_alignments a ON a.id = w.id ORDER BY w.id")
        for word, phones, alignment in rows:
            segs = _parse_alignment(alignment) if alignment else ()
            phonemes = "".join(IPA_TO_PHONEME.get(p, "") for p in phones.split())
            entries.setdefault(word, []).append(Pronunciation(word, phonemes, segs))
    return {w: tuple(p) for w, p in entries.items()}


def pronunciations(word: str) -> tuple[Pronunciation, ...]:
    """Known pronunciations of one normalized Persian word (empty when the lexicon lacks it)."""
    return lexicon().get(word, ())
