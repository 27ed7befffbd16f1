"""Capitals for romanized text (ALA-LC rule 11: English capitalization rules).

The romanizers write lowercase; a name heading capitalizes each of its elements, a title its first
word and its proper nouns. The Arabic article ``al`` is lowercase everywhere (al-Dīn), and so are
ibn / bin and the conjunction va inside a name. Letters keep their diacritics when capitalized
(Īrān, Ḥāfiẓ); a leading ʻ or ʼ is not a letter, so the letter after it is capitalized (ʻAlī).
"""
from __future__ import annotations

import re
import unicodedata

# Words that stay lowercase inside a name heading (the article is handled as a prefix).
_NAME_LOWER = frozenset(("ibn", "bin", "ebn", "b.", "va", "u", "o", "bint", "bent"))
_ARTICLE = re.compile(r"^(al|ul|ol|el)-", re.IGNORECASE)
_MARKS = "ʻʼ‘’'`"


def _upper_first(word: str) -> str:
    for i, ch in enumerate(word):
        if ch in _MARKS:
            continue   # ʻ and ʼ are letters to Unicode, but not ones that take a capital
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1:]
        return word
    return word


def capitalize_word(word: str) -> str:
    """Capitalize a romanized word: its first letter, or, after the article, the noun's (al-Dīn)."""
    m = _ARTICLE.match(word)
    if m:
        return m.group(1).lower() + "-" + _upper_first(word[m.end():])
    return _upper_first(word)


def capitalize_name(text: str) -> str:
    """Capitalize every element of a romanized name heading (ALA-LC rule 11): Jalāl al-Dīn Rūmī,
    Muḥammad ibn ʻAlī, Qazvīnī, Zakarīyā ibn Muḥammad. Hyphenated izafah endings stay lowercase."""
    nfd = unicodedata.is_normalized("NFD", text) and not unicodedata.is_normalized("NFC", text)
    out = []
    first = True
    for token in re.split(r"(\s+)", unicodedata.normalize("NFC", text)):
        if not token or token.isspace():
            out.append(token)
            continue
        if token.casefold() in _NAME_LOWER and not first:
            out.append(token)
        else:
            head, sep, rest = token.partition("-") if not _ARTICLE.match(token) else (token, "", "")
            out.append(capitalize_word(head) + sep + rest)
        first = False
    result = "".join(out)
    return unicodedata.normalize("NFD", result) if nfd else result


def capitalize_title(text: str) -> str:
    """Capitalize a romanized title as ALA-LC rule 11 does for what can be known without a list of
    proper nouns: its first word (after any article: al-Muʻjam), the article lowercase."""
    for m in re.finditer(r"\S+", text):
        return text[:m.start()] + capitalize_word(m.group()) + text[m.end():]
    return text
