"""What every reader shares: result types, byte decoding, text cleaning, language names."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from index.errors import ReaderError
from index.reference import Reference

FORMATS = ("text", "bibtex", "ris", "csl-json", "marc", "marcxml")


@dataclass
class Skip:
    """A record that was not loaded: where it starts (``"refs.bib:12"``) and why."""

    origin: str
    reason: str


@dataclass
class ReadResult:
    """The references a file yielded, the records skipped, and the format that was read.

    ``encoding`` is the encoding the bytes were decoded with; ``notes`` holds remarks the user
    should see (e.g. that a legacy Windows-1256 file was detected).
    """

    references: list[Reference]
    skipped: list[Skip]
    format: str
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Decoding

_ICONV_HINT = (
    "convert it to UTF-8 first, e.g. `iconv -f WINDOWS-1256 -t UTF-8 FILE > FILE.utf8` for legacy "
    "Persian files (or -f LATIN1 for Western European ones)"
)


def _is_arabic_letter(ch: str) -> bool:
    o = ord(ch)
    return (0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFDFF
            or 0xFE70 <= o <= 0xFEFF) and ch.isalpha()


def arabic_share(text: str) -> float:
    """Share of Arabic-script letters among the letters of ``text`` (0.0 when it has none)."""
    letters = arabic = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if _is_arabic_letter(ch):
                arabic += 1
    return arabic / letters if letters else 0.0


def has_arabic_script(text: str) -> bool:
    return any(_is_arabic_letter(ch) for ch in text)


def _looks_like_cp1256_persian(data: bytes) -> str | None:
    """Decode ``data`` as Windows-1256 when its non-ASCII letters are mostly Arabic script.

    Latin-1 text (French, German...) also decodes under cp1256, but its accented letters stay Latin
    there, so requiring Arabic-script letters to dominate the non-ASCII ones tells the two apart.
    """
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return None
    non_ascii = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if len(non_ascii) < 2:
        return None
    arabic = sum(1 for ch in non_ascii if _is_arabic_letter(ch))
    return text if arabic / len(non_ascii) >= 0.8 else None


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without a byte-order mark: every other byte is mostly NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    half = len(data) // 2
    for enc, nuls in (("utf-16-le", odd_nul), ("utf-16-be", even_nul)):
        # Arabic-script UTF-16 has few NUL high bytes, so this only catches mostly-Latin files;
        # Persian-only files without a BOM are reported as binary, which names UTF-16 as a cause.
        if nuls >= half * 0.6:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            if "\x00" not in text:
                return text
    return None


def decode_bytes(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode a file's bytes: UTF-8 (BOM or not), UTF-16/32 with BOM, else Windows-1256 Persian.

    Returns ``(text, encoding, notes)``; raises ReaderError for empty, binary or undecodable data.
    """
    notes: list[str] = []
    if not data.strip():
        raise ReaderError(f"{name}: empty file")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise ReaderError(
                    f"{name}: starts with a {enc.upper()} byte-order mark but is not valid "
                    f"{enc.upper()} (byte {exc.start})") from None
            if "\x00" in text:
                raise ReaderError(f"{name}: binary data (NUL characters), not a bibliography")
            return text, enc, notes
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            notes.append(f"{name}: read as UTF-16 without a byte-order mark")
            return text, "utf-16", notes
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise ReaderError(
            f"{name}: line {line}: binary data (NUL bytes), not a text bibliography; if it is "
            "UTF-16 text, save it with a byte-order mark or convert it with "
            "`iconv -f UTF-16 -t UTF-8`")
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError as exc:
        bad = exc.start
    # UTF-8 with a few damaged bytes also decodes as Windows-1256 (into nonsense letters): when
    # valid multi-byte UTF-8 characters outnumber the bad bytes, it is UTF-8 and the damage is
    # reported instead.
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    if sum(1 for ch in lenient if ord(ch) > 127) - damaged > damaged:
        line = data.count(b"\n", 0, bad) + 1
        raise ReaderError(
            f"{name}: line {line}: not valid UTF-8 (byte 0x{data[bad]:02x} at offset {bad}; "
            f"{damaged} bad byte sequence(s) in the file); fix the file, or drop the bad bytes with "
            f"`iconv -f UTF-8 -t UTF-8 -c FILE > FILE.fixed`")
    text = _looks_like_cp1256_persian(data)
    if text is not None:
        notes.append(f"{name}: not UTF-8; read as Windows-1256 (legacy Persian encoding)")
        return text, "windows-1256", notes
    raise ReaderError(f"{name}: not UTF-8 (invalid byte 0x{data[bad]:02x} at offset {bad}) "
                      f"and not Windows-1256 Persian; {_ICONV_HINT}")


# ---------------------------------------------------------------------------------------------
# Cleaning

