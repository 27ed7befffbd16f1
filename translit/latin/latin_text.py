"""Romanized text -> Persian script: tokens and their parts, and the rules for whole tokens.

A text is cut into tokens; a token into hyphen parts (ezafe endings dropped, "va" and an ezafe
between words kept as words) and primes into ZWNJ-joined pieces. Each piece is ranked by
:mod:`translit.latin.backtranslit`. Rules that need a whole token or its neighbours are here: the Arabic
element's Latin side (:mod:`translit.arabic`: al-X joined to X, Allāh, ibn between names, -at before
an article word, á), place names in -ābād, ALA-LC's -ʼi, and ALA-LC typed without its marks, whose
pieces are read with every placing of the length marks.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import arabic
from .backtranslit import _INF, _NON_JOINING, GLOTTAL_UNMARKED, _ranked
from .memo import memo
from ..ezafe.rules import COMPOUND_SECOND
from .phonemic import ALA_LC_ASCII, ZWNJ, detect_scheme, has_length_marks, read_latin

_EZAFE = re.compile(r"[-‐‑](?:y?[eiī]|[’‘ʼ']y?[iī]|yi)$")
_VOWEL_BEFORE_YE = re.compile(r"(?:[aāâouū]|ow)[-‐‑][yʼ’']")
_PRIME = "ʹ′"
_APOS = "’‘ʼ'`´"
_PRIME_LIKE = "’ʼ'`´"  # marks a writer may put for the prime; ‘ is the ayn, never a joint
_SUFFIX_AFTER_MARK = re.compile(r"^(?:h[aā]y?e?|h[aā]y[iī]|[iī]|y[eiī]|[aā]n|t[aā]r(?:[iī]n)?|gar|g[aā]n|[aā]m|[aā]t|[aā]sh|ro|r[aā]|st)$")
_CONJ = {"va", "o", "wa", "u"}
_EZAFE_PARTS = {"e", "ye", "i", "yi"}
# A vowel-initial suffix takes a joint only after a final silent ه (khāneʹī, khāneʹam); after a
# consonant or a long vowel the mark is a hamza (hey’at, qor’ān, pangū’an)
_VOWEL_START = frozenset("aāeiīouū")
_SILENT_H_END = re.compile(r"(?:e|a|eh|ah)$", re.IGNORECASE)


def _split_word(token: str) -> tuple[list[list[str]], bool]:
    """A romanized token -> hyphen parts, each a list of ZWNJ-joined pieces; drops the ezafe.

    The flag says the ezafe is written: after ā or u (barā-ye, -hā-ye) Persian spells it ی."""
    t = _EZAFE.sub("", token) if len(token) > 3 else token
    written = t != token and bool(_VOWEL_BEFORE_YE.search(token))
    parts = []
    for part in re.split(r"[-‐‑]+", t):
        if not part:
            continue
        pieces = re.split(f"[{_PRIME}]", part)
        out: list[str] = []
        for piece in pieces:
            # ’ or ' before a suffix is a prime written with the wrong mark (Hamkāri’hā)
            m = re.match(f"^(.+?)[{_PRIME_LIKE}]([^{_APOS}]+)$", piece)
            if m and _SUFFIX_AFTER_MARK.match(m.group(2).casefold()) and len(m.group(1)) > 2 and (
                    m.group(2)[:1].casefold() not in _VOWEL_START or _SILENT_H_END.search(m.group(1))):
                out.extend([m.group(1), m.group(2)])
            elif piece:
                out.append(piece)
        if out:
            parts.append(out)
    return parts, written


_GLOTTAL_MARKS = re.compile("[ʻʼ‘’ʿʾ'`´\u02bb\u02bc]")


@dataclass(frozen=True)
class Marks:
    """What a whole text shows of its writer's habits, which one word alone cannot: whether it
    marks vowel length anywhere (then a bare a, i, u is short: Sefīd Dasht), and whether it writes
    the glottal stops (ʻ ʼ or an apostrophe) anywhere or marks length. A text that does neither has
    left its ع and ء out (Sadi for Saʻdī), so a Persian spelling with one costs less there than in
    a text that would have written it."""

    length: bool = False
    glottal: bool = True

    @classmethod
    def of(cls, text: str) -> "Marks":
        length = has_length_marks(text)
        # a writer who marks length marks the glottal stops too (ALA-LC's ʻ): a marked text that
        # writes none has none
        return cls(length, length or bool(_GLOTTAL_MARKS.search(text)))

    @property
    def key(self) -> str:
        return ("\tm" if self.length else "") + ("" if self.glottal else "\tg")


# a bare i or u that is no diphthong's second half: the writer does not mark long vowels
_BARE_LONG = re.compile(r"(?:^|[^aeo])[iu]")


def _piece(piece: str, scheme: str | None, n: int, marks: Marks = Marks()) -> tuple[tuple[str, float], ...]:
    """Ranked spellings of one piece of a token (the reader ignores case, so the cache does too:
    "Rāvābet-e" and "rāvābet" share one ranking)."""
    return _folded_piece(unicodedata.normalize("NFC", piece.casefold()), scheme, n, marks)


@lru_cache(maxsize=65536)
def _folded_piece(piece: str, scheme: str | None, n: int, marks: Marks = Marks()) -> tuple[tuple[str, float], ...]:
    """``marks``: what the text around the piece shows of its writer's habits (see :class:`Marks`)."""
    saved = memo()
    key = f"{scheme}\t{n}\t{piece}" + marks.key
    if saved is not None:
        hit = saved.get(key)
        if isinstance(hit, tuple):    # anything else is not what this code wrote: ignore it
            return hit
    readings = read_latin(piece, scheme, marks_left_out=not marks.glottal,
                          length_slips=scheme == "ala-lc" and marks.length)
    ranked: tuple[tuple[str, float], ...] = ()
    variants = _length_variants(piece, scheme)
    if variants:
        # ALA-LC typed without its marks: a/i/u may each be short or long (Qasim = Qāsim,
        # Ibrahim = Ibrāhīm); every placing of the marks is read as ALA-LC, and the best of all
        # the spellings wins
        spelled: dict[str, float] = {}
        for variant in variants:
            for w, v in _folded_piece(variant, "ala-lc", n, Marks(glottal=marks.glottal)):
                spelled[w] = max(v, spelled.get(w, -_INF))
        ranked = tuple(sorted(spelled.items(), key=lambda kv: -kv[1])[:n])
        readings = []
    if readings:
        # length unknown when the word has no marks, unless its scheme always marks it
        projected = 0
        if not (marks.length or has_length_marks(piece)) and scheme not in ("wiktionary", "ala-lc"):
            projected = 1 if _BARE_LONG.search(piece) else 2
        if not marks.glottal:
            projected |= GLOTTAL_UNMARKED
        ranked = tuple(_ranked(readings, projected, n))
    if saved is not None:
        saved.put(key, ranked)
    return ranked


