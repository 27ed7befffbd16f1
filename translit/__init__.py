"""peyvand.translit: Persian normalization and transliteration between Persian script and Latin.

    >>> from translit import romanize, persianize
    >>> romanize("چشم‌انداز روابط ایران و روسیه")        # citation style, vowels from the lexicon
    >>> persianize("Chashmandāz-e ravābet-e Īrān va Rūsiyeh")

Schemes are table files in ``translit/schemes/`` (see :func:`schemes`). Heavy resources (hazm, the
pronunciation lexicon) load on first use, once.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .capitals import capitalize_title
from .errors import PeyvandError, UnknownSchemeError
from .normalize import normalize, normalize_latin
from .script import detect_script
from .tables import load_scheme, scheme_names

__all__ = ["normalize", "normalize_latin", "detect_script", "romanize", "persianize", "candidates",
           "romanize_name", "persianize_name", "capitalize_title",
           "schemes", "SchemeInfo", "PeyvandError", "UnknownSchemeError"]


@dataclass(frozen=True)
class SchemeInfo:
    name: str
    title: str
    description: str


def schemes() -> list[SchemeInfo]:
    """The romanization schemes peyvand knows, from its table files."""
    out = []
    for name in scheme_names():
        s = load_scheme(name)
        out.append(SchemeInfo(name, s.title, s.description))
    return out


def _nfc(text: str) -> str:
    """The output in NFC: characters passed through (a combining mark after a letter the scheme
    maps, decomposed Latin) may compose with what the scheme wrote, as U+0648 U+0654 does to ؤ."""
    import unicodedata

    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _check(scheme: str) -> None:
    if scheme not in scheme_names():
        load_scheme(scheme)  # raises UnknownSchemeError with the list of known schemes


def romanize(text: str, scheme: str = "citation") -> str:
    """Persian script -> Latin in ``scheme`` (``citation``, ``ala-lc``, ``ascii`` or ``strict``).

    ``strict`` is lossless: ``persianize(romanize(s, "strict"), "strict") == normalize(s, keep_harakat=True)``.
    The other schemes supply the short vowels from a pronunciation lexicon and mark ezafe.
    """
    _check(scheme)
    if scheme == "strict":
        from .engine import char_code

        return char_code("strict").encode(normalize(text, keep_harakat=True))
    from .vowelled import romanize_vowelled

    return romanize_vowelled(text, scheme)


def romanize_name(text: str, scheme: str = "citation") -> str:
    """A personal-name heading (an author field) in Persian script -> Latin in ``scheme``.

    ALA-LC rule 8: no izafah between the elements of a name unless the Persian writes one (ۀ);
    بن between two names is ibn, Allāh compounds are two words (ʻAbd Allāh), the article is al-
    (Jalāl al-Dīn). Every element is capitalized except al, ibn and bin after the first word;
    "Surname, Forename" order is kept.

        >>> romanize_name("جلال الدین رومی", "ala-lc")
        'Jalāl al-Dīn Rūmī'
    """
    _check(scheme)
    if scheme == "strict":
        return romanize(text, "strict")
    from .capitals import capitalize_name
    from .vowelled import romanize_vowelled

    return capitalize_name(romanize_vowelled(text, scheme, name=True))


def persianize_name(text: str, scheme: str | None = None) -> str:
    """A romanized personal-name heading -> Persian script: ibn, bin and b. between two names are
    بن (Ibn at the start ابن), Allāh is الله, al-X is ال joined to X; "Surname, Forename" kept."""
    return _persianize_name(text, scheme)


# A bibliography names the same authors again and again, and indexing persianizes every heading of
# every reference: the last few thousand headings are kept (titles, mostly one of a kind, are not).
@lru_cache(maxsize=16384)
def _persianize_name(text: str, scheme: str | None) -> str:
    return persianize(text, scheme)


def persianize(text: str, scheme: str | None = None) -> str:
    """Latin -> Persian script. ``scheme=None`` detects the romanization; consistent or not,
    with or without diacritics, the most likely Persian spelling of each word is chosen."""
    if scheme is not None:
        _check(scheme)
    if scheme == "strict":
        from .engine import char_code

        return _nfc(char_code("strict").decode(text))
    from .latin.latin_text import persianize_text

    return _nfc(persianize_text(text, scheme))


def candidates(text: str, n: int = 5, scheme: str | None = None) -> list[tuple[str, float]]:
    """Ranked Persian spellings for a romanized word or phrase, best first, with scores in (0, 1]."""
    if scheme is not None:
        _check(scheme)
    from .latin.latin_text import candidates as _candidates

    out: list[tuple[str, float]] = []
    for spelling, score in _candidates(text, n, scheme):
        spelling = _nfc(spelling)
        if all(spelling != seen for seen, _ in out):
            out.append((spelling, score))
    return out
