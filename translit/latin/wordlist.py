"""The Persian word list that ranks back-transliterations, and the letter model learned from the lexicon.

Sources, merged into one list of spellings with a prior (log frequency plus small bonuses):
- finglish's ``persian-word-freq.txt`` (406k words with counts from Persian Wikipedia 2012,
  CC BY-SA 3.0), read as a data file: the package is never imported;
- hazm's ``data/words.dat`` (193k words; frequencies mostly 0, but a curated list);
- the pronunciation lexicon (:mod:`translit.pronunciation.lexicon`), whose words also carry their phonemes.

Priors are log probabilities. Spellings that differ only by ZWNJ are one entry, shown in their most frequent form. Words are indexed
by their skeleton keys (:func:`translit.latin.phonemic.fa_skeletons`).

The letter model: from the lexicon's letter-to-phoneme alignments, how often each letter (or letter
group) in each position (initial, medial, final) spells each phoneme string, with short vowels around
consonants split off (Persian script leaves them out). Costs are negative log probabilities.

Building all this takes a few seconds, so the result is kept as one marshal file in the per-user cache
directory, keyed by the sources' sizes and times and a format number; loading it takes a fraction of a
second.
"""
from __future__ import annotations

from array import array
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import cachefile
from .phonemic import SHORT, VOWELS as _VOWEL_PHONEMES, ZWNJ, fa_skeleton, fa_skeletons, ph_skeleton, spelled_skeleton

_FORMAT = 12
_CARRIERS = frozenset("اآأإوؤیئهعءة")
_PERSIAN_WORD = re.compile("^[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+$")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "ـ": None})
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")

# Prior bonuses (nats) for being in a curated list rather than only in the Wikipedia counts.
_HAZM_BONUS = 2.0
_LEX_BONUS = 1.0
_MIN_COUNT = 1  # higher thresholds were tried: they lose more real rare words than they drop typos
_RARE_COUNT = 2     # a Wikipedia count this low, with no other source, ...
_WIKI_ONLY = 1.0      # ... costs this much (nats of log count): such one-offs are often typos
_BAD_SHAPE = 3.0      # a spelling no standard orthography has (see _DETACHED_YE)
_DETACHED_YE = re.compile("[^هی\u200c]\u200cای")


def _finglish_path() -> Path | None:
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        p = Path(str(distribution("finglish").locate_file("finglish/persian-word-freq.txt")))
    except PackageNotFoundError:
        return None
    return p if p.is_file() else None


def _hazm_words_path() -> Path | None:
    from importlib.util import find_spec

    spec = find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "data" / "words.dat"
    return p if p.is_file() else None


def _lexicon_db() -> Path:
    from ..pronunciation.lexicon import _db_path

    return Path(str(_db_path()))


def _clean(word: str) -> str:
    return _HARAKAT.sub("", word.translate(_FOLD)).strip(ZWNJ)


def _sources() -> list[Path]:
    return [p for p in (_finglish_path(), _hazm_words_path(), _lexicon_db()) if p is not None]


@cache
def _stamp() -> str:
    """What the cache is built from: this format, the code that decides what it holds (skeleton
    keys, letter model: a changed rule rebuilds it even when nobody bumped _FORMAT), the weights, and
    the sources by size and package version, not file time, so that every environment with the same
    packages (one per virtualenv, installed at different times) shares one cache."""
    root = Path(__file__).resolve().parents[1]
    code = cachefile.fingerprint([root / "latin" / "wordlist.py", root / "latin" / "phonemic.py",
                                  root / "pronunciation" / "lexicon.py"],
                                 ("finglish", "hazm", "gruut-lang-fa"))
    parts = [str(_FORMAT), code, str(_HAZM_BONUS), str(_LEX_BONUS), str(_MIN_COUNT),
             str(_RARE_COUNT), str(_WIKI_ONLY), str(_BAD_SHAPE)]
    parts += [f"{p.name}:{p.stat().st_size}" for p in _sources()]
    return "|".join(parts)


def _split_core(letters: str, phones: str) -> tuple[str, list[str]]:
    """The phonemes a letter group itself spells, and the short vowels around them that it doesn't."""
    if not phones:
        return "", []
    if not any(ch in _CARRIERS for ch in letters):
        core = "".join(p for p in phones if p not in "aeoAiu")
        return (core, [p for p in phones if p in "aeoAiu"]) if core else (phones, [])
    lo, hi = 0, len(phones)
    while lo < hi and phones[lo] in SHORT:
        lo += 1
    while hi > lo and phones[hi - 1] in SHORT:
        hi -= 1
    if lo == hi:
        return phones, []
    return phones[lo:hi], list(phones[:lo] + phones[hi:])


