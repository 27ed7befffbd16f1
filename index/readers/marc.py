"""MARC 21 files: ISO 2709 (``.mrc``) and MARCXML, read with pymarc; fields as in :mod:`index.marc`.

ISO 2709 is cut into records at the record terminator (0x1D) and each record is checked before
pymarc decodes it, so one damaged record is skipped with its number and byte offset and the
others load: a leader that is not a MARC leader, a record length that disagrees with the bytes
(a truncated record), a directory that is not 12-byte entries or points outside the record, a
field without its terminator. The encoding flag (leader/09: blank MARC-8, ``a`` UTF-8) is
checked against the bytes: a UTF-8 record flagged MARC-8 is read as UTF-8, a MARC-8 record
flagged UTF-8 as MARC-8, each with a note; bytes that are neither are a skipped record. An 880
whose link leads nowhere is read as an unlinked 880, with a note.

MARCXML that is not well-formed XML is a whole-file error naming line and column.
"""
from __future__ import annotations

import io
import re

from index.errors import ReaderError
from index.readers.base import ReadResult, Skip, finish

RECORD_END = b"\x1d"
FIELD_END = b"\x1e"
_LEADER = re.compile(rb"^\d{5}[a-z ]{5}[0-9 ]{2}\d{5}")
_ENTRY = re.compile(rb"^[0-9A-Za-z]{3}\d{4}\d{5}$")


def looks_like_iso2709(data: bytes) -> bool:
    return bool(_LEADER.match(data.lstrip()[:24]))


def looks_like_marcxml(data: bytes) -> bool:
    head = data[:4096]
    return b"<" in head[:200] and (b"loc.gov/MARC21/slim" in head or
                                   re.search(rb"<(?:\w+:)?record[\s>]", head) is not None and
                                   re.search(rb"<(?:\w+:)?(?:leader|datafield)[\s>]", data[:65536])
                                   is not None)


def _check(chunk: bytes) -> str:
    """What is wrong with one ISO 2709 record's structure ('' when nothing)."""
    if len(chunk) < 25:
        return f"truncated record: {len(chunk)} bytes, shorter than a leader and a terminator"
    leader = chunk[:24]
    if not leader[:5].isdigit():
        return f"bad leader: record length {leader[:5].decode('latin-1')!r} is not five digits"
    if not leader[12:17].isdigit():
        return f"bad leader: base address {leader[12:17].decode('latin-1')!r} is not five digits"
    if leader[10:12] != b"22" or leader[20:24] != b"4500":
        return (f"bad leader: positions 10-11 and 20-23 must be '22' and '4500' "
                f"(found {leader[10:12].decode('latin-1')!r} and "
                f"{leader[20:24].decode('latin-1')!r})")
    if leader[9:10] not in (b" ", b"a"):
        return (f"bad leader: character coding (position 09) is "
                f"{leader[9:10].decode('latin-1')!r}, neither blank (MARC-8) nor 'a' (UTF-8)")
    length = int(leader[:5])
    if length != len(chunk):
        what = "truncated record" if length > len(chunk) else "damaged record"
        return f"{what}: the leader gives {length} bytes, the record has {len(chunk)}"
    base = int(leader[12:17])
    if base <= 24 or base >= len(chunk):
        return f"bad leader: base address {base} lies outside the record"
    if chunk[base - 1:base] != FIELD_END:
        return f"bad directory: no field terminator before the data at byte {base - 1}"
    directory = chunk[24:base - 1]
    if len(directory) % 12:
        return f"bad directory: {len(directory)} bytes, not a whole number of 12-byte entries"
    data_len = len(chunk) - base - 1
    for k in range(0, len(directory), 12):
        entry = directory[k:k + 12]
        if not _ENTRY.match(entry):
            return f"bad directory: entry {k // 12 + 1} is {entry.decode('latin-1')!r}"
        tag, flen, start = entry[:3].decode(), int(entry[3:7]), int(entry[7:12])
        if flen == 0 or start + flen > data_len:
            return f"bad directory: field {tag} (entry {k // 12 + 1}) lies outside the record"
        if chunk[base + start + flen - 1:base + start + flen] != FIELD_END:
            return f"bad directory: field {tag} (entry {k // 12 + 1}) does not end where it says"
    return ""


def _resync(chunk: bytes) -> int | None:
    """The offset of a whole record inside ``chunk`` (a leader whose length reaches exactly to
    the chunk's terminator), after bytes that are not one; None when there is none."""
    for m in re.finditer(rb"\d{5}[a-z ]{5}[0-9 ]{2}\d{5}", chunk[1:]):
        start = m.start() + 1
        if int(chunk[start:start + 5]) == len(chunk) - start and not _check(chunk[start:]):
            return start
    return None


