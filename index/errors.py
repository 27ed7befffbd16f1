"""Errors raised by the index side of peyvand (readers, exporters)."""
from __future__ import annotations

from translit.errors import PeyvandError


class ReaderError(PeyvandError, ValueError):
    """A bibliography file that cannot be read at all: missing, a directory, empty, binary, in an
    unknown encoding or format, or not valid JSON. The message is one line naming the file and the
    problem (and, for encodings, how to convert the file).

    Problems with single records never raise: readers report them as ``Skip`` entries and go on.
    """
