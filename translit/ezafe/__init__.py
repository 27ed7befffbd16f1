"""Ezafe detection: which words of a Persian phrase take the ezafe ending (-e / -ye / -i ...).

:mod:`translit.ezafe.rules` holds the hand rules (function words, verbs, compounds) and
:mod:`translit.ezafe.model` the statistical model learned from the vowelled Uppsala Persian
Dependency Treebank (trained by ``python -m translit.ezafe.train``). :func:`detect` is the one
entry point the romanizer uses.
"""
from __future__ import annotations

from ..arabic import in_arabic_phrase, takes_no_izafah
from . import rules
from .rules import (COPULA, NO_EZAFE, NUMERALS, PRONOUNS, TAKES_EZAFE, is_compound, is_verb, written_apart,
                    receives_ezafe)

__all__ = ["detect", "is_verb", "receives_ezafe", "is_compound", "written_apart", "NO_EZAFE", "PRONOUNS", "NUMERALS",
           "TAKES_EZAFE", "COPULA", "METHODS", "TITLE_THRESHOLD"]

METHODS = ("model", "rules", "rishe")

# UPDT is running text, where a noun before a noun is often no ezafe (the subject before the object);
# in titles and terms it nearly always is. A word takes the ezafe unless the model is fairly sure it
# does not: score above -10 rather than 0 (on UPDT's held-out sentences precision 0.87 -> 0.77,
# recall 0.90 -> 0.97). Measured on the Wiktionary phrases (romanize-phrases), each hash half gains
# from 0 to -10 (0.746 -> 0.763, 0.759 -> 0.765); below -20 both fall.
TITLE_THRESHOLD = -10.0


def detect(words: list[str], method: str = "model") -> list[bool]:
    """One flag per word of a phrase (normalized Persian words): True when the word takes the ezafe.

    ``method="model"`` (the default) asks the model learned from UPDT (:mod:`translit.ezafe.model`)
    within a few hand rules (:func:`may_link`); without the model file it falls back to the rules.
    ``"rules"`` and ``"rishe"`` are the hand rules of :mod:`translit.ezafe.rules`. The last word
    never takes the ezafe.
    """
    if method not in METHODS:
        raise ValueError(f"unknown ezafe method {method!r} (one of {', '.join(METHODS)})")
    if method != "model" or len(words) < 2:
        return _unlink(words, rules.detect(words, method))
    from .model import model

    m = model()
    if m is None:
        return _unlink(words, rules.detect(words, "rules"))
    flags = m.decide(words, TITLE_THRESHOLD)
    return _unlink(words, [f and may_link(words[i], words[i + 1]) for i, f in enumerate(flags)])


def _unlink(words: list[str], flags: list[bool]) -> list[bool]:
    """The phrase-level rules over any method's flags: the izafah after a collection that opens a
    title, none inside a personal name (ALA-LC rule 8) or inside an Arabic prepositional phrase."""
    flags = rules.unlink_names(words, rules.link_collections(words, flags))
    arabic = in_arabic_phrase(words)
    return [f and not a for f, a in zip(flags, arabic)]


def may_link(word: str, nxt: str) -> bool:
    """The hand rules the model keeps: no ezafe before an Arabic construct or particle (Nuzhat
    al-arvāḥ), after a cardinal number (haft paykar, bīst bāb), before a function word or a verb
    (light verbs: اثر گذاشتن), or inside a compound the word list has as one word (آدم برفی)."""
    return not takes_no_izafah(word, nxt) and word not in NUMERALS and receives_ezafe(nxt) \
        and not is_compound(word, nxt)
