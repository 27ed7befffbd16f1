"""A memo of Latin -> Persian rankings kept between runs, in the per-user cache directory.

Ranking the Persian spellings of a romanized word takes milliseconds and needs the word list (a
quarter of a second to load); the same words come back in every run of a bibliography, in every
search for its titles and in every `peyvand persianize` of a script. The memo keeps each word
piece's ranking, so a word seen in an earlier run costs a dictionary lookup and the word list is
not loaded at all when every word of a call is known.

The memo is tied to everything that decides a ranking: a digest of translit's code and scheme
tables, the versions of the data packages (word lists, lexicon, eSpeak NG) and the digest of the
eSpeak NG Persian dictionary sources in use (:func:`translit.pronunciation.espeakdata.stamp`); when any changes,
another memo file starts empty. New entries are merged into the file when the process exits
(written to a temporary file and renamed, so a reader never sees half a file; two processes
exiting together may lose some of each other's entries, never the file). Set
``PEYVAND_PERSIANIZE_MEMO=0`` to disable it (benchmarks of new words do).
"""
from __future__ import annotations

import atexit
import os
from functools import cache
from pathlib import Path

from .. import cachefile

_FORMAT = 1
_MAX_ENTRIES = 300_000   # about 30 MB on disk; the oldest entries go first
_KEEP_FILES = 3          # environments sharing one cache directory (two Pythons, two hazm versions)
_PACKAGES = ("hazm", "finglish", "gruut-lang-fa", "espeakng-loader")


def _digest() -> str:
    from ..pronunciation import espeakdata

    root = Path(__file__).resolve().parents[1]       # the whole translit package
    files = sorted(root.rglob("*.py")) + sorted((root / "schemes").glob("*.toml")) \
        + sorted((root / "ezafe").glob("*.gz"))
    # eSpeak's readings come from the dictionary sources (or 1.52's data when asked for)
    return cachefile.fingerprint(files, _PACKAGES) + espeakdata.stamp()


class Memo:
    """Rankings by key, loaded from ``path`` on first use and merged back into it at exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: dict | None = None
        self._new: dict = {}

    def _load(self) -> dict:
        if self._known is None:
            self._known = cachefile.read(self.path) or {}
        return self._known

    def get(self, key: str):
        found = self._new.get(key)
        return found if found is not None else self._load().get(key)

    def put(self, key: str, value) -> None:
        if not self._new:
            atexit.register(self.save)
        self._new[key] = value

    def save(self) -> None:
        """Merge the new entries into the file (best effort: a read-only cache is no error)."""
        if not self._new:
            return
        try:
            self._known = None            # another process may have saved since this one loaded
            merged = dict(self._load())
            merged.update(self._new)
            if len(merged) > _MAX_ENTRIES:
                merged = dict(list(merged.items())[-_MAX_ENTRIES:])
            cachefile.write(self.path, merged)
            self._known, self._new = merged, {}
            cachefile.prune(self.path, "persianize-memo-*.marshal", _KEEP_FILES)
        except (OSError, ValueError):
            pass


@cache
def memo() -> Memo | None:
    """The memo of this installation, or None when disabled (``PEYVAND_PERSIANIZE_MEMO=0``)."""
    if os.environ.get("PEYVAND_PERSIANIZE_MEMO", "1").strip().lower() in ("0", "no", "false", "off"):
        return None
    from platformdirs import user_cache_dir

    try:
        return Memo(Path(user_cache_dir("peyvand")) / f"persianize-memo-v{_FORMAT}-{_digest()}.marshal")
    except OSError:
        return None