def _spells_consonants(letters: str, core: str) -> bool:
    """Whether the letters can spell every consonant of ``core``. A few of the lexicon's
    alignments give one letter two phonemes of which it spells one (ی for "id", ن for "nd", ش for
    "St" in verb forms); learned as they are, they spell a word with a consonant missing."""
    need = ph_skeleton(core)
    if need not in (fa_skeleton(letters), spelled_skeleton(letters)):
        return False
    # the skeleton leaves the glide y out, so check it apart: only ی writes it, but a letter may
    # say it before the vowel it writes (ا as "yā" after ī: آسیا); a final ه said "y" is the ezafe
    # the lexicon read into the word, and would spell چای as چاه
    if "y" in core and "ی" not in letters and letters != ZWNJ:
        return all(core[k + 1:k + 2] in _VOWEL_PHONEMES for k, p in enumerate(core) if p == "y")
    return True


def _build_model(lex) -> tuple[dict[str, list], dict[str, list], dict[str, float]]:
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    inserted: Counter = Counter()
    owned: Counter = Counter()
    inserted_end: Counter = Counter()
    owned_end: Counter = Counter()
    for word in lex:
        for pron in lex[word]:
            segs = pron.segments
            last = len(segs) - 1
            for k, (letters, phones) in enumerate(segs):
                pos = "i" if k == 0 else ("f" if k == last else "m")
                if k == 0 and letters == "ا" and phones.startswith("A"):
                    letters = "آ"  # verb forms in the lexicon drop the madda (ارزیدم for آرزیدم)
                core, extra = _split_core(letters, phones)
                counts[(letters, pos)][core] += 1
                for v in extra:
                    inserted[v] += 1
                for v in core:
                    if v in "aeoAiu":
                        owned[v] += 1
                if k == last and phones:
                    v = phones[-1]
                    if v in "aeoAiu":  # how often a word-final vowel has its own letter
                        (owned_end if core.endswith(v) and core == phones[len(phones) - len(core):]
                         else inserted_end)[v] += 1
    emit: dict[str, list] = {}
    for (letters, pos), ctr in counts.items():
        total = sum(ctr.values())
        if total < 3 and len(letters) > 1:
            continue
        opts = {core: c / total for core, c in ctr.items()
                if (c >= 2 or total < 20) and _spells_consonants(letters, core)}
        if not opts:
            continue
        emit[letters + "\t" + pos] = sorted(([core, -math.log(p)] for core, p in opts.items()),
                                           key=lambda x: x[1])
    gen_counts: dict[str, Counter] = defaultdict(Counter)
    for (letters, pos), ctr in counts.items():
        for core, c in ctr.items():
            if core and c >= 2 and _spells_consonants(letters, core):
                gen_counts[core + "\t" + pos][letters] += c
    gen = {}
    for key, ctr in gen_counts.items():
        total = sum(ctr.values())
        gen[key] = sorted(([g, -math.log(c / total)] for g, c in ctr.items() if c / total >= 0.002),
                          key=lambda x: x[1])
    ins = {}
    for v in "aeoAiu":
        a, b = inserted[v] + 1, owned[v] + 1
        ins[v] = -math.log(a / (a + b))
        a, b = inserted_end[v] + 1, owned_end[v] + 1
        ins[v + "$"] = -math.log(a / (a + b))
    # without length marks an "a" is a or ā: how often either goes unwritten
    a, b = inserted["a"] + inserted["A"] + 1, owned["a"] + owned["A"] + 1
    ins["a*"] = -math.log(a / (a + b))
    a, b = inserted_end["a"] + inserted_end["A"] + 1, owned_end["a"] + owned_end["A"] + 1
    ins["a*$"] = -math.log(a / (a + b))
    return emit, gen, ins


