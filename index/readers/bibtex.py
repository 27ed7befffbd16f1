"""BibTeX: a small parser of its own (entries, @string macros, # concatenation, nested braces).

* ``@type{key, field = {..} | ".." | 123 | macro # ..., }`` and ``@type(key, ...)``;
  ``@string`` defines macros (month names are predefined), ``@comment``/``@preamble`` are ignored;
  text outside entries is a comment, as in BibTeX.
* Entries are found at line starts (``@`` as the first non-blank character), and each is parsed
  only up to the next entry start: an entry with unbalanced braces is skipped with its line and
  the rest of the file still loads.
* Values: whitespace collapsed, common LaTeX accents and escapes turned into Unicode
  (``\\'{e}`` é, ``\\"o`` ö, ``{\\=a}`` ā, ``\\d{h}`` ḥ, ``\\&`` &), ``{\\em x}``/``\\emph{x}``
  reduced to x, grouping braces dropped; other commands are left as written. ``url``/``doi`` are
  kept verbatim. Field names starting with ``OPT`` (unfilled template fields) are ignored.
* Iran Manual of Style fields: ``authorfa``/``titlefa`` (also ``author-fa``, ``title_fa``...) are the
  parallel Persian forms, ``language = {Persian}`` becomes "fa", ``by`` (original author in
  translator-first entries) stands in for a missing ``author``. Peyvand's own export adds
  ``titlelatin``/``authorlatin``, ``titleen``/``journalen``, and ``season``; the other script of
  the other fields is the field's name + ``fa`` or + ``latin`` (``journalfa``, ``addresslatin``,
  ``publisherfa``, ``editorlatin``...), and ``langid`` is read like ``language``.
* ``source`` keeps ``record`` (the entry's text), ``entrytype`` and every field's raw value under
  its lower-cased name, so nothing the file said is lost (translator, edition, isbn...).
"""
from __future__ import annotations

import bisect
import re
import unicodedata

from index.readers.base import (ReadResult, Skip, arabic_share, clean_field, finish,
                                language_code)
from index.reference import Reference

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])", re.M)
_NAME = re.compile(r"[^\s=,{}\"#()%'~]+")
_MONTHS = {m[:3].lower(): m for m in (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December")}

_TYPES = {
    "article": "article", "periodical": "article", "suppperiodical": "article",
    "book": "book", "booklet": "book", "mvbook": "book", "proceedings": "book",
    "mvproceedings": "book", "collection": "book", "mvcollection": "book", "manual": "book",
    "incollection": "chapter", "inbook": "chapter", "bookinbook": "chapter",
    "inproceedings": "chapter", "conference": "chapter", "suppbook": "chapter",
    "suppcollection": "chapter", "inreference": "chapter",
    "mastersthesis": "thesis", "phdthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report",
    "online": "webpage", "electronic": "webpage", "www": "webpage", "webpage": "webpage",
}
_VERBATIM = {"url", "doi", "eprint", "file", "urldate", "isbn", "issn"}


class _EntryError(ValueError):
    def __init__(self, message: str, pos: int):
        super().__init__(message)
        self.pos = pos


# ---------------------------------------------------------------------------------------------
# LaTeX to Unicode

# Combining marks for the accent commands (Unicode names per the LaTeX accent table).
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
            "c": "\u0327", "k": "\u0328", "d": "\u0323", "b": "\u0331", "r": "\u030a",
            "t": "\u0361"}
_SYMBOLS = {"i": "ı", "j": "ȷ", "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ",
            "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "textendash": "–",
            "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’", "ldots": "…",
            "dots": "…", "textellipsis": "…", "S": "§", "P": "¶", "copyright": "©",
            "textasciitilde": "\ue002", "textbackslash": "\ue003", "guillemotleft": "«",
            "guillemotright": "»", "textquotedblleft": "“", "textquotedblright": "”"}
_ESCAPES = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "\ue000", "}": "\ue001",
            " ": " ", ",": " "}
_SYMBOL_ACCENT = re.compile(
    r"\\([`'^\"~=.])\s*(?:\{\s*(\\[ij](?![A-Za-z])|[^\W\d_])\s*\}|(\\[ij](?![A-Za-z])|[^\W\d_]))")