# C0/C1 controls except tab and newline, plus bidi embedding/override/isolate marks and the
# stray BOM: invisible characters that copy-paste from PDFs and Word leave behind and that would
# split or glue search terms. ZWNJ/ZWJ stay: they are part of Persian spelling.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e"
                         "\u2066-\u2069\ufeff]")
_WS_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


# Lone surrogates cannot be written as UTF-8 (the index, the terminal, exports): a str handed to
# read_text can carry them, and so can JSON's "\\ud800" escapes. They become U+FFFD.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Newlines to ``\\n``, invisible control and bidi characters removed, lone surrogates
    replaced by U+FFFD."""
    text = _SURROGATE_RE.sub("\ufffd", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    return _CONTROL_RE.sub("", text)


def clean_field(value: str) -> str:
    """One field value: whitespace runs collapsed, ends trimmed (including stray ZWNJ/ZWJ)."""
    if value.isprintable() and "  " not in value:
        # Fast path (no newline, tab, odd space or ZWNJ): the common case in large files.
        return value.strip(" ")
    value = _WS_RE.sub(" ", _SURROGATE_RE.sub("\ufffd", value).replace("\n", " "))
    return value.strip(" \u200c\u200d")


# ---------------------------------------------------------------------------------------------
# Languages

_LANGUAGES = {
    "persian": "fa", "farsi": "fa", "fa": "fa", "fas": "fa", "per": "fa", "fa-ir": "fa",
    "فارسی": "fa", "پارسی": "fa",
    "english": "en", "en": "en", "eng": "en", "en-us": "en", "en-gb": "en", "انگلیسی": "en",
    "russian": "ru", "ru": "ru", "rus": "ru", "روسی": "ru",
    "arabic": "ar", "ar": "ar", "ara": "ar", "عربی": "ar",
    "french": "fr", "fr": "fr", "fre": "fr", "fra": "fr", "فرانسوی": "fr",
    "german": "de", "de": "de", "ger": "de", "deu": "de", "آلمانی": "de",
    "turkish": "tr", "tr": "tr", "tur": "tr", "ترکی": "tr",
    "spanish": "es", "es": "es", "spa": "es",
    "italian": "it", "it": "it", "ita": "it",
    "urdu": "ur", "ur": "ur", "urd": "ur",
    "tajik": "tg", "tg": "tg", "tgk": "tg",
    "pashto": "ps", "ps": "ps", "pus": "ps",
    "dari": "prs", "prs": "prs",
    "azerbaijani": "az", "azeri": "az", "az": "az",
    "kurdish": "ku", "ku": "ku",
    "chinese": "zh", "zh": "zh", "japanese": "ja", "ja": "ja",
}


def language_code(name: str) -> str:
    """ISO 639-1 code for a language name or code as bibliographies write it ("Persian", "fa-IR").

    Unknown names come back as written (lower-cased), so nothing the user wrote is lost.
    """
    key = name.strip().lower().replace("_", "-")
    if not key:
        return ""
    if key in _LANGUAGES:
        return _LANGUAGES[key]
    base = key.split("-")[0]
    return _LANGUAGES.get(base, key)


# ---------------------------------------------------------------------------------------------
# Finishing records

# A field longer than this is not a title or a name but a damaged record (a missing closing
# brace or quote that swallowed the rest of a file); indexing it would take seconds per record.
MAX_FIELD = 10_000


def _overlong(ref: Reference) -> str:
    for name, value in vars(ref).items():
        if name in ("source", "origin"):
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str) and len(v) > MAX_FIELD:
                return f"field '{name}' is {len(v)} characters long (at most {MAX_FIELD})"
    return ""


def finish(ref: Reference, result: ReadResult, seen: dict[str, str]) -> None:
    """Give ``ref`` its id and add it to ``result``, unless an earlier record has the same id or
    a field is implausibly long (both reported as skipped).

    The first record with an id wins: the index treats an id as one work, so a repeated key or an
    identical citation line is reported as skipped rather than silently merged. A record whose id
    is a made citation key (no key in the source) that an earlier, different work already has gets
    the next letter (``amiri2015a``).
    """
    problem = _overlong(ref)
    if problem:
        result.skipped.append(Skip(ref.origin, problem))
        return
    ref.ensure_id()
    if ref.content_hash:
        # made keys: the same work twice is a duplicate; another work gets a suffix
        same = seen.get("\x00" + ref.content_hash)
        if same is not None:
            result.skipped.append(Skip(ref.origin, f"duplicate of {same} (same content)"))
            return
        from index.names import suffixed

        ref.id = suffixed(ref.id, seen)
        seen["\x00" + ref.content_hash] = ref.origin
    first = seen.get(ref.id)
    if first is not None:
        result.skipped.append(Skip(ref.origin, f"duplicate of {first} (same id {ref.id})"))
        return
    seen[ref.id] = ref.origin
    result.references.append(ref)
