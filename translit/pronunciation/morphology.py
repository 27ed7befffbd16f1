"""Persian affixes whose pronunciation is fixed: what a word's parts say when it is split at ZWNJ or
when a stem is looked up without its suffixes.

eSpeak and the lexicon know many inflected forms as a whole; the tables here cover the pieces that
come apart in writing (ZWNJ joints: ``کتاب‌ها``, ``می‌روم``, ``هسته‌ای``) and whose reading alone would be
wrong (``ای`` alone is the vocative /ey/, after a ZWNJ it is the suffix /i/).
"""
from __future__ import annotations

# Suffixes written after a ZWNJ (or directly), with their phonemes in the lexicon's alphabet.
# Plural (ها، ان، ات), plural + ezafe carrier (های), indefinite/adjectival ی, personal and possessive
# endings (ام، ات، اش، مان، تان، شان، ایم، اید، اند), comparative/superlative (تر، ترین).
SUFFIXES: dict[str, str] = {
    "ها": "hA", "های": "hAy", "هایی": "hAyi", "هایم": "hAyam", "هایت": "hAyat", "هایش": "hAyaS",
    "هایمان": "hAyemAn", "هایتان": "hAyetAn", "هایشان": "hAyeSAn",
    "ای": "i", "ایی": "yi", "یی": "yi",
    "ام": "am", "ات": "at", "اش": "aS", "ایم": "im", "اید": "id", "اند": "and",
    "مان": "mAn", "تان": "tAn", "شان": "SAn",
    "تر": "tar", "ترین": "tarin", "تری": "tari", "ترها": "tarhA",
    "گاه": "gAh", "گر": "gar", "گری": "gari", "وار": "vAr", "واره": "vAre", "ستان": "estAn",
    "سازی": "sAzi", "ساز": "sAz", "گرا": "garA", "گرایی": "garAyi", "نامه": "nAme", "پذیر": "pazir",
}

# Verb and word prefixes written before a ZWNJ.
PREFIXES: dict[str, str] = {"می": "mi", "نمی": "nemi", "همی": "hami", "بی": "bi"}


def affix_phonemes(part: str, position: int, count: int) -> str | None:
    """Fixed phonemes for one ZWNJ-separated part of a word, or None when it is not an affix.

    ``position`` is the part's index among ``count`` parts: prefixes count only first, suffixes
    only after the first part.
    """
    if position == 0 and count > 1:
        return PREFIXES.get(part)
    if position > 0:
        return SUFFIXES.get(part)
    return None


def split_suffix(word: str, known) -> tuple[str, str] | None:
    """Split a word written without ZWNJ into a stem that ``known(stem)`` accepts and a suffix of
    :data:`SUFFIXES`, trying the longest suffix first; None when no split is found."""
    for suf in sorted(SUFFIXES, key=len, reverse=True):
        if len(word) > len(suf) + 1 and word.endswith(suf):
            stem = word[: -len(suf)]
            if known(stem):
                return stem, suf
    return None