_LETTER_ACCENT = re.compile(
    r"\\([uvHckdbrt])(?:\s*\{\s*(\\[ij](?![A-Za-z])|[^\W\d_])\s*\}|\s+([^\W\d_]))")
_SYMBOL = re.compile(r"\\(" + "|".join(sorted(map(re.escape, _SYMBOLS), key=len, reverse=True))
                     + r")(?![A-Za-z])\s*(?:\{\})?")
_ESCAPE = re.compile(r"\\([&%$#_{} ,])")
_FORMAT_CMD = re.compile(r"\\(?:emph|textit|textbf|textsc|textrm|textsf|texttt|textup|textsl|"
                         r"textnormal|mbox|text|mathrm|url|href\{[^{}]*\})\s*(?=\{)")
_FORMAT_SWITCH = re.compile(r"\\(?:em|it|bf|sc|rm|sf|tt|sl|itshape|bfseries|scshape|upshape|"
                            r"normalfont|relax)(?![A-Za-z])\s*")


def _accented(cmd: str, letter: str) -> str:
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", base + _ACCENTS[cmd])


def latex_to_unicode(value: str) -> str:
    """Turn the common LaTeX accents, escapes and font commands of a BibTeX value into text."""
    if "\\" in value:
        value = _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], value)
        value = _SYMBOL_ACCENT.sub(lambda m: _accented(m.group(1), m.group(2) or m.group(3)), value)
        value = _LETTER_ACCENT.sub(lambda m: _accented(m.group(1), m.group(2) or m.group(3)), value)
        value = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(1)], value)
        value = _FORMAT_CMD.sub("", value)
        value = _FORMAT_SWITCH.sub("", value)
    if "--" in value:
        value = value.replace("---", "—").replace("--", "–")
    if "~" in value:
        value = value.replace("~", " ")
    if "{" in value or "}" in value:
        value = _strip_braces(value)
    # Escaped characters went through as private-use placeholders so that the steps above
    # (brace stripping, ~ as a space) leave them alone.
    return (value.replace("\ue000", "{").replace("\ue001", "}").replace("\ue002", "~")
            .replace("\ue003", "\\"))


def _strip_braces(value: str) -> str:
    """Drop grouping braces; keep the braces of a command left as written (``\\foo{x}``)."""
    out: list[str] = []
    kept: list[bool] = []
    for i, ch in enumerate(value):
        if ch == "{":
            keep = bool(re.search(r"\\[A-Za-z]+\s*$", value[max(0, i - 40):i]))
            kept.append(keep)
            if keep:
                out.append(ch)
        elif ch == "}":
            if kept and kept.pop():
                out.append(ch)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Names