def _build() -> dict:
    from ..pronunciation.lexicon import lexicon

    lex = lexicon()
    counts: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    in_hazm: set[str] = set()
    fg = _finglish_path()
    if fg is not None:
        with open(fg, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                w, _, c = line.rstrip("\n").partition("\t")
                w = _clean(w)
                if not w or not _PERSIAN_WORD.match(w) or not c.isdigit():
                    continue
                j = w.replace(ZWNJ, "")
                counts[j] += int(c)
                forms[j][w] += int(c) + 1
    hz = _hazm_words_path()
    if hz is not None:
        with open(hz, encoding="utf-8") as fh:
            for line in fh:
                w = _clean(line.split("\t", 1)[0])
                if not w or not _PERSIAN_WORD.match(w):
                    continue
                j = w.replace(ZWNJ, "")
                in_hazm.add(j)
                forms[j][w] += 1
    prons: dict[str, str] = {}
    for w in lex:
        cw = _clean(w)
        if not cw or not _PERSIAN_WORD.match(cw):
            continue
        j = cw.replace(ZWNJ, "")
        if j not in forms:
            # the lexicon writes verb prefixes without ZWNJ (میآوریم); the standard joint is می‌
            m = re.match("^(ن?می)(?=[^\u200c])", cw)
            forms[j][cw if not m or len(cw) <= 4 else m.group(1) + ZWNJ + cw[m.end():]] += 1
        prons[j] = ",".join(sorted(set(lex.phonemes(w)) | set(prons.get(j, "").split(",")) - {""}))
    words: list[str] = []
    prior: list[float] = []
    index: dict[str, list[int]] = defaultdict(list)
    pron_of: dict[int, str] = {}
    for j, variants in forms.items():
        if counts[j] < _MIN_COUNT and j not in in_hazm and j not in prons:
            continue  # a one-off in Wikipedia is as often a typo as a word
        best = max(variants.items(), key=lambda kv: (kv[1], ZWNJ in kv[0]))[0]
        wid = len(words)
        words.append(best)
        p = math.log(counts[j] + 1.0) + (_HAZM_BONUS if j in in_hazm else 0.0) + (
            _LEX_BONUS if j in prons else 0.0)
        if j not in in_hazm and j not in prons and counts[j] <= _RARE_COUNT:
            p -= _WIKI_ONLY  # seen once or twice in Wikipedia and nowhere else: often a typo
        if _DETACHED_YE.search(best):
            p -= _BAD_SHAPE  # آران‌ای: the indefinite ی is joined to a stem that does not end in ه
        prior.append(round(p, 3))
        for key in fa_skeletons(best):
            index[key].append(wid)
        if j in prons:
            pron_of[wid] = prons[j]
    # priors as log probabilities
    log_n = math.log(sum(math.exp(p) for p in prior))
    prior = [p - log_n for p in prior]
    # highest prior first inside a bucket: lets the ranker stop early. Packed (one string of words,
    # arrays of numbers as bytes) because marshal loads a few big objects much faster than many small
    packed_index = {k: array("I", sorted(v, key=lambda i: -prior[i])).tobytes() for k, v in index.items()}
    emit, gen, ins = _build_model(lex)
    return {"stamp": _stamp(), "words": "\n".join(words), "prior": array("d", prior).tobytes(),
            "index": packed_index, "pron": pron_of, "emit": emit, "gen": gen, "ins": ins}


def _cache_path(stamp: str) -> Path:
    from hashlib import sha1

    from platformdirs import user_cache_dir

    # one file per set of sources, so that two environments (other hazm) do not rebuild in turn
    tag = sha1(stamp.encode("utf-8")).hexdigest()[:12]
    return Path(user_cache_dir("peyvand")) / f"persianize-v{_FORMAT}-{tag}.marshal"


@dataclass(frozen=True)
class WordList:
    """Spellings with priors, their skeleton index, lexicon phonemes and the letter model."""

    words: list[str]
    prior: array
    index: dict[str, bytes]
    pron: dict[int, str]
    emit: dict[str, list]
    gen: dict[str, list]
    ins: dict[str, float]

    def ids(self, skeleton: str) -> array:
        """Word ids whose skeleton key is ``skeleton``, highest prior first."""
        packed = self.index.get(skeleton)
        out = array("I")
        if packed:
            out.frombytes(packed)
        return out


_KEEP_CACHES = 4  # sets of sources sharing one cache directory (two Pythons with other hazm versions...)


def is_built() -> bool:
    """Whether the word list is cached for these sources and this code (else the first use builds
    it, which takes several seconds)."""
    try:
        return _cache_path(_stamp()).is_file()
    except OSError:
        return False


@cache
def wordlist() -> WordList:
    """The word list and letter model (loaded once; built and cached on first use)."""
    stamp = _stamp()
    path = _cache_path(stamp)
    data = cachefile.read(path)
    if data is None or data.get("stamp") != stamp:
        data = _build()
        try:
            cachefile.write(path, data)
            # other formats go; of this one, the newest few sets of sources stay
            cachefile.prune(path, "persianize-v*.marshal", _KEEP_CACHES, f"persianize-v{_FORMAT}-")
        except OSError:  # read-only home: works, only slower to start
            pass
    prior = array("d")
    prior.frombytes(data["prior"])
    return WordList(data["words"].split("\n"), prior, data["index"], data["pron"], data["emit"],
                    data["gen"], data["ins"])
