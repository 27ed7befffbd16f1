"""Ezafe detection: which words of a Persian phrase take the ezafe ending (-e / -ye / -i ...).

:mod:`translit.ezafe.rules` holds the hand rules (function words, verbs, compounds) and
:mod:`translit.ezafe.model` the statistical model learned from the vowelled Uppsala Persian
Dependency Treebank (trained by ``python -m translit.ezafe.train``). :func:`detect` is the one
entry point the romanizer uses.
"""
from __future__ import annotations

from .rules import (COPULA, NO_EZAFE, NUMERALS, PRONOUNS, TAKES_EZAFE, detect, is_compound, is_verb,
                    receives_ezafe)

__all__ = ["detect", "is_verb", "receives_ezafe", "is_compound", "NO_EZAFE", "PRONOUNS", "NUMERALS",
           "TAKES_EZAFE", "COPULA"]
