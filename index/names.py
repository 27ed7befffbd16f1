"""Personal names in both scripts, and readable citation keys made from them.

One place turns an author heading into its other script (:func:`romanize_name`,
:func:`persianize_name`); every reader, writer and ``enrich`` goes through it. Citation keys for
records whose source gave none are made here too (:func:`citation_key`): the first author's family
name in ASCII plus the year, ``amiri2015``; collisions get a letter (``amiri2015a``).
"""
from __future__ import annotations

import re
import unicodedata

_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NAME_SPLIT = re.compile(r"\s*[,،]\s*")


def romanize_name(name: str, scheme: str = "ala-lc") -> str:
    """A Persian personal-name heading ("امیری، مهدی") romanized as a heading, without izafah
    between its elements, "Surname, Forename" order kept ("Amīrī, Mahdī"): the one call of
    :func:`translit.romanize_name`. Latin input comes back as it is."""
    import translit
    from translit import keys

    if not keys.is_persian(name):
        return name
    return translit.romanize_name(name, scheme)


def persianize_name(name: str, scheme: str | None = None) -> str:
    """A romanized personal-name heading ("Amīrī, Mahdī") in Persian script ("امیری، مهدی"):
    the one call of :func:`translit.persianize_name`. Persian input comes back as it is."""
    import translit
    from translit import keys

    if keys.is_persian(name) or not name.strip():
        return name
    return translit.persianize_name(name, scheme)


# ---------------------------------------------------------------------------------------------
# Citation keys

def _ascii_word(text: str) -> str:
    from translit import keys

    folded = keys.fold_latin(text) if text else ""
    return re.sub(r"[^a-z0-9]", "", folded)


def key_base(authors: list[str], editors: list[str], year: str, title: str) -> str:
    """``family + year`` in lower-case ASCII: the first author's (else editor's) family name
    romanized when it is in Persian script, else the title's first word of four letters or more; ``ref`` when there is
    nothing to go on. The year's digits are kept as written (a solar year stays 1394)."""
    from translit import keys

    stem = ""
    for name in (authors or editors)[:1]:
        family = _NAME_SPLIT.split(name.strip())[0]
        if keys.is_persian(family):
            family = romanize_name(family, "ascii")
        stem = _ascii_word(family)
    if not stem and title:
        for word in title.split():
            if keys.is_persian(word):
                word = romanize_name(word, "ascii")
            stem = _ascii_word(word)
            if len(stem) > 3:
                break
    digits = re.search(r"\d{4}", unicodedata.normalize("NFKC", year).translate(_PERSIAN_DIGITS))
    return (stem[:24] or "ref") + (digits.group(0) if digits else "")


def suffixed(base: str, taken) -> str:
    """``base`` itself when free, else ``base`` + a, b, ... z, aa, ab... (the first one free)."""
    if base not in taken:
        return base
    n = 0
    while True:
        letters, k = "", n
        while True:
            letters = chr(ord("a") + k % 26) + letters
            k = k // 26 - 1
            if k < 0:
                break
        if base + letters not in taken:
            return base + letters
        n += 1
