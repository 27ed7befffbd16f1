"""Waiting for an index that another process is writing, and creating an index exactly once.

Whoosh allows one writer at a time (an ``flock`` on ``<index>/peyvand_WRITELOCK``) and raises
``LockError`` at once when the lock is taken. peyvand waits instead, up to a bounded time, so that
several ``peyvand add`` runs into one index queue up rather than fail. The kernel drops an
``flock`` when its process dies, so a killed writer never leaves a stale lock behind.

Readers (searches) take no lock: they read the last committed generation of the index.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from translit.errors import PeyvandError

ENV_TIMEOUT = "PEYVAND_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
_POLL = (0.02, 0.25)           # first and longest pause between attempts, in seconds


class IndexLockError(PeyvandError):
    """Another process kept the index locked for longer than the lock timeout."""


def lock_timeout(value: float | None = None) -> float:
    """The lock timeout in seconds: ``value``, else ``$PEYVAND_LOCK_TIMEOUT``, else 60."""
    if value is None:
        raw = os.environ.get(ENV_TIMEOUT, "").strip()
        if not raw:
            return DEFAULT_TIMEOUT
        try:
            value = float(raw)
        except ValueError:
            raise PeyvandError(f"${ENV_TIMEOUT} must be a number of seconds, not {raw!r}") from None
    if value != value or value < 0:        # NaN or negative
        raise PeyvandError(f"the lock timeout must be 0 or more seconds, not {value}")
    return value


def _retry(attempt: Callable[[], object | None], timeout: float,
           on_wait: Callable[[], None] | None) -> object | None:
    """Call ``attempt`` until it returns something other than None or ``timeout`` runs out."""
    deadline = time.monotonic() + timeout
    pause = _POLL[0]
    waited = False
    while True:
        got = attempt()
        if got is not None:
            return got
        if time.monotonic() >= deadline:
            return None
        if not waited and on_wait is not None:
            on_wait()
        waited = True
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, _POLL[1])


def _busy(path: Path, timeout: float) -> IndexLockError:
    return IndexLockError(
        f"{path}: the index is locked by another peyvand process that is still writing "
        f"(waited {timeout:g} s); try again when it has finished, or wait longer with "
        f"--lock-timeout SECONDS or ${ENV_TIMEOUT}")


def open_writer(ix, path: Path, timeout: float | None = None,
                on_wait: Callable[[], None] | None = None, **kwargs):
    """``ix.writer(**kwargs)``, waiting up to ``timeout`` seconds for another writer to finish.

    ``on_wait`` is called once, when the first attempt finds the index locked (to tell the user).
    Raises :class:`IndexLockError` when the time runs out.
    """
    from whoosh.index import LockError

    limit = lock_timeout(timeout)

    def attempt():
        try:
            return ix.writer(**kwargs)
        except LockError:
            return None

    writer = _retry(attempt, limit, on_wait)
    if writer is None:
        raise _busy(path, limit)
    return writer


@contextmanager
def creation_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the directory ``path`` itself while an index is being created.

    Two processes that both find a directory empty would otherwise both create an index in it,
    and Whoosh's create deletes index files it finds, including the other process's first commit.
    The lock is an ``flock`` on the directory's own descriptor, so it adds no file to the
    directory. Where ``flock`` does not exist (Windows) creation is not serialized.
    """
    try:
        import fcntl
    except ImportError:        # pragma: no cover - not POSIX
        yield
        return
    limit = lock_timeout(timeout)
    fd = os.open(path, os.O_RDONLY)
    try:
        def attempt():
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                return None

        if _retry(attempt, limit, None) is None:
            raise _busy(path, limit)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def has_index(path: Path, indexname: str) -> bool:
    """Whether ``path`` holds a committed Whoosh index of that name (by file name, unread)."""
    prefix, suffix = f"_{indexname}_", ".toc"
    return any(n.startswith(prefix) and n.endswith(suffix) and n[len(prefix):-len(suffix)].isdigit()
               for n in os.listdir(path))


def open_existing(path: Path, indexname: str, attempts: int = 20):
    """``whoosh.index.open_dir``, retried briefly when a file vanishes under it.

    A writer that commits deletes the previous generation's files; a process opening the index at
    that moment can list the old table of contents and then find it gone. Trying again reads the
    new one. Call this only after the directory's marker has been checked.
    """
    from whoosh import index as wix

    for left in range(attempts - 1, -1, -1):
        try:
            return wix.open_dir(str(path), indexname=indexname)
        except OSError:
            if not left:
                raise
            time.sleep(0.05)
