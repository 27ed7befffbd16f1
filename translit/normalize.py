"""Normalization of Persian and romanized text, the first step of every other path in peyvand.

Persian text goes through hazm's Normalizer, configured for bibliographic records: hazm's character
table (Arabic ي ك ى to Persian ی ک, presentation forms to letters), its diacritic removal and its
spacing rules for ZWNJ joints, but not its defaults that damage citations (ASCII digits turned
Persian, straight quotes turned into guillemets, spacing moved around Latin punctuation).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

ZWNJ = "\u200c"
# Harakat and the other Arabic marks a reader may want to keep (keep_harakat=True).
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
_HARAKAT_RE = re.compile(f"[{HARAKAT}]")

# Characters that only disturb matching: bidi controls, ZWJ, soft hyphen, BOM, tatweel.
_INVISIBLE = "\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\ufeff\u0640"
# Space-like characters written for a plain space in real files (NBSP, narrow and wide spaces).
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
# Quotes that hazm's character table rewrites; bibliographic titles need them as written.
_KEEP_AS_IS = "“”"

_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_SPACES = re.compile(" {2,}")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
# A ZWNJ only joins two letters: drop it next to a space, punctuation, a line end or the text's ends.
_STRAY_ZWNJ = re.compile(rf"(?<![^\W\d_]){ZWNJ}+|{ZWNJ}+(?![^\W\d_])")


@cache
def _hazm_parts():
    """hazm's Normalizer, its character table (minus quotes) and its affix-spacing rules."""
    from hazm import Normalizer

    normalizer = Normalizer(correct_spacing=False, remove_diacritics=True, remove_specials_chars=False,
                            decrease_repeated_chars=False, persian_style=False, persian_numbers=False,
                            unicodes_replacement=True, seperate_mi=False)
    src = getattr(normalizer, "translation_src", None)
    dst = getattr(normalizer, "translation_dst", None)
    if src is None:  # hazm >= 0.11 keeps the table in its constants module
        from hazm.constants import TRANSLATION_DST as dst, TRANSLATION_SRC as src  # type: ignore
    table = {ord(a): b for a, b in zip(src, dst) if a not in _KEEP_AS_IS and a != b and not a.isspace()}
    for ch in _INVISIBLE:
        table[ord(ch)] = None
    for ch in _ODD_SPACES:
        table[ord(ch)] = " "
    for a, b in zip(_ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS):
        table[ord(a)] = b
    affix_rules = _affix_rules()
    return normalizer, table, affix_rules


def _affix_rules() -> list[tuple[re.Pattern[str], str]]:
    """hazm's rules that join suffixes (ها، های، تر، ترین، ام...) and می/نمی with a ZWNJ."""
    try:
        from hazm.constants import AFFIX_SPACING_PATTERNS as patterns  # hazm >= 0.11
    except ImportError:  # hazm 0.10 builds them inside the Normalizer
        from hazm import Normalizer

        patterns = Normalizer(correct_spacing=True).affix_spacing_patterns
    # The last rule of hazm (ه followed directly by ها) splits words such as "ههای"; it is about
    # unspaced text, which bibliographic records rarely have, and it is not idempotent with the others.
    rules = [(re.compile(p), r) for p, r in patterns]
    return [(p, r) for p, r in rules if p.pattern != "(ه)(ها)"]


def normalize(text: str, keep_harakat: bool = False) -> str:
    """Normalize Persian text for display, indexing and transliteration.

    Arabic letter forms become Persian (ي ك ى -> ی ک ی), presentation forms and ligatures are
    folded, harakat are removed unless ``keep_harakat``, ZWNJ is kept where it joins two letters and
    put where hazm's rules expect it (``همکاری های`` -> ``همکاری‌های``), bidi marks and tatweel are
    dropped, odd spaces become plain spaces, Arabic-Indic digits become Persian digits. ASCII digits,
    quotes and Latin text are left as written. The result is NFC, and ``normalize`` is idempotent.
    """
    if not text:
        return text
    normalizer, table, affix_rules = _hazm_parts()
    text = unicodedata.normalize("NFC", text.translate(table))
    if _PRESENTATION_FORM.search(text):
        text = normalizer.unicodes_replacement(text)
        text = _PRESENTATION_FORM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = unicodedata.normalize("NFC", text.translate(table))
    if not keep_harakat:
        text = _HARAKAT_RE.sub("", normalizer.remove_diacritics(text))
    text = _SPACES.sub(" ", text)
    if " " in text:
        for pattern, repl in affix_rules:
            text = pattern.sub(repl, text)
    if ZWNJ in text:
        text = _STRAY_ZWNJ.sub("", _ZWNJ_RUN.sub(ZWNJ, text))
        text = _SPACES.sub(" ", text)
    # Removing characters can bring combining marks together out of canonical order.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# Look-alike marks in romanized text, grouped by what they stand for. A scheme's [marks] table says
# which code point it writes for each; the defaults are the citation style's.
_AYN_LIKE = "‘ʻʿ`"
_HAMZA_LIKE = "’ʼʾ'´"
_PRIME_LIKE = "ʹ′"
_HYPHENS = "\u2010\u2011\u2012\u2212\ufe63\uff0d\u00ad"
_DEFAULT_MARKS = {"ayn": "‘", "hamza": "’", "prime": "ʹ"}


@cache
def _latin_table(scheme: str | None) -> dict[int, str]:
    marks = dict(_DEFAULT_MARKS)
    if scheme:
        from .tables import load_scheme

        marks.update(load_scheme(scheme).section("marks"))
    table = {ord(c): marks["ayn"] for c in _AYN_LIKE}
    table.update({ord(c): marks["hamza"] for c in _HAMZA_LIKE})
    table.update({ord(c): marks["prime"] for c in _PRIME_LIKE})
    table.update({ord(c): "-" for c in _HYPHENS})
    table.update({ord(c): " " for c in _ODD_SPACES})
    table.update({ord(c): None for c in _INVISIBLE})
    return table


def normalize_latin(text: str, scheme: str | None = None) -> str:
    """Normalize romanized text: NFC, look-alike marks to the canonical ones of ``scheme``.

    The ayn-like marks (‘ ʻ ʿ `) become the scheme's ayn mark, the hamza-like ones (’ ʼ ʾ ' ´) its
    hamza mark and the primes (ʹ ′) its prime; hyphen variants become "-", odd spaces a space.
    Without a scheme, the citation style's marks are used: ‘ for ع, ’ for ء, ʹ at ZWNJ joints.
    """
    text = unicodedata.normalize("NFC", text.translate(_latin_table(scheme)))
    return _SPACES.sub(" ", text)
