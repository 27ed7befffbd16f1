"""The on-disk layout of a peyvand index: the Whoosh schema and the marker file that proves a
directory is ours.

Whoosh index files hold pickles, and unpickling runs code, so peyvand opens only directories it
created itself: those with a ``peyvand-index.json`` marker. The check happens before Whoosh reads
anything.
"""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from translit.errors import PeyvandError

MARKER = "peyvand-index.json"
MARKER_TMP = MARKER + ".tmp"
FORMAT = "peyvand-index"
VERSION = 2
INDEX_NAME = "peyvand"

# Every matching term lives in one Whoosh field, prefixed with its level ("x:ایران", "l:iran",
# "kp:rn"): one field instead of eight halves the time Whoosh spends per added document.
TERMS = "terms"
EXACT, TRANS, LOOSE, KEY_FA, KEY_LATIN, ENGLISH = "x", "t", "l", "kp", "kl", "e"
SCRIPT, LANG = "s", "g"          # the title's script and the record's language, for stats
HASH = "h"      # the content hash of a record whose id peyvand made (see Reference.content_hash)
TERM_FIELDS = (EXACT, TRANS, LOOSE, KEY_FA, KEY_LATIN, ENGLISH)


def term(level: str, text: str) -> str:
    """The indexed form of a term of one level."""
    return f"{level}:{text}"


class IndexStoreError(PeyvandError):
    """A directory that is not (or not yet) a peyvand index, or one of another version."""


@cache
def schema():
    """The Whoosh schema (built lazily so importing peyvand does not import Whoosh)."""
    from whoosh import fields, formats
    from whoosh.analysis import SpaceSeparatedTokenizer

    # Terms are made by translit.keys and joined with spaces; only presence matters, since peyvand
    # scores matches itself (by level), so postings carry no frequencies or positions.
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        data=fields.STORED(),
        # scorable=True only makes Whoosh keep a length column: without one, its segment writer
        # looks for the missing column file with a stat() call for every posting it writes.
        terms=fields.FieldType(formats.Existence(), SpaceSeparatedTokenizer(), scorable=True),
    )


def write_marker(path: Path) -> None:
    # Written whole or not at all: a process killed mid-write must not leave an empty marker that
    # makes the directory unopenable (a directory holding only MARKER_TMP counts as empty).
    tmp = path / MARKER_TMP
    tmp.write_text(json.dumps({"format": FORMAT, "version": VERSION}) + "\n", encoding="utf-8")
    os.replace(tmp, path / MARKER)


def check_marker(path: Path) -> None:
    """Refuse a directory whose marker is missing, unreadable or of another format version."""
    marker = path / MARKER
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexStoreError(
            f"{path} is not a peyvand index (no {MARKER}); refusing to open it - "
            "give an empty or new directory with --index") from None
    except (OSError, ValueError) as err:
        raise IndexStoreError(f"{marker}: unreadable index marker ({err})") from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise IndexStoreError(f"{marker}: not a peyvand index marker")
    if info.get("version") != VERSION:
        raise IndexStoreError(
            f"{path}: index format version {info.get('version')} (this peyvand reads {VERSION}); "
            "rebuild it with 'peyvand add' into a new directory")