def _coding(chunk: bytes) -> tuple[bytes, str, str]:
    """``(chunk, note, error)``: the record with a leader/09 that matches its bytes."""
    flag = chunk[9:10]
    data = chunk[24:]
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError as exc:
        utf8, bad = False, exc.start + 24
    if flag == b" " and utf8 and b"\x1b" not in data and any(b > 127 for b in data):
        return (chunk[:9] + b"a" + chunk[10:],
                "leader/09 says MARC-8 but the record is UTF-8; read as UTF-8", "")
    if flag == b"a" and not utf8:
        if b"\x1b" in data:
            return (chunk[:9] + b" " + chunk[10:],
                    "leader/09 says UTF-8 but the record is MARC-8 (escape sequences); "
                    "read as MARC-8", "")
        return chunk, "", (f"leader/09 says UTF-8 but byte 0x{chunk[bad]:02x} at record byte "
                           f"{bad} is not UTF-8 (and the record is not MARC-8)")
    return chunk, "", ""


def _records_iso2709(data: bytes, origin: str, result: ReadResult):
    """Yield ``(record, where)`` for every readable record; skips go to ``result``."""
    from pymarc import Record

    pos, number = 0, 0
    while pos < len(data):
        while pos < len(data) and data[pos:pos + 1] in (b"\n", b"\r", b" ", b"\t"):
            pos += 1
        if pos >= len(data):
            break
        number += 1
        end = data.find(RECORD_END, pos)
        where = f"{origin}:record {number} (byte {pos})"
        if end < 0:
            result.skipped.append(Skip(where, "truncated record: the file ends before the "
                                              "record terminator (0x1D)"))
            break
        chunk = data[pos:end + 1]
        pos = end + 1
        problem = _check(chunk)
        if problem:
            result.skipped.append(Skip(where, problem))
            # a damaged record cut short runs into the next one: find that one's leader
            start = _resync(chunk)
            if start is None:
                continue
            number += 1
            where = f"{origin}:record {number} (byte {pos - len(chunk) + start})"
            chunk = chunk[start:]
            problem = _check(chunk)
            if problem:
                result.skipped.append(Skip(where, problem))
                continue
        chunk, note, problem = _coding(chunk)
        if problem:
            result.skipped.append(Skip(where, problem))
            continue
        if note:
            result.notes.append(f"{where}: {note}")
        try:
            record = Record(data=chunk, to_unicode=True, hide_utf8_warnings=True)
        except Exception as exc:       # pymarc's own checks: report, never a traceback
            result.skipped.append(Skip(where, f"unreadable record ({type(exc).__name__}: "
                                              f"{exc or 'no detail'})"))
            continue
        yield record, f"{origin}:record {number}"


def _records_marcxml(data: bytes, origin: str):
    from xml.sax import SAXParseException, make_parser
    from xml.sax.handler import feature_external_ges, feature_namespaces

    from pymarc.marcxml import XmlHandler

    found: list = []

    class Handler(XmlHandler):
        def setDocumentLocator(self, locator) -> None:
            self._locator = locator

        def startElementNS(self, name, qname, attrs) -> None:
            if name[1] == "record":
                self._line = self._locator.getLineNumber()
            super().startElementNS(name, qname, attrs)

        def process_record(self, record) -> None:
            found.append((record, f"{origin}:{self._line}"))

    parser = make_parser()
    parser.setFeature(feature_namespaces, 1)
    parser.setFeature(feature_external_ges, 0)
    handler = Handler()
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(data))
    except SAXParseException as exc:
        raise ReaderError(f"{origin}: invalid MARCXML at line {exc.getLineNumber()} column "
                          f"{exc.getColumnNumber()}: {exc.getMessage()}") from None
    except (KeyError, ValueError, TypeError) as exc:
        raise ReaderError(f"{origin}: invalid MARCXML ({type(exc).__name__}: {exc})") from None
    return found


def _add(records, result: ReadResult) -> None:
    from index.marc import record_to_reference

    seen: dict[str, str] = {}
    for record, where in records:
        try:
            ref, notes = record_to_reference(record)
        except Exception as exc:
            result.skipped.append(Skip(where, f"unreadable record ({type(exc).__name__}: {exc})"))
            continue
        for note in notes:
            result.notes.append(f"{where}: {note}")
        if not (ref.title or ref.authors or ref.container):
            result.skipped.append(Skip(where, "MARC record has no title (245), author or host item"))
            continue
        ref.origin = where
        ref.source = {"record": str(record)}
        finish(ref, result, seen)


def read_marc(data: bytes, origin: str) -> ReadResult:
    """Read ISO 2709 MARC 21 records."""
    result = ReadResult([], [], "marc")
    _add(_records_iso2709(data, origin, result), result)
    if not result.references and not result.skipped:
        raise ReaderError(f"{origin}: no MARC records found")
    return result


def read_marcxml(data: bytes, origin: str) -> ReadResult:
    """Read a MARCXML collection (or a single record)."""
    result = ReadResult([], [], "marcxml")
    _add(_records_marcxml(data, origin), result)
    if not result.references and not result.skipped:
        raise ReaderError(f"{origin}: no MARC records found in the XML")
    return result
