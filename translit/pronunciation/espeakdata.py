"""eSpeak NG's current Persian dictionary, compiled once from the sources peyvand ships.

espeakng-loader bundles libespeak-ng 1.52 with its data, whose ``fa_dict`` was compiled from the
Persian sources of that release. eSpeak NG's current sources (``translit/pronunciation/espeak-fa/``: ``fa_list``,
``fa_rules``, ``fa_emoji``, GPL-3.0-or-later, see the README there) list about 3,200 more words;
the phoneme table has not changed since 1.52, so the bundled library compiles them
(``espeak_ng_CompileDictionary``) into a ``fa_dict`` it loads from a data directory of peyvand's own.

That directory is made on first use in the per-user cache (``espeak-fa-v<format>-<digest>``, the
digest covering the sources and the espeakng-loader version) and holds what ``espeak_Initialize``
and the Persian voice need: the compiled ``fa_dict``, copies of the bundled phoneme files
(``phontab``, ``phonindex``, ``phondata``, ``intonations``), ``en_dict`` (the Persian rules read Latin
letters in English) and the voice file ``lang/ira/fa``.
It is built in a temporary directory beside it and renamed into place, so two processes building at
once never leave a half-made directory (the second rename loses, and its copy is dropped). The
compiler runs in a child process, so that a fault in it cannot take the caller down; it takes
tens of milliseconds (the README gives the measured first-use time).

When compiling fails, 1.52's bundled data is used, and :func:`data_dir` says why. Environment:

- ``PEYVAND_ESPEAK_DATA=bundled``: use 1.52's bundled data without compiling anything;
- ``PEYVAND_ESPEAK_FA_SOURCES=DIR``: compile the sources in DIR instead of the shipped ones.

This module imports nothing outside the standard library at module level: it is also the script
that the child process runs (``python -I -S espeakdata.py ...``).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "espeak-fa"
SOURCE_FILES = ("fa_list", "fa_rules", "fa_emoji")
ENV_DATA = "PEYVAND_ESPEAK_DATA"
ENV_SOURCES = "PEYVAND_ESPEAK_FA_SOURCES"

_FORMAT = 2
# copied from the bundled data: the phoneme table (unchanged since 1.52) and en_dict, the dictionary
# that the Persian rules switch to for Latin letters (without it the library reads a missing file
# and, a few thousand words later, faults)
_SHARED = ("phontab", "phonindex", "phondata", "intonations", "en_dict")
_VOICE = Path("lang", "ira", "fa")
_KEEP_DIRS = 3            # environments sharing one cache (two espeakng-loader versions...)
_CHILD_TIMEOUT = 120.0
_CHECK_WORD = "کتاب"      # a word the child reads after compiling, to see that the result loads


@dataclass(frozen=True)
class DataDir:
    """The eSpeak NG data directory in use.

    ``compiled`` is True for the dictionary compiled from the current sources, False for 1.52's
    bundled data; ``built`` is True when this call compiled it (False: found in the cache);
    ``reason`` says why the bundled data is used ("" otherwise).
    """

    path: Path
    compiled: bool
    built: bool = False
    reason: str = ""


def sources_dir() -> Path:
    """The directory of the Persian sources to compile (``PEYVAND_ESPEAK_FA_SOURCES`` or the shipped
    ones)."""
    override = os.environ.get(ENV_SOURCES, "").strip()
    return Path(override) if override else SOURCES


def use_bundled() -> bool:
    """Whether ``PEYVAND_ESPEAK_DATA`` asks for 1.52's bundled data."""
    return os.environ.get(ENV_DATA, "").strip().lower() in ("bundled", "1.52")


def digest(sources: Path | None = None) -> str:
    """A short digest of the sources (names and contents), the espeakng-loader version and this
    directory's format: the name of the compiled directory, and part of the persianize memo's key."""
    from .. import cachefile

    src = sources_dir() if sources is None else sources
    return cachefile.fingerprint([src / name for name in SOURCE_FILES], ("espeakng-loader",)) + f"f{_FORMAT}"


def stamp() -> str:
    """What decides eSpeak's readings in this environment, for keys of caches built from them."""
    return "bundled" if use_bundled() else digest()


def bundled_dir() -> Path:
    import espeakng_loader

    return Path(espeakng_loader.get_data_path())


def library_path() -> str:
    import espeakng_loader

    return espeakng_loader.get_library_path()


def cache_root() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("peyvand"))


