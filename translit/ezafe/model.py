"""The ezafe model: an averaged perceptron over word, suffix, neighbour and word-class features.

Trained by ``python -m translit.ezafe.train`` on the vowelled Uppsala Persian Dependency Treebank
(a kasra, ۀ or هٔ on a word's last letter marks its ezafe), it scores each word of a phrase but the
last: a positive score means the word takes the ezafe. The features see the text as the romanizer
does: normalized by :func:`translit.normalize.normalize`, without vowel marks, a written ۀ read as ه
(so the model learns the ezafe from context, and the romanizer trusts a written ۀ on its own).

The weights ship as ``ezafe-model.json.gz`` beside this module (derived from UPDT, Apache-2.0: see
``NOTICE`` there); :func:`model` loads them on first use, once per process.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from pathlib import Path

from ..pronunciation.g2p import ZWNJ
from . import rules

MODEL_PATH = Path(__file__).with_name("ezafe-model.json.gz")
FORMAT = 1
_FOLD = str.maketrans({"ۀ": "ه", "ة": "ه"})
_BOUNDARY = "<s>"


@cache
def word_classes() -> dict[str, str]:
    """Word classes (N, AJ, ADV, NUM, ... joined by commas) of hazm's ``data/words.dat``."""
    from ..latin.wordlist import _hazm_words_path

    path = _hazm_words_path()
    if path is None:
        return {}
    classes = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, rest = line.partition("\t")
        tags = rest.rpartition("\t")[2]
        if tags and tags != "0":
            classes[word] = tags
    return classes


def _word_class(word: str) -> str:
    classes = word_classes()
    found = classes.get(word) or classes.get(word.replace(ZWNJ, ""))
    if found:
        return found
    head, sep, tail = word.rpartition(ZWNJ)
    if sep and head in classes:
        return classes[head] + "+" + tail   # کتاب‌های: N + های
    return "?"


def _suffixes(prefix: str, word: str) -> list[str]:
    bare = word.replace(ZWNJ, "")
    feats = [f"{prefix}1={bare[-1:]}", f"{prefix}2={bare[-2:]}", f"{prefix}3={bare[-3:]}"]
    if ZWNJ in word:
        feats.append(f"{prefix}z={word.rpartition(ZWNJ)[2]}")
    return feats


@dataclass(frozen=True)
class _Word:
    """What the features take from one word alone (folded as the model sees it)."""

    folded: str
    cls: str                  # its word class (:func:`_word_class`)
    bare2: str                # its last two letters, ZWNJ left out
    length: int               # its letters, ZWNJ left out, at most 8
    verb: bool
    as_word: tuple[str, ...]  # its suffix features as the word scored, as the next, as the previous
    as_next: tuple[str, ...]
    as_prev: tuple[str, ...]


@lru_cache(maxsize=16384)      # about 1 KB a word: at most some 17 MB
def _word(word: str) -> _Word:
    """The per-word parts of :func:`features`, computed once per distinct word (they are asked for
    each phrase the word is in, up to three times)."""
    w = word.translate(_FOLD)
    bare = w.replace(ZWNJ, "")
    return _Word(w, _word_class(w), bare[-2:], min(len(bare), 8), rules.is_verb(w),
                 tuple(_suffixes("s", w)), tuple(_suffixes("ns", w)), tuple(_suffixes("ps", w)[1:2]))


def features(words: list[str], i: int) -> list[str]:
    """The features of ``words[i]`` (not the last word) in the phrase ``words`` (normalized)."""
    cur, after = _word(words[i]), _word(words[i + 1])
    w, nxt, t, nt = cur.folded, after.folded, cur.cls, after.cls
    before = _word(words[i - 1]) if i > 0 else None
    prev, pt = (before.folded, before.cls) if before else (_BOUNDARY, _BOUNDARY)
    allowed = rules.allowed(w, nxt)
    feats = [
        "bias", f"w={w}", f"n={nxt}", f"p={prev}",
        f"p2={w[:2]}", f"np2={nxt[:2]}",
        f"t={t}", f"nt={nt}", f"pt={pt}", f"t|nt={t}|{nt}", f"pt|t={pt}|{t}",
        f"w|nt={w}|{nt}", f"t|n={t}|{nxt}", f"w|n={w}|{nxt}",
        f"rule={allowed}", f"rule|t={allowed}|{t}",
        f"verb={cur.verb}", f"nverb={after.verb}",
        f"pos={min(i, 3)}",
        f"len={cur.length}",
    ]
    feats += cur.as_word + after.as_next
    if before:
        feats += before.as_prev
    feats.append(f"s2|ns2={cur.bare2}|{after.bare2}")
    return feats


@dataclass
class Model:
    """Feature weights and the score above which a word takes the ezafe."""

    weights: dict[str, float]
    threshold: float = 0.0

    def score(self, words: list[str], i: int) -> float:
        # the weights of the features in their order, missing ones 0.0 (map calls get(f, 0.0))
        return sum(map(self.weights.get, features(words, i), repeat(0.0)))

    def decide(self, words: list[str], threshold: float | None = None) -> list[bool]:
        """One flag per word: its score is above ``threshold`` (default: the model's own); the last
        word never takes the ezafe."""
        n = len(words)
        t = self.threshold if threshold is None else threshold
        return [i < n - 1 and self.score(words, i) > t for i in range(n)]

    def save(self, path: Path, meta: dict | None = None) -> None:
        """Write the weights as gzipped JSON (rounded to 3 decimals, zeros left out)."""
        weights = {f: round(w, 3) for f, w in sorted(self.weights.items()) if round(w, 3)}
        data = {"format": FORMAT, "threshold": self.threshold, "meta": meta or {}, "weights": weights}
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(gzip.compress(raw, compresslevel=9, mtime=0))

    @classmethod
    def load(cls, path: Path) -> "Model":
        """Read a model written by :meth:`save`; ValueError names the file when it is not one."""
        try:
            data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        except (OSError, EOFError, ValueError) as exc:
            raise ValueError(f"{path}: not an ezafe model ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("weights"), dict):
            raise ValueError(f"{path}: not an ezafe model of format {FORMAT}")
        return cls(data["weights"], float(data.get("threshold", 0.0)))


@cache
def model() -> Model | None:
    """The shipped model, loaded on first use; None when its file is missing or unreadable."""
    try:
        return Model.load(MODEL_PATH)
    except (OSError, ValueError):
        return None


class Perceptron:
    """An averaged binary perceptron (weights averaged over every step, kept lazily per feature)."""

    def __init__(self) -> None:
        self.w: dict[str, float] = {}
        self._total: dict[str, float] = {}
        self._stamp: dict[str, int] = {}
        self.steps = 0

    def score(self, feats: list[str]) -> float:
        get = self.w.get
        return sum(get(f, 0.0) for f in feats)

    def learn(self, feats: list[str], label: bool) -> None:
        """One example: update the weights when the current ones get it wrong."""
        self.steps += 1
        if (self.score(feats) > 0) == label:
            return
        delta = 1.0 if label else -1.0
        for f in feats:
            old = self.w.get(f, 0.0)
            self._total[f] = self._total.get(f, 0.0) + (self.steps - self._stamp.get(f, 0)) * old
            self._stamp[f] = self.steps
            self.w[f] = old + delta

    def averaged(self) -> dict[str, float]:
        """The weights averaged over all steps so far."""
        steps = max(self.steps, 1)
        return {f: (self._total.get(f, 0.0) + (self.steps - self._stamp.get(f, 0)) * w) / steps
                for f, w in self.w.items()}
