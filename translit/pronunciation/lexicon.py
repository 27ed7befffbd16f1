"""The pronunciation lexicon: Persian spellings with their phonemes, letter by letter.

Source: gruut-lang-fa's ``lexicon.db`` (47,143 words, derived from the Tihu Persian lexicon), installed
from PyPI. Each word comes with an alignment of its letters to phonemes, which is what lets a scheme
render ص as ṣ (ALA-LC) and ق as gh (citation) while taking the vowels from the pronunciation.

Phonemes are kept in a compact internal alphabet, one character each, so that schemes can render them
through a table:

    vowels      a e o  (short)   A i u (long: ɒː iː uː)
    consonants  b p t d k g q(ɢ) ?(ʔ) f v s z S(ʃ) Z(ʒ) x h C(t͡ʃ) J(d͡ʒ) m n r l y(j)

Reading the SQLite file and parsing 47k alignments takes well over a second, so the parsed entries are
kept as plain tuples in a marshal file in the per-user cache directory (platformdirs). The cache is
keyed by the database's size and modification time and by this module's format version, and rebuilt
when any of them changes; loading it takes a small fraction of that time. ``Pronunciation`` objects
are made on lookup, not at load.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .. import cachefile

# IPA symbols of the gruut lexicon -> the internal alphabet above.
IPA_TO_PHONEME = {
    "æ": "a", "e̞": "e", "o": "o", "ɒː": "A", "iː": "i", "uː": "u",
    "b": "b", "p": "p", "t": "t", "d": "d", "k": "k", "g": "g", "ɢ": "q", "ʔ": "?",
    "f": "f", "v": "v", "s": "s", "z": "z", "ʃ": "S", "ʒ": "Z", "x": "x", "h": "h",
    "t͡ʃ": "C", "d͡ʒ": "J", "m": "m", "n": "n", "ɾ": "r", "r": "r", "l": "l", "j": "y",
}
VOWELS = frozenset("aeoAiu")

# Bump when the cached representation changes.
_CACHE_FORMAT = 2

# One word's pronunciations packed into one string: marshal loads a dict of 47k short strings in a
# few tens of milliseconds, while the same data as nested tuples takes over a second.
_PRON_SEP, _FIELD_SEP, _SEG_SEP, _PAIR_SEP = "\x1c", "\x1d", "\x1e", "\x1f"


@dataclass(frozen=True)
class Pronunciation:
    """One pronunciation of a spelling: ``segments`` pairs each letter group with its phonemes.

    ``("او", "u")`` means the two letters ا و together say /u/; a group whose phonemes are empty
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


def _pack(prons: list[tuple[str, tuple[tuple[str, str], ...]]]) -> str:
    return _PRON_SEP.join(
        ph + _FIELD_SEP + _SEG_SEP.join(l + _PAIR_SEP + p for l, p in segs) for ph, segs in prons)


def _unpack(word: str, packed: str) -> tuple[Pronunciation, ...]:
    out = []
    for pron in packed.split(_PRON_SEP):
        ph, _, segs = pron.partition(_FIELD_SEP)
        pairs = tuple(tuple(s.split(_PAIR_SEP, 1)) for s in segs.split(_SEG_SEP)) if segs else ()
        out.append(Pronunciation(word, ph, pairs))  # type: ignore[arg-type]
    return tuple(out)


def _read_db(path) -> dict[str, str]:
    entries: dict[str, list] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT w.word, w.phonemes, a.alignment FROM word_phonemes w "
            "LEFT JOIN g2p_alignments a ON a.id = w.id ORDER BY w.id")
        for word, phones, alignment in rows:
            segs = _parse_alignment(alignment) if alignment else ()
            phonemes = "".join(IPA_TO_PHONEME.get(p, "") for p in phones.split())
            entries.setdefault(word, []).append((phonemes, segs))
    return {w: _pack(p) for w, p in entries.items()}


def _cache_file(db: Path) -> Path:
    from platformdirs import user_cache_dir

    st = db.stat()
    return Path(user_cache_dir("peyvand")) / f"lexicon-v{_CACHE_FORMAT}-{st.st_size}-{int(st.st_mtime)}.marshal"


def _load_raw() -> dict[str, str]:
    db = Path(str(_db_path()))
    try:
        target = _cache_file(db)
    except OSError:
        return _read_db(db)
    data = cachefile.read(target)
    if data is not None:
        return data
    data = _read_db(db)
    try:
        cachefile.write(target, data)
        cachefile.prune(target, "lexicon-v*.marshal", 1)   # one lexicon: earlier caches go
    except OSError:  # a read-only home still gets a working, if slower, lexicon
        pass
    return data


class Lexicon(Mapping[str, tuple[Pronunciation, ...]]):
    """Read-only mapping spelling -> pronunciations, built from the raw cached tuples on access."""

    def __init__(self, raw: dict[str, str]):
        self._raw = raw

    def __getitem__(self, word: str) -> tuple[Pronunciation, ...]:
        return _unpack(word, self._raw[word])

    def __contains__(self, word: object) -> bool:
        return word in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def phonemes(self, word: str) -> tuple[str, ...]:
        """Just the phoneme strings of a word (empty when unknown), without building objects."""
        packed = self._raw.get(word)
        if packed is None:
            return ()
        return tuple(p.partition(_FIELD_SEP)[0] for p in packed.split(_PRON_SEP))


@cache
def lexicon() -> Lexicon:
    """All lexicon entries by spelling (loaded once, on first use, from the cache when fresh)."""
    return Lexicon(_load_raw())


def pronunciations(word: str) -> tuple[Pronunciation, ...]:
    """Known pronunciations of one normalized Persian word (empty when the lexicon lacks it)."""
    lex = lexicon()
    return lex[word] if word in lex else ()