def data_dir(sources: Path | None = None, cache: Path | None = None) -> DataDir:
    """The data directory to initialize eSpeak NG with: the compiled current dictionary (compiled
    now if the cache lacks it) or, when that cannot be made, 1.52's bundled data.

    ``sources`` defaults to :func:`sources_dir`, ``cache`` to the per-user cache directory.
    """
    bundled = bundled_dir()
    if use_bundled():
        return DataDir(bundled, compiled=False, reason=f"{ENV_DATA} asks for the bundled data")
    src = sources_dir() if sources is None else Path(sources)
    missing = [name for name in SOURCE_FILES if not (src / name).is_file()]
    if missing:
        return DataDir(bundled, compiled=False, reason=f"{src}: no {', '.join(missing)}")
    try:
        root = cache_root() if cache is None else Path(cache)
        target = root / f"espeak-fa-v{_FORMAT}-{digest(src)}"
        if _complete(target):
            return DataDir(target, compiled=True)
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=target.name + ".", suffix=".tmp", dir=root))
    except OSError as exc:
        return DataDir(bundled, compiled=False, reason=f"no cache directory: {exc}")
    try:
        error = _build(work, src, bundled)
        if error:
            return DataDir(bundled, compiled=False, reason=error)
        try:
            os.rename(work, target)
        except OSError:
            if _complete(target):       # another process finished first: use its copy
                return DataDir(target, compiled=True)
            shutil.rmtree(target, ignore_errors=True)   # a damaged copy: replace it
            os.rename(work, target)
        _prune(target)
        return DataDir(target, compiled=True, built=True)
    except OSError as exc:
        return DataDir(bundled, compiled=False, reason=f"could not store the compiled data: {exc}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def discard(path: Path) -> None:
    """Remove a compiled directory that did not load (never the bundled data)."""
    path = Path(path)
    if path.name.startswith("espeak-fa-v") and path != bundled_dir():
        shutil.rmtree(path, ignore_errors=True)


# eSpeak NG's own check of a compiled dictionary (dictionary.c, LoadDictionary): its first int is
# the size of the hash table, N_HASH_DICT, and its second the offset of the rules within the file
_N_HASH_DICT = 1024


def _dictionary_header_ok(path: Path) -> bool:
    """Whether ``path`` starts as a compiled dictionary does. A file that does not is never handed
    to the library: after refusing one, its next initialization in the same process can crash."""
    with open(path, "rb") as f:
        head = f.read(8)
    if len(head) < 8:
        return False
    size = path.stat().st_size
    hash_size, rules_at = int.from_bytes(head[:4], "little"), int.from_bytes(head[4:], "little")
    return hash_size == _N_HASH_DICT and 0 < rules_at < size


def _complete(target: Path) -> bool:
    try:
        return (all((target / name).stat().st_size > 0 for name in (*_SHARED, "fa_dict"))
                and (target / _VOICE).is_file() and _dictionary_header_ok(target / "fa_dict"))
    except OSError:
        return False


def _build(work: Path, src: Path, bundled: Path) -> str:
    """Fill ``work`` with a loadable data directory compiled from ``src``; "" or what went wrong."""
    for name in _SHARED:
        shutil.copyfile(bundled / name, work / name)
    (work / _VOICE).parent.mkdir(parents=True)
    shutil.copyfile(bundled / _VOICE, work / _VOICE)
    # the voice is selected before compiling (the compiler uses its phoneme table), which loads a
    # fa_dict: 1.52's, overwritten by the compiler
    shutil.copyfile(bundled / "fa_dict", work / "fa_dict")
    before = (work / "fa_dict").stat()
    try:
        run = subprocess.run(
            [sys.executable, "-I", "-S", str(Path(__file__).resolve()), library_path(), str(work), str(src)],
            capture_output=True, text=True, timeout=_CHILD_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"the compiler did not run: {exc}"
    if run.returncode != 0:
        # the compiler's log, without its progress lines: the source errors and the status
        said = [line.strip() for line in (run.stdout + run.stderr).splitlines() if line.strip()
                and not line.startswith(("Using phonemetable", "Compiling:", "\t"))]
        return f"compiling {src} failed (exit {run.returncode}): " + " / ".join(said[:3] + said[-1:] if len(said) > 4 else said)
    after = (work / "fa_dict").stat()
    if after.st_size == 0 or (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size):
        return f"compiling {src} wrote no dictionary"
    return ""


def _prune(current: Path) -> None:
    """Remove older compiled directories beside ``current``, keeping the newest few."""
    others = [p for p in current.parent.glob("espeak-fa-v*") if p != current and not p.name.endswith(".tmp")]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[_KEEP_DIRS - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def _child(library: str, data: str, sources: str) -> int:
    """Compile ``sources``/fa_* into ``data``/fa_dict with the library at ``library``, then read a
    word with it. Runs in its own process; the exit code says whether it worked."""
    import ctypes

    lib = ctypes.CDLL(library)
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    # espeak_ng_STATUS espeak_ng_CompileDictionary(const char *dsource, const char *dict_name,
    #     FILE *log, int flags, espeak_ng_ERROR_CONTEXT *context): dsource is a path prefix (it
    #     ends with a separator), the result goes to <data dir>/<dict_name>_dict, a NULL log is
    #     stderr, flags 0 = no source line numbers
    lib.espeak_ng_CompileDictionary.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p,
                                                ctypes.c_int, ctypes.POINTER(ctypes.c_void_p)]
    lib.espeak_ng_CompileDictionary.restype = ctypes.c_uint
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    if lib.espeak_Initialize(1, 0, data.encode(), 0) < 0:
        print("eSpeak NG failed to initialize", file=sys.stderr)
        return 2
    if lib.espeak_SetVoiceByName(b"fa") != 0:
        print("eSpeak NG has no Persian voice", file=sys.stderr)
        return 3
    context = ctypes.c_void_p()
    status = lib.espeak_ng_CompileDictionary(os.path.join(sources, "").encode(), b"fa", None, 0,
                                             ctypes.byref(context))
    if status != 0:
        print(f"espeak_ng_CompileDictionary: status 0x{status:08x}", file=sys.stderr)
        return 4
    buf = ctypes.c_char_p(_CHECK_WORD.encode())
    out = lib.espeak_TextToPhonemes(ctypes.pointer(buf), 1, 0)
    if not out or not out.strip():
        print("the compiled dictionary reads nothing", file=sys.stderr)
        return 5
    return 0


if __name__ == "__main__":
    sys.exit(_child(*sys.argv[1:4]))
