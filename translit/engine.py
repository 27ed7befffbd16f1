"""The table engine: turns a scheme's mapping sections into fast transducers.

Two kinds are enough for peyvand's tables:
- a *character code* (``[to_latin]`` of ``strict``): one code point for one code point, run with
  ``str.translate`` and an escape character for input that would otherwise be ambiguous;
- a *longest-match rewriter* (``[to_persian]`` of ``ala-lc`` and the other romanizations): keys of any
  length, optionally anchored to the start (``^``) or end (``$``) of a word, tried longest first.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .tables import load_scheme


@dataclass(frozen=True)
class CharCode:
    """A lossless one-to-one character code with an escape character."""

    forward: dict[int, str]
    backward: dict[int, str]
    escape: str

    def encode(self, text: str) -> str:
        return text.translate(self.forward)

    def decode(self, text: str) -> str:
        if self.escape not in text:
            return text.translate(self.backward)
        # split() keeps the escaped characters at odd positions, left to right, so an escaped
        # escape character can never start another escape.
        parts = re.split(f"{re.escape(self.escape)}(.?)", text, flags=re.S)
        out = []
        for i, part in enumerate(parts):
            if i % 2:
                out.append(part if part else self.escape)
            else:
                out.append(part.translate(self.backward))
        return "".join(out)


@cache
def char_code(scheme_name: str) -> CharCode:
    """Build the character code of a scheme whose ``[to_latin]`` maps single characters."""
    scheme = load_scheme(scheme_name)
    escape = scheme.meta.get("escape", "\\")
    table = scheme.section("to_latin")
    forward: dict[int, str] = {}
    backward: dict[int, str] = {}
    for src, dst in table.items():
        if len(src) != 1 or len(dst) != 1:
            raise ValueError(f"scheme {scheme_name}: {src!r} -> {dst!r} is not one character to one")
        if ord(dst) in backward:
            raise ValueError(f"scheme {scheme_name}: {dst!r} is used twice")
        forward[ord(src)] = dst
        backward[ord(dst)] = src
    # Anything that could be read back as a code, and every Latin letter, is escaped on the way out.
    escaped = set(backward) | {ord(escape)} | {ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for o in escaped:
        if o not in forward:
            forward[o] = escape + chr(o)
    return CharCode(forward, backward, escape)


@dataclass(frozen=True)
class Rewriter:
    """Longest-match rewriting with word-boundary anchors, on NFD-decomposed, case-folded input."""

    rules: dict[tuple[str, str], str]     # (anchor, key) -> output; anchor in "", "^", "$", "^$"
    max_len: int

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFD", text).casefold()
        out: list[str] = []
        i, n = 0, len(text)
        rules = self.rules
        while i < n:
            at_start = i == 0 or not _is_word(text[i - 1])
            for length in range(min(self.max_len, n - i), 0, -1):
                key = text[i:i + length]
                at_end = i + length == n or not _is_word(text[i + length])
                hit = None
                if at_start and at_end:
                    hit = rules.get(("^$", key))
                if hit is None and at_start:
                    hit = rules.get(("^", key))
                if hit is None and at_end:
                    hit = rules.get(("$", key))
                if hit is None:
                    hit = rules.get(("", key))
                if hit is not None:
                    out.append(hit)
                    i += length
                    break
            else:
                out.append(text[i])
                i += 1
        return unicodedata.normalize("NFC", "".join(out))


def _is_word(ch: str) -> bool:
    # The prime marks a joint between two words' worth of letters: it ends a word for anchoring.
    return ch != "ʹ" and (ch.isalpha() or unicodedata.combining(ch) != 0 or ch in "ʻʼ’‘'")


@cache
def rewriter(scheme_name: str, section: str = "to_persian") -> Rewriter:
    """Build the longest-match rewriter of one section of a scheme table."""
    rules: dict[tuple[str, str], str] = {}
    for key, value in load_scheme(scheme_name).section(section).items():
        anchor = ""
        if key.startswith("^") and len(key) > 1:
            anchor, key = "^", key[1:]
        if key.endswith("$") and len(key) > 1:
            anchor, key = anchor + "$", key[:-1]
        key = unicodedata.normalize("NFD", key).casefold()
        rules[(anchor, key)] = value
    return Rewriter(rules, max((len(k) for _, k in rules), default=1))
