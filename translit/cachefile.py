"""Files in the per-user cache directory: the lexicon, the word list and the persianize memo.

Each is one marshal file, read in one go (``marshal.load`` on a file reads object by object, several
times slower), written to a temporary file and renamed so that a concurrent reader never sees half
a file, and named after a fingerprint of what built it, so that a change of code or data starts a
new file and old ones are pruned.
"""
from __future__ import annotations

import marshal
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def read(path: Path) -> dict | None:
    """The dict stored at ``path``, or None when it is missing, damaged or not a dict."""
    try:
        with open(path, "rb") as fh:
            data = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def write(path: Path, data: dict) -> None:
    """Store ``data`` at ``path`` atomically (raises OSError, say for a read-only cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        marshal.dump(data, fh)
    os.replace(tmp, path)


def prune(current: Path, pattern: str, keep: int, format_prefix: str | None = None) -> None:
    """Remove the files beside ``current`` that match ``pattern``: those not starting with
    ``format_prefix`` (an older format), and of the rest all but the ``keep`` newest, ``current``
    counted."""
    ours = []
    for old in current.parent.glob(pattern):
        if old == current:
            continue
        if format_prefix is not None and not old.name.startswith(format_prefix):
            old.unlink(missing_ok=True)
        else:
            ours.append(old)
    ours.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in ours[keep - 1:]:
        old.unlink(missing_ok=True)


def fingerprint(files: Iterable[Path], packages: Iterable[str]) -> str:
    """A short digest of the files' names and contents and the installed packages' versions."""
    from hashlib import sha1
    from importlib.metadata import PackageNotFoundError, version

    h = sha1()
    for path in files:
        h.update(path.name.encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    for name in packages:
        try:
            h.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            h.update(f"{name}=-".encode())
    return h.hexdigest()[:12]