_LENGTH_VOWELS = {"a": "ā", "i": "ī", "u": "ū"}
_MAX_VARIANT_VOWELS = 5   # 4 -> 5 gains on both hash halves of the real catalogue pairs; 6 the same as 5


def _length_variants(piece: str, scheme: str | None) -> list[str]:
    """In ALA-LC typed without diacritics, the piece with each of its a, i, u short or long (at most
    four of them); [] for other schemes."""
    if scheme != ALA_LC_ASCII or has_length_marks(piece) or not piece.isascii():
        return []
    # ALA-LC writes its diphthongs ay and aw: an i or u after a vowel is a vowel of its own, which
    # may be long as well (Ismail = Ismāʻīl)
    spots = [i for i, ch in enumerate(piece) if ch in _LENGTH_VOWELS]
    if spots and spots[-1] == len(piece) - 1:
        # ALA-LC ends no word in a short vowel (a silent ه is -ah): a final a, i, u is long
        piece = piece[:-1] + _LENGTH_VOWELS[piece[-1]]
        spots.pop()
    if len(spots) > _MAX_VARIANT_VOWELS:
        return []
    out = []
    for mask in range(1 << len(spots)):
        chars = list(piece)
        for b, i in enumerate(spots):
            if mask >> b & 1:
                chars[i] = _LENGTH_VOWELS[chars[i]]
        out.append("".join(chars))
    return out


def _join(pieces: list[str]) -> str:
    out = pieces[0]
    for p in pieces[1:]:
        out += (ZWNJ if out and out[-1] not in _NON_JOINING else "") + p
    return out


