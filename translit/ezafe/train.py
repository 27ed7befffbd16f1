"""Train the ezafe model on the vowelled Uppsala Persian Dependency Treebank, and evaluate it.

    python -m translit.ezafe.train [--data DIR] [--out FILE] [--epochs N] [--limit N]

DIR holds ``updt-with-diacritics.txt`` (default: ``../shared/data/updt-with-diacritics`` beside the
checkout): one sentence a line, words with vowel marks, a word's ezafe marked on its last letter by a
kasra (کتابِ، برایِ، راهِ), a hamza above ه (خانهٔ) or ۀ. Sentences with vowel marks on fewer than half
their words are left out (their unmarked words say nothing about the ezafe).

The text is cut into runs of Persian words as the romanizer cuts a title (punctuation, digits and
Latin text end a run), each run stripped of its marks and normalized by
:func:`translit.normalize.normalize`. One sentence in five (by the md5 of its unvowelled text) is held
out; the model learns from the others, and precision, recall and F1 of the model, of the hand rules and
of the model restricted by the rules (and as the romanizer uses it) are printed for the held-out sentences. The model is written to
FILE (default: the shipped ``ezafe-model.json.gz``) unless ``--no-save``.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..normalize import normalize
from . import model as ezmodel
from . import rules

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "updt-with-diacritics"
CORPUS = "updt-with-diacritics.txt"
HELD_OUT = 5            # one sentence in five
MIN_MARKED = 0.5        # share of a sentence's Persian words that carry a vowel mark

_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
_MARKS_RE = re.compile(f"[{_MARKS}\u0654]")
_TRAILING_MARKS = re.compile(f"[{_MARKS}]+$")
_WORD = re.compile("[\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u06d5\u06fa-\u06ff\u200c]+")
_RUN = re.compile(rf"{_WORD.pattern}(?: {_WORD.pattern})*")
_PERSIAN_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u067e-\u06d3]")
ZWNJ = "\u200c"


@dataclass
class Sentence:
    """A sentence as runs of (normalized word, takes the ezafe) and whether it is held out."""

    runs: list[list[tuple[str, bool | None]]]   # None: the sentence says nothing about this word
    held_out: bool


def marks_ezafe(token: str) -> bool:
    """Whether a vowelled word carries the ezafe mark on its last letter."""
    t = token.rstrip(ZWNJ)
    if t.endswith(("ۀ", "\u0654")):
        return True
    m = _TRAILING_MARKS.search(t)
    return bool(m) and "\u0650" in m.group()


def _align(tokens: list[str], labels: list[bool]) -> list[tuple[str, bool]] | None:
    """Normalize a run as the romanizer would and carry each token's label to the words made of it
    (normalization may join tokens: می شود -> می‌شود); None when the words are no plain run."""
    plain = [_MARKS_RE.sub("", t) for t in tokens]
    words = normalize(" ".join(plain)).split(" ")
    if not all(_WORD.fullmatch(w) for w in words):
        return None
    if len(words) == len(tokens):
        return list(zip(words, labels))
    singles = ["".join(normalize(p).split()).replace(ZWNJ, "") for p in plain]
    out, k = [], 0
    for w in words:
        need, acc = len(w.replace(ZWNJ, "")), ""
        while k < len(tokens) and len(acc) < need:
            acc += singles[k]
            k += 1
        if len(acc) != need:
            return None
        out.append((w, labels[k - 1]))
    return out if k == len(tokens) else None


def _ending(word: str) -> str:
    return {"ه": "h", "ی": "y"}.get(word[-1:], "")


def _unmarked_endings(runs: list[list[tuple[str, bool]]]) -> list[list[tuple[str, bool | None]]]:
    """Many sentences leave the ezafe after a final ه or ی unmarked (فلسفه اخلاق، جمهوری کره) while
    marking it after consonants: in a sentence that marks no ezafe after ه (or after ی), a word
    ending in that letter without the mark is unknown (None), not a word without the ezafe."""
    marked = {_ending(w) for run in runs for w, y in run if y}
    return [[(w, None if not y and _ending(w) and _ending(w) not in marked else y) for w, y in run]
            for run in runs]


def read_updt(path: Path, limit: int | None = None) -> list[Sentence]:
    """The sentences of ``path`` (a file, or a directory holding the corpus), the first ``limit``."""
    if path.is_dir():
        path = path / CORPUS
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SystemExit(f"{path}: cannot read the UPDT corpus ({exc.strerror or exc})")
    sentences = []
    for line in lines[:limit] if limit else lines:
        line = " ".join(line.split())
        words = [t for t in line.split(" ") if _PERSIAN_LETTER.search(t)]
        if not words or sum(bool(_MARKS_RE.search(t)) for t in words) < MIN_MARKED * len(words):
            continue
        plain = _MARKS_RE.sub("", line)
        held = int(hashlib.md5(plain.encode("utf-8")).hexdigest(), 16) % HELD_OUT == 0
        runs = []
        for run in _RUN.finditer(line):
            tokens = run.group().split(" ")
            aligned = _align(tokens, [marks_ezafe(t) for t in tokens])
            if aligned:
                runs.append(aligned)
        if runs:
            sentences.append(Sentence(_unmarked_endings(runs), held))
    return sentences


def train(sentences: list[Sentence], epochs: int = 6, min_count: int = 2, seed: int = 0) -> ezmodel.Model:
    """An averaged perceptron over every word but each run's last, features seen ``min_count`` times."""
    ids: dict[str, int] = {}
    counts: Counter = Counter()
    examples: list[tuple[array, bool]] = []
    for s in sentences:
        for run in s.runs:
            words = [w for w, _ in run]
            for i in range(len(run) - 1):
                if run[i][1] is None:
                    continue
                feats = ezmodel.features(words, i)
                counts.update(feats)
                examples.append((array("i", [ids.setdefault(f, len(ids)) for f in feats]), run[i][1]))
    names = [""] * len(ids)
    for f, k in ids.items():
        names[k] = f
    keep = {ids[f] for f, c in counts.items() if c >= min_count}
    examples = [(array("i", [k for k in feats if k in keep]), y) for feats, y in examples]
    rng = random.Random(seed)
    p = ezmodel.Perceptron()
    for _ in range(epochs):
        rng.shuffle(examples)
        for feats, y in examples:
            p.learn(feats, y)
    return ezmodel.Model({names[k]: w for k, w in p.averaged().items() if abs(w) >= 0.001})


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: list[bool], guess: list[bool]) -> None:
        for g, p in zip(gold, guess):
            if g is None:
                continue
            self.tp += g and p
            self.fp += p and not g
            self.fn += g and not p

    @property
    def precision(self) -> float:
        return self.tp / max(self.tp + self.fp, 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.tp + self.fn, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / max(p + r, 1e-9)


def evaluate(sentences: list[Sentence], m: ezmodel.Model) -> dict[str, Score]:
    """Scores on ``sentences`` of the rules, of the model alone (its own threshold), of the model
    within all the rules, and of the model as :func:`translit.ezafe.detect` uses it (the title
    threshold, within the rules it keeps)."""
    from . import TITLE_THRESHOLD, may_link

    scores = {"rules": Score(), "model": Score(), "model+rules": Score(), "as used": Score()}
    for s in sentences:
        for run in s.runs:
            words, gold = [w for w, _ in run], [y for _, y in run]
            by_rules = rules.detect(words, "rules")
            by_model = m.decide(words)
            scores["rules"].add(gold, by_rules)
            scores["model"].add(gold, by_model)
            scores["model+rules"].add(gold, [a and b for a, b in zip(by_model, by_rules)])
            used = m.decide(words, TITLE_THRESHOLD)
            scores["as used"].add(gold, [f and may_link(words[i], words[i + 1]) for i, f in enumerate(used)])
    return scores


def report(scores: dict[str, Score], sentences: int, words: int) -> str:
    lines = [f"held-out UPDT: {sentences} sentences, {words} words, "
             f"{next(iter(scores.values())).tp + next(iter(scores.values())).fn} ezafe",
             f"{'':12} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for name, s in scores.items():
        lines.append(f"{name:12} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m translit.ezafe.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the UPDT directory or file")
    ap.add_argument("--out", type=Path, default=ezmodel.MODEL_PATH, help="where to write the model")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--min-count", type=int, default=2, help="keep features seen this often")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N sentences")
    ap.add_argument("--no-save", action="store_true", help="evaluate without writing the model")
    args = ap.parse_args(argv)
    sentences = read_updt(args.data, args.limit)
    train_part = [s for s in sentences if not s.held_out]
    test_part = [s for s in sentences if s.held_out]
    if not train_part:
        print(f"{args.data}: no vowelled sentences to learn from", file=sys.stderr)
        return 1
    m = train(train_part, args.epochs, args.min_count)
    words = sum(len(r) for s in test_part for r in s.runs)
    print(f"trained on {len(train_part)} sentences, {len(m.weights)} weights")
    print(report(evaluate(test_part, m), len(test_part), words))
    if not args.no_save:
        m.save(args.out, {"source": "Uppsala Persian Dependency Treebank 1.3 with vowel marks (Apache-2.0)",
                          "sentences": len(train_part), "epochs": args.epochs, "min_count": args.min_count})
        print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
