"""Bibliography readers: citation-list text, BibTeX, RIS, CSL-JSON and MARC 21 (ISO 2709,
MARCXML) into ``Reference`` records.

    from index.readers import read_path, read_text
    result = read_path("refs.bib")          # format from the extension, else from the content
    result.references, result.skipped, result.format

Whole-file problems (missing, a directory, empty, binary, undecodable, unknown format, invalid
JSON array) raise :class:`index.errors.ReaderError` with a one-line message naming the file. A
broken record never stops a file: it becomes a :class:`Skip` with ``file:line`` and a reason, and
the other records still load. Every reference gets an id (the source's key, else a content hash),
``origin`` (``file:line``) and ``source`` (``source["record"]`` is the record's raw text; the
structured formats also keep each field's raw value under its own name).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from index.errors import ReaderError
from index.readers.base import FORMATS, ReadResult, Skip, clean_text, decode_bytes

__all__ = ["read_path", "read_text", "detect_format", "ReadResult", "Skip", "FORMATS",
           "ReaderError"]

_EXTENSIONS = {
    ".bib": "bibtex", ".bibtex": "bibtex",
    ".ris": "ris",
    ".json": "csl-json", ".jsonl": "csl-json", ".ndjson": "csl-json",
    ".txt": "text", ".text": "text",
    ".mrc": "marc", ".marc": "marc", ".iso2709": "marc",
}
_MARC_EXTENSIONS = {".mrc", ".marc", ".iso2709", ".xml", ".marcxml"}

_ALIASES = {
    "auto": "auto", "text": "text", "txt": "text", "plain": "text",
    "bibtex": "bibtex", "bib": "bibtex",
    "ris": "ris",
    "csl-json": "csl-json", "csljson": "csl-json", "csl": "csl-json", "json": "csl-json",
    "jsonl": "csl-json", "csl_json": "csl-json",
    "marc": "marc", "iso2709": "marc", "mrc": "marc", "marc21": "marc",
    "marcxml": "marcxml", "marc-xml": "marcxml", "xml": "marcxml",
}

_BIBTEX_START = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.M)
_RIS_START = re.compile(r"^[ \t]*TY[ \t]{1,2}-", re.M)

# Files larger than this are refused rather than read into memory whole.
MAX_BYTES = 512 * 1024 * 1024


def _normalize_format(fmt: str, name: str) -> str:
    key = (fmt or "auto").strip().lower()
    if key not in _ALIASES:
        raise ReaderError(f"{name}: unknown format {fmt!r}; use one of auto, {', '.join(FORMATS)}")
    return _ALIASES[key]


def detect_format(text: str, filename: str = "") -> str:
    """The format of ``text``: from the file's extension when it has a known one, else sniffed."""
    ext = Path(filename).suffix.lower() if filename else ""
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    return _sniff(text)


def _sniff(text: str) -> str:
    head = text.lstrip()[:1]
    if head in ("[", "{"):
        return "csl-json"
    sample = text[:200_000]
    if _RIS_START.search(sample):
        return "ris"
    if _BIBTEX_START.search(sample):
        return "bibtex"
    return "text"


def _dispatch(text: str, fmt: str, origin: str) -> ReadResult:
    # Imported here so that importing index.readers stays cheap for the CLI.
    if fmt == "bibtex":
        from index.readers.bibtex import read_bibtex as reader
    elif fmt == "ris":
        from index.readers.ris import read_ris as reader
    elif fmt == "csl-json":
        from index.readers.csl_json import read_csl_json as reader
    else:
        from index.readers.text import read_citations as reader
    return reader(text, origin)


def _read(text: str, fmt: str, origin: str, filename: str) -> ReadResult:
    if "\x00" in text:
        raise ReaderError(f"{origin}: binary data (NUL characters), not a bibliography")
    text = clean_text(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ReaderError(f"{origin}: empty file")
    sniffed = False
    if fmt == "auto":
        fmt = detect_format(text, filename)
        sniffed = not (filename and Path(filename).suffix.lower() in _EXTENSIONS)
    try:
        result = _dispatch(text, fmt, origin)
    except ReaderError:
        raise
    except RecursionError:
        raise ReaderError(f"{origin}: nesting too deep to read as {fmt}") from None
    if sniffed and fmt == "text" and not result.references:
        raise ReaderError(f"{origin}: unknown format: no BibTeX entries, RIS records, CSL-JSON or "
                          "citation lines found")
    return result


def marc_format(data: bytes, fmt: str, filename: str = "") -> str:
    """``marc`` or ``marcxml`` when the bytes are to be read as MARC 21 (asked for, or found by
    content), else ''."""
    if fmt in ("marc", "marcxml"):
        return fmt
    if fmt != "auto":
        return ""
    from index.readers.marc import looks_like_iso2709, looks_like_marcxml

    ext = Path(filename).suffix.lower() if filename else ""
    if ext in _EXTENSIONS and ext not in _MARC_EXTENSIONS:
        return ""
    if looks_like_iso2709(data):
        return "marc"
    if looks_like_marcxml(data):
        return "marcxml"
    return "marc" if ext in (".mrc", ".marc", ".iso2709") else ""


def read_marc_bytes(data: bytes, fmt: str, origin: str) -> ReadResult:
    """Read MARC 21 bytes (``fmt`` ``marc`` for ISO 2709, ``marcxml``)."""
    from index.readers.marc import read_marc, read_marcxml

    if not data.strip():
        raise ReaderError(f"{origin}: empty file")
    return (read_marc if fmt == "marc" else read_marcxml)(data, origin)


def read_text(text: str, fmt: str = "auto", origin: str = "<text>") -> ReadResult:
    """Read references from a string. ``origin`` names it in ``Reference.origin`` and errors."""
    fmt = _normalize_format(fmt, origin)
    if not isinstance(text, str):
        raise ReaderError(f"{origin}: expected text, got {type(text).__name__}")
    if fmt in ("marc", "marcxml"):
        return read_marc_bytes(text.encode("utf-8", "replace"), fmt, origin)
    return _read(text, fmt, origin, origin if fmt == "auto" else "")


def read_path(path: str | os.PathLike, fmt: str = "auto") -> ReadResult:
    """Read a bibliography file (encoding and, with ``fmt="auto"``, format detected)."""
    p = Path(path)
    name = str(path)
    fmt = _normalize_format(fmt, name)
    try:
        if not p.exists():
            raise ReaderError(f"{name}: file not found")
        if p.is_dir():
            raise ReaderError(f"{name}: is a directory, not a bibliography file")
        if not p.is_file():
            raise ReaderError(f"{name}: not a regular file (a device, pipe or socket)")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReaderError(f"{name}: too large ({size} bytes; at most {MAX_BYTES})")
        data = p.read_bytes()
    except ReaderError:
        raise
    except OSError as exc:
        raise ReaderError(f"{name}: cannot read ({exc.strerror or exc})") from None
    marc = marc_format(data, fmt, name)
    if marc:
        return read_marc_bytes(data, marc, name)
    text, encoding, notes = decode_bytes(data, name)
    result = _read(text, fmt, name, name)
    result.encoding = encoding
    result.notes = notes + result.notes
    return result