@lru_cache(maxsize=65536)
def _word_candidates(token: str, scheme: str | None, n: int, marks: Marks = Marks()) -> tuple[tuple[str, float], ...]:
    """Ranked (spelling, log score) for one whitespace-free romanized token."""
    parts, ezafe_y = _split_word(token)
    if not parts:
        return ()
    if ezafe_y:
        # the written ezafe's ی: two spellings of the bare word may meet (کتاب‌ها, کتاب‌های)
        spelled: dict[str, float] = {}
        for w, v in _word_candidates(_EZAFE.sub("", token), scheme, n, marks):
            w = w if w.endswith(("ی", "ه")) else w + "ی"
            spelled[w] = max(v, spelled.get(w, -_INF))
        return tuple(sorted(spelled.items(), key=lambda kv: -kv[1]))
    if len(parts) == 1 and len(parts[0]) == 1 and parts[0][0].casefold() in _CONJ:
        return (("و", 0.0),)
    # a prime or hyphen is the writer's own joint: spell piece by piece
    flat = [p for part in parts for p in part]
    if len(flat) == 1:
        return tuple(_piece(flat[0], scheme, n, marks))
    combos: list[tuple[str, float]] = [("", 0.0)]
    glue = False   # the last piece was the article: the next joins it with no ZWNJ
    for k, part in enumerate(parts):
        for j, piece in enumerate(part):
            if piece.casefold() in _CONJ and 0 < k < len(parts) - 1 and len(part) == 1:
                combos = [(w + " و ", s) for w, s in combos]
                continue
            if piece.casefold() in _EZAFE_PARTS and 0 < k < len(parts) - 1 and len(part) == 1:
                combos = [(w + " ", s) for w, s in combos]   # shahr-e-kord: an ezafe between words
                continue
            pre = arabic.latin_prefix(piece) if len(part) == 1 and k < len(parts) - 1 else None
            if pre is not None:
                # al-X is ال joined to X (never آل, never a ZWNJ); bi-, li- join it the same way
                combos = [(arabic.join_prefix(w if glue else w + (" " if w and not w.endswith(" ") else ""),
                                              pre), s) for w, s in combos]
                glue = True
                continue
            ranked = _piece(piece, scheme, 3, marks) or [(piece, -_INF)]
            nxt = []
            for w, s in combos:
                for pw, ps in ranked:
                    if not w or w.endswith(" ") or glue:
                        nxt.append((w + pw, s + ps))
                    elif j and pw in COMPOUND_SECOND:
                        # a prime before a compound's second element is the space of a compound
                        # written apart (ALA-LC rule 10: Shāhʹnāmah = شاه نامه), not a ZWNJ
                        nxt.append((w + " " + pw, s + ps))
                    else:
                        nxt.append((_join([w, pw]), s + ps))
            combos = sorted(nxt, key=lambda kv: -kv[1])[:n]
            glue = False
    return tuple(combos[:n])


_TOKEN = re.compile(r"(?:[‘’ʻʼ'`](?=[^\W\d_]))?[^\W\d_][\w\u0300-\u036f‘’ʻʼʹ′'`´\-‐‑]*", re.UNICODE)
_PUNCT = str.maketrans({",": "،", ";": "؛", "?": "؟"})


def persianize_text(text: str, scheme: str | None = None) -> str:
    """Romanized text -> Persian script, word by word (best candidate for each word).

    Anything that is not a romanized word (digits, punctuation, Persian letters) is kept, with the
    comma, semicolon and question mark turned into their Persian forms.
    """
    if scheme == "strict":
        from ..engine import char_code

        return char_code("strict").decode(text)
    from ..normalize import normalize_latin

    text = normalize_latin(text)
    if scheme is None:
        scheme = detect_scheme(text)
    marks = Marks.of(text)
    out = []
    pos = 0
    tokens = list(_TOKEN.finditer(text))
    for i, m in enumerate(tokens):
        out.append(text[pos:m.start()].translate(_PUNCT))
        pos = m.end()
        tok = m.group()
        prev = tokens[i - 1].group() if i else None
        nxt = tokens[i + 1].group() if i + 1 < len(tokens) else None
        trail = ""
        # "jahānī-" with its ezafe cut off, a closing quote; in ALA-LC a final ʼ is the hamzah
        closing = "-‐‑'`´" if scheme == "ala-lc" else "-‐‑'’`´"
        while tok and tok[-1] in closing:
            trail = tok[-1] + trail
            tok = tok[:-1]
        dotted = text[pos:pos + 1] == "."
        fixed = arabic.latin_fixed(tok + ("." if dotted and not trail else ""), prev, nxt)
        if fixed is not None:
            out.append(fixed)
            if dotted and tok.casefold() == "b":
                pos += 1   # "b." is ibn: its dot goes with it
        elif re.fullmatch(r"[A-Za-z]", tok) and tok.casefold() not in _CONJ:
            out.append(tok + trail)  # an initial (H. Asgarian) stays Latin
            continue
        else:
            cands = _token_candidates(tok, scheme, 1, nxt, marks)
            out.append(cands[0][0] if cands else tok)
        # a dangling hyphen is an ezafe cut off (jahānī- āmricā); a quote mark closes a title
        out.append(re.sub("[-‐‑'’`´]", "", trail))
    out.append(text[pos:].translate(_PUNCT))
    return "".join(out)


