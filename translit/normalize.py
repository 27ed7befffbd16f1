"""Normalization of Persian and romanized text, the first step of every other path in peyvand.

Persian text goes through hazm's normalization rules, chosen for bibliographic records: hazm's character
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
# Text made only of these characters is already NFC, unless two Arabic marks meet (their canonical
# order may then differ); checking this is ten times faster than unicodedata.is_normalized.
_NFC_STABLE = re.compile("[\x00-\u02ff\u0600-\u0652\u0656-\u06ff\u200b-\u200f\u2010-\u2027\u2030-\u205e]*")
_ARABIC_MARK_PAIR = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]{2}")
_NFC_TRIGGER = re.compile("[^\x00-\u02ff\u0600-\u0652\u0656-\u06ff\u200b-\u200f\u2010-\u2027\u2030-\u205e]"
                          "|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]{2}")
_SPACES = re.compile(" {2,}")
# ه with a hamza above (U+0654) or a high hamza (U+0674), as many records write the izafah ۀ
_HEH_HAMZA = re.compile("\u0647[\u0654\u0674]")
# و and ی with a high hamza after them are the hamzah seats ؤ and ئ in Indian and Urdu-style writing
# (الموٴمنین = المؤمنین); a high hamza after any other letter is the hamzah ء itself (صفاٴ).
_SEATS = {"\u0648": "ؤ", "\u06cc": "ئ", "\u064a": "ئ"}
_SEAT_HIGH_HAMZA = re.compile(f"[{''.join(_SEATS)}]\u0674")
_HIGH_HAMZA = str.maketrans({"\u0674": "ء"})
# Alef forms of other Arabic-script orthographies: with a wavy hamza above or below (U+0672,
# U+0673), with a high hamza (U+0675), alef wasla
_ALEF_FORMS = str.maketrans({"\u0672": "أ", "\u0673": "إ", "\u0675": "أ", "\u0671": "ا"})
_RARE_ALEFS = re.compile("[\u0671-\u0673\u0675]")
_ZWNJ_RUNS = re.compile(ZWNJ + "+")


_RULE_TABLES = ("TRANSLATION_SRC", "TRANSLATION_DST", "DIACRITICS_PATTERNS", "UNICODE_REPLACEMENTS",
                "AFFIX_SPACING_PATTERNS")


def _hazm_constants():
    """hazm's rule tables, from hazm/constants.py (hazm >= 0.11), a module without imports.

    It is loaded from its file under a private name: importing the hazm package imports nltk and
    every hazm tool (0.4 s), which would make a one-word `peyvand romanize` wait for parsers the
    normalizer never uses. None when this hazm keeps its tables elsewhere (0.10).
    """
    from importlib.util import find_spec, module_from_spec, spec_from_file_location
    from pathlib import Path

    spec = find_spec("hazm")      # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "constants.py"
    if not path.is_file():
        return None
    spec = spec_from_file_location("translit._hazm_constants", path)
    if spec is None or spec.loader is None:
        return None
    module = module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception:  # a layout this code does not know: use the package as a whole
        return None
    return module if all(hasattr(module, name) for name in _RULE_TABLES) else None


@cache
def _hazm_parts():
    """hazm's character table (minus quotes), diacritic removal, presentation-form replacements
    and affix-spacing rules, as (translate, remove_diacritics, unicodes_replacement, affix_rules)."""
    constants = _hazm_constants()
    if constants is not None:
        src, dst = constants.TRANSLATION_SRC, constants.TRANSLATION_DST
        diacritics = [(re.compile(p), r) for p, r in constants.DIACRITICS_PATTERNS]
        replacements = list(constants.UNICODE_REPLACEMENTS)
        patterns = constants.AFFIX_SPACING_PATTERNS

        def remove_diacritics(text: str) -> str:
            for pattern, repl in diacritics:
                text = pattern.sub(repl, text)
            return text

        def unicodes_replacement(text: str) -> str:
            for old, new in replacements:   # plain replacements, as hazm applies them
                text = text.replace(old, new)
            return text
    else:  # hazm 0.10 builds its tables inside the Normalizer
        from hazm import Normalizer

        normalizer = Normalizer(correct_spacing=False, remove_diacritics=True, remove_specials_chars=False,
                                decrease_repeated_chars=False, persian_style=False, persian_numbers=False,
                                unicodes_replacement=True, seperate_mi=False)
        src, dst = normalizer.translation_src, normalizer.translation_dst
        remove_diacritics = normalizer.remove_diacritics
        unicodes_replacement = normalizer.unicodes_replacement
        patterns = Normalizer(correct_spacing=True).affix_spacing_patterns
    table = {a: b for a, b in zip(src, dst) if a not in _KEEP_AS_IS and a != b and not a.isspace()}
    table.update({ch: "" for ch in _INVISIBLE})
    table.update({ch: " " for ch in _ODD_SPACES})
    table.update(zip(_ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS))
    # A regex that visits only the characters to change beats str.translate on Persian text.
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in table) + "]")
    translate = lambda text: pattern.sub(lambda m: table[m.group()], text)  # noqa: E731
    # The last rule of hazm (ه followed directly by ها) splits words such as "ههای"; it is about
    # unspaced text, which bibliographic records rarely have, and it is not idempotent with the others.
    rules = [(re.compile(p), r) for p, r in patterns]
    affix_rules = [(p, r) for p, r in rules if p.pattern != "(ه)(ها)"]
    return translate, remove_diacritics, unicodes_replacement, affix_rules


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
    translate, remove_diacritics, unicodes_replacement, affix_rules = _hazm_parts()
    text = _nfc(translate(text))
    if _RARE_ALEFS.search(text):
        text = text.translate(_ALEF_FORMS)   # alef with a wavy hamza (تٲریخ) and other rare forms
    if "ۃ" in text:
        text = text.replace("ۃ", "ة")   # the Urdu-style teh marbuta of Indian manuscripts
    if _PRESENTATION_FORM.search(text):
        text = unicodes_replacement(text)
        text = _PRESENTATION_FORM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = _nfc(translate(text))
    # after the presentation forms, which may unfold into one (ﯝ: ۇٴ)
    if "\u0654" in text or "\u0674" in text:
        text = _HEH_HAMZA.sub("ۀ", text)
        text = _SEAT_HIGH_HAMZA.sub(lambda m: _SEATS[m.group()[0]], text).translate(_HIGH_HAMZA)
    if not keep_harakat:
        text = remove_diacritics(text)
        if "\u0670" in text:  # hazm keeps the superscript alef
            text = _HARAKAT_RE.sub("", text)
    if ZWNJ in text:
        text = _ZWNJ_RUNS.sub(lambda m: _zwnj_joint(m, text), text)
    text = _SPACES.sub(" ", text)
    # hazm's affix rules turn a space into a ZWNJ, nearly always between two letters; running them
    # after the ZWNJ clean-up keeps normalize idempotent.
    if " " in text:
        for pattern, repl in affix_rules:
            text = pattern.sub(repl, text)
        # ... except at the very end of a text ("می " -> "می‌"): a ZWNJ there joins nothing.
        if ZWNJ in text:
            text = _ZWNJ_RUNS.sub(lambda m: _zwnj_joint(m, text), text)
    # Removing characters can bring combining marks together out of canonical order.
    return _nfc(text)


def _nfc(text: str) -> str:
    """NFC, applied only to the space-separated runs that need it (a space is a starter that
    composes with nothing, so this equals NFC of the whole text, at a fraction of the cost)."""
    if _NFC_STABLE.fullmatch(text) and not _ARABIC_MARK_PAIR.search(text):
        return text
    out, done = [], 0
    for m in _NFC_TRIGGER.finditer(text):
        if m.start() < done:
            continue
        start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = min((i for i in (text.find(" ", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
        out.append(text[done:start])
        out.append(unicodedata.normalize("NFC", text[start:end]))
        done = end
    out.append(text[done:])
    return "".join(out)


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or unicodedata.combining(ch) != 0


def _zwnj_joint(match: re.Match[str], text: str) -> str:
    """One ZWNJ where it joins two letters (marks count with their letter), none elsewhere."""
    start, end = match.span()
    if 0 < start and end < len(text) and _is_letter(text[start - 1]) and _is_letter(text[end]):
        return ZWNJ
    return ""


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