def _split_top(value: str, sep: re.Pattern[str]) -> list[str]:
    """Split ``value`` at ``sep`` matches that are outside braces."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            i += 2          # an escaped brace or separator belongs to the text
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = sep.match(value, i)
            if m and m.end() > i:
                parts.append(value[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(value[start:])
    return parts


_AND = re.compile(r"\s+and\s+", re.I)
_COMMA = re.compile(r",")
_SPACE = re.compile(r"\s+")


def parse_bibtex_names(raw: str) -> list[str]:
    """``"Marty, Martine E and Appleby, R Scott"`` -> ``["Marty, Martine E", "Appleby, R Scott"]``.

    Names without a comma ("Jerome David Salinger", "Ludwig van Beethoven") are turned into
    "Family, Given" the way BibTeX reads them; a fully braced name ("{World Bank}") stays whole.
    """
    names = []
    for part in _split_top(clean_field(raw), _AND):
        part = part.strip()
        if not part or part.lower() == "others":
            continue
        if len(_split_top(part, _COMMA)) == 1:
            tokens = [t for t in _split_top(part, _SPACE) if t]
            if len(tokens) > 1:
                von = next((k for k, t in enumerate(tokens[:-1]) if t[:1].islower()), None)
                cut = von if von is not None and von > 0 else len(tokens) - 1
                part = " ".join(tokens[cut:]) + ", " + " ".join(tokens[:cut])
        name = clean_field(latex_to_unicode(part))
        if name:
            names.append(name)
    return names


# ---------------------------------------------------------------------------------------------
# Parsing

class _Parser:
    def __init__(self, text: str, start: int, end: int, closer: str, macros: dict[str, str]):
        self.text, self.pos, self.end, self.closer, self.macros = text, start, end, closer, macros

    def ws(self) -> None:
        text, end = self.text, self.end
        while self.pos < end and text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < self.end else ""

    def key(self) -> str:
        self.ws()
        start = self.pos
        while self.pos < self.end and self.text[self.pos] not in ",\n" + self.closer:
            self.pos += 1
        if self.pos >= self.end:
            raise _EntryError("entry is not closed (unbalanced braces?)", start)
        return self.text[start:self.pos].strip()

    def fields(self) -> dict[str, str] | None:
        """``{name: raw value}`` up to the entry's closing delimiter (None: no closer found)."""
        result: dict[str, str] = {}
        while True:
            self.ws()
            ch = self.peek()
            if not ch:
                raise _EntryError("entry is not closed (unbalanced braces?)", self.pos)
            if ch == self.closer:
                self.pos += 1
                return result
            if ch == ",":
                self.pos += 1
                continue
            m = _NAME.match(self.text, self.pos, self.end)
            if not m:
                raise _EntryError(f"unexpected {ch!r} where a field name should be", self.pos)
            name = m.group(0).lower()
            self.pos = m.end()
            self.ws()
            if self.peek() != "=":
                raise _EntryError(f"field '{name}' has no '=' after its name", self.pos)
            self.pos += 1
            value = self.value(name)
            result.setdefault(name, value)

    def value(self, name: str) -> str:
        parts = []
        while True:
            self.ws()
            ch = self.peek()
            start = self.pos
            if ch == "{":
                parts.append(self.braced(name))
            elif ch == '"':
                parts.append(self.quoted(name))
            elif ch.isdigit():
                while self.pos < self.end and self.text[self.pos].isdigit():
                    self.pos += 1
                parts.append(self.text[start:self.pos])
            else:
                m = _NAME.match(self.text, self.pos, self.end)
                if not m:
                    raise _EntryError(f"field '{name}' has no value", self.pos)
                self.pos = m.end()
                macro = m.group(0).lower()
                parts.append(self.macros.get(macro, _MONTHS.get(macro, m.group(0))))
            self.ws()
            if self.peek() == "#":
                self.pos += 1
                continue
            return "".join(parts)

    def braced(self, name: str) -> str:
        text, depth, start = self.text, 0, self.pos
        i = self.pos
        while i < self.end:
            ch = text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    self.pos = i + 1
                    return text[start + 1:i]
            elif ch == "\\":
                i += 1
            i += 1
        raise _EntryError(f"unbalanced braces in field '{name}'", start)

    def quoted(self, name: str) -> str:
        text, depth, start = self.text, 0, self.pos
        i = self.pos + 1
        while i < self.end:
            ch = text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == '"' and depth <= 0:
                self.pos = i + 1
                return text[start + 1:i]
            elif ch == "\\":
                i += 1
            i += 1
        raise _EntryError(f"unclosed quote in field '{name}'", start)


def _value(fields: dict[str, str], *names: str) -> str:
    for name in names:
        raw = fields.get(name, "")
        if raw.strip():
            if name in _VERBATIM:
                return clean_field(raw)
            return clean_field(latex_to_unicode(raw))
    return ""


def _names(fields: dict[str, str], *names: str) -> list[str]:
    for name in names:
        raw = fields.get(name, "")
        if raw.strip():
            return parse_bibtex_names(raw)
    return []