_ABAD = re.compile(r"^(.{2,}?[^\W\d_])[-‐‑ʹ’']?[aā]b[aā]d$", re.IGNORECASE)
_HAMZA_IZAFAH = re.compile(r"(?<=[aeAE]h)[-‐‑][ʼ’'‘`]i$")
_CONSTRUCT_AT = re.compile(r"[aA]t$")
# nats in favour of ة over ت for an -at before an article word: the construct is Arabic, and Arabic
# writes the feminine ending ة (Persian often writes the same noun alone with ت: حکمت, معرفت)
_CONSTRUCT_TA = 3.0   # 0, 3, 6 tried: 3 gains on both hash halves of the real catalogue pairs


def _before_article(nxt: str | None) -> bool:
    if nxt is None:
        return False
    first = re.split(r"[-‐‑]", nxt, maxsplit=1)
    return (len(first) == 2 and arabic.is_latin_article(first[0])) or arabic.latin_fixed(nxt, "", None) == arabic.ALLAH


def _token_candidates(tok: str, scheme: str | None, n: int, nxt: str | None = None,
                      marks: Marks = Marks()) -> tuple[tuple[str, float], ...]:
    """Ranked spellings of one romanized token, with the Arabic element's rules (translit/arabic.py)
    applied before the word lists are asked: a compound with Allāh written as one word (Abdollah),
    á for ی, -at before an article word (ة or ت, ranked by the word lists), ALA-LC's -ʼi after -ah (ۀ)."""
    m = _ABAD.match(_EZAFE.sub("", tok) if len(tok) > 6 else tok)   # Eslāmābād-e Gharb
    if m:
        # a place name in -ābād: Persian writes آباد as a word of its own after the name it follows
        # (حسین آباد, as the national gazetteer does; حسین‌آباد and the joined spelling are rarer)
        return tuple((w + " آباد", v) for w, v in _token_candidates(m.group(1), scheme, n, marks=marks))
    head = arabic.latin_joined_allah(tok)
    if head is not None:
        return tuple((_join([w, arabic.ALLAH]), v) for w, v in _word_candidates(head, scheme, n, marks))
    if tok.endswith("á") and len(tok) > 2:
        return tuple((w[:-1] + "ی" if w.endswith("ا") else w, v)
                     for w, v in _word_candidates(tok[:-1] + "ā", scheme, n, marks))
    if _HAMZA_IZAFAH.search(tok):
        return tuple((w[:-1] + "ۀ" if w.endswith("ه") else w, v)
                     for w, v in _word_candidates(_HAMZA_IZAFAH.sub("", tok), scheme, n, marks))
    if _CONSTRUCT_AT.search(tok) and len(tok) > 4 and _before_article(nxt):
        # an Arabic construct (Tuḥfat al-ʻIrāqayn): the -at is ة (read as the -ah of the word alone)
        # or a ت that Persian writes (Ḥikmat): the word lists rank the two
        spelled: dict[str, float] = {}
        for w, v in _word_candidates(tok[:-1] + "h", scheme, n, marks):
            if w.endswith("ه"):
                spelled[w[:-1] + arabic.TA_MARBUTA] = v + _CONSTRUCT_TA
        for w, v in _word_candidates(tok, scheme, n, marks):
            spelled[w] = max(v, spelled.get(w, -_INF))
        return tuple(sorted(spelled.items(), key=lambda kv: -kv[1])[:n])
    return _word_candidates(tok, scheme, n, marks)


def candidates(word_or_phrase: str, n: int = 5, scheme: str | None = None) -> list[tuple[str, float]]:
    """Ranked Persian spellings of a romanized word or phrase, best first, scores in (0, 1].

    The scores are the candidates' posterior shares among the spellings considered, so they are
    comparable within one call. A phrase is spelled word by word and its candidates combine the
    words' best ones.
    """
    if n <= 0:
        return []
    from ..normalize import normalize_latin

    text = normalize_latin(word_or_phrase).strip()
    if not text:
        return []
    if scheme is None:
        scheme = detect_scheme(text)
    if scheme == "strict":
        from ..engine import char_code

        return [(char_code("strict").decode(text), 1.0)]
    combos: list[tuple[str, float]] = [("", 0.0)]
    marks = Marks.of(text)
    toks = text.split()
    for i, tok in enumerate(toks):
        prev = toks[i - 1] if i else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        fixed = arabic.latin_fixed(tok, prev, nxt)
        ranked = [(fixed, 0.0)] if fixed is not None else \
            list(_token_candidates(tok, scheme, max(n, 3), nxt, marks)) or [(tok, -_INF / 2)]
        combos = sorted(((f"{w} {pw}".strip(), s + ps) for w, s in combos for pw, ps in ranked),
                        key=lambda kv: -kv[1])[:max(n, 3)]
    top = combos[0][1]
    weights = [math.exp(max(s - top, -50.0)) for _, s in combos]
    total = sum(weights)
    return [(w, max(x / total, 1e-12)) for (w, _), x in zip(combos, weights)][:n]