def entry_to_reference(entrytype: str, key: str, fields: dict[str, str]) -> Reference:
    """Map one parsed entry (raw field values) onto a Reference."""
    ref = Reference(id=key.strip())
    ref.type = _TYPES.get(entrytype, "misc")
    ref.authors = _names(fields, "author", "by")
    ref.editors = _names(fields, "editor")
    ref.authors_fa = _names(fields, "authorfa", "author-fa", "author_fa", "fa-author")
    ref.title_fa = _value(fields, "titlefa", "title-fa", "title_fa", "fa-title")
    ref.year = _value(fields, "year") or _value(fields, "date")[:4]
    ref.season = _value(fields, "season", "month")
    ref.title = _value(fields, "title")
    ref.title_en = _value(fields, "titleen", "title-en", "title_en", "titleaddon-en")
    container_fields = ("booktitle", "journal", "journaltitle", "maintitle") \
        if ref.type == "chapter" else ("journal", "journaltitle", "booktitle", "maintitle")
    ref.container = _value(fields, *container_fields)
    ref.container_en = _value(fields, "journalen", "containeren", "container-en", "container_en")
    ref.volume = _value(fields, "volume")
    ref.issue = _value(fields, "number", "issue")
    ref.pages = _value(fields, "pages").replace("–", "-").replace("—", "-")
    ref.publisher = _value(fields, "publisher", "school", "institution", "organization")
    ref.place = _value(fields, "address", "location")
    lang = _value(fields, "language", "langid")
    ref.language = language_code(lang) if lang else ("fa" if arabic_share(ref.title) > 0.5 else "")
    ref.url = _value(fields, "url")
    notes = [n for n in (_value(fields, "note"), _value(fields, "howpublished")) if n]
    accessed = _value(fields, "urldate")
    if accessed:
        notes.append(f"accessed {accessed}")
    ref.note = "; ".join(notes)
    ref.title_latin = _value(fields, "titlelatin", "title-latin", "title_latin")
    ref.authors_latin = _names(fields, "authorlatin", "author-latin", "author_latin")
    ref.edition = _value(fields, "edition")
    ref.series = _value(fields, "series")
    # The other script of the remaining fields, named like IMOS's titlefa: the entry's own field
    # name + "fa" (Persian script) or + "latin" (romanization), as peyvand enrich writes them.
    ref.editors_fa = _names(fields, "editorfa")
    ref.editors_latin = _names(fields, "editorlatin")
    for attr, names in (("container", container_fields), ("place", ("address", "location")),
                        ("publisher", ("publisher", "school", "institution", "organization")),
                        ("edition", ("edition",)), ("series", ("series",))):
        setattr(ref, attr + "_fa", _value(fields, *(n + "fa" for n in names)))
        setattr(ref, attr + "_latin", _value(fields, *(n + "latin" for n in names)))
    return ref


def read_bibtex(text: str, origin: str) -> ReadResult:
    """Read BibTeX text; broken entries become Skips with their line."""
    result = ReadResult([], [], "bibtex")
    seen: dict[str, str] = {}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos)

    macros: dict[str, str] = {}
    starts = list(_ENTRY_START.finditer(text))
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        entrytype = m.group(1).lower()
        closer = "}" if m.group(2) == "{" else ")"
        where = f"{origin}:{line_of(m.start())}"
        if entrytype in ("comment", "preamble"):
            continue
        parser = _Parser(text, m.end(), end, closer, macros)
        try:
            if entrytype == "string":
                for name, raw in parser.fields().items():
                    macros[name] = raw
                continue
            key = parser.key()
            if parser.peek() == closer:
                parser.pos += 1
                fields: dict[str, str] = {}
            else:
                fields = parser.fields()
        except _EntryError as exc:
            result.skipped.append(Skip(where, f"@{entrytype}: {exc} (line {line_of(exc.pos)})"))
            continue
        fields = {n: v for n, v in fields.items() if not n.startswith("opt")}
        ref = entry_to_reference(entrytype, key, fields)
        if not (ref.title or ref.authors or ref.editors or ref.container or ref.id):
            result.skipped.append(Skip(where, f"@{entrytype}: entry has no key and no fields"))
            continue
        ref.origin = where
        ref.source = {"record": text[m.start():parser.pos].strip(), "entrytype": entrytype}
        ref.source.update((n, v) for n, v in fields.items() if n not in ("record", "entrytype"))
        finish(ref, result, seen)
    return result
