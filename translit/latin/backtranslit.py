"""Latin -> Persian back-transliteration with ranked candidates, for every romanization at once.

How a word is spelled back:
1. It is read as phonemes (:func:`translit.latin.phonemic.read_latin`): several readings where the Latin is
   ambiguous (a final "eh" that is the silent ه or a sounded h, a digraph that may be two letters).
2. Spellings come from the word list (:mod:`translit.latin.wordlist`: Wikipedia frequencies, hazm's list
   and the pronunciation lexicon), found by their consonant skeleton, which survives vowel length,
   e/i and o/u slips, dotted or undotted consonants, a missing ayn or hamza.
3. Each spelling is scored as a noisy channel: ``log P(spelling) + log P(reading | spelling)``, the
   second term from the letter model learned on the lexicon's letter-to-phoneme alignments (which
   letters spell which phonemes where, and how often short vowels go unwritten). A word whose own
   lexicon pronunciation equals the reading gets the channel cost of a perfect match. When a word
   has no length marks (ASCII), long and short a are not told apart on either side.
4. Words the list lacks are composed from the list's words with suffixes (-hā, -ān, -ī, -tar...),
   prefixes (mi-, na-, be-, bi-) and the Arabic article (-ol-), or, failing that, spelled with the
   letter model's most likely letters.
Whole tokens and texts (ezafe endings, primes, "va", the Arabic element's Latin side) are cut into
the pieces ranked here by :mod:`translit.latin.latin_text`.
"""
from __future__ import annotations

import heapq
import math
import re
from functools import cache, lru_cache

from .phonemic import VOWELS, ZWNJ, Reading, latin_skeletons, read_latin
from .wordlist import wordlist

# Costs in nats (negative log probabilities), global and few; the letter costs come from the lexicon.
_HINT_COST = 2.5        # a dotted or marked Latin letter spelled with another letter of its sound
_GLOTTAL_INS = 2.5      # a ’ or ‘ in the Latin that no letter spells
_GLOTTAL_DROP = 1.0     # an ع or ء that the Latin leaves out, in a text that writes glottal stops
# ... in a text that writes none of them (0.1, 0.4, 1.0 tried: 0.4 and 0.1 gain on the ASCII-folded
# catalogue pairs, both hash halves, the Wiktionary ASCII pairs hold at 0.4 and the marked ones fall
# at a global 0.4, so it applies to unmarked text only)
_GLOTTAL_DROP_UNMARKED = 0.4
_GEMINATE = 0.5         # a doubled consonant (shadda is not written)
_GLIDE = 0.3            # the y of "iya", "eya" that Persian leaves unwritten
# An unwritten vowel beside another vowel: Persian syllables begin with a consonant, so two vowels
# meet only where letters write them (سوال so-āl) or a glottal stop the Latin left out sits between
# (معلم mo‘allem); soāl is not سال. Tried 1, 2.5, 5, 10 on the Wiktionary pairs: 2.5 best, and both
# hash halves gain with it (diacritic and ASCII input alike).
_HIATUS = 2.5
_INITIAL_VOWEL = 8.0    # a word-initial vowel with no letter: Persian always writes one
_OTHER_POSITION = 1.0   # a letter whose position the lexicon never shows it in
_SUFFIX_COST = 4.0      # composing a word from a stem and an affix the list does not have together
# composing a word from two words (4, 5, 6 tried on the Wiktionary pairs: 5 and 6 gain on both hash
# halves over 4, and 5 is kept)
_SPLIT_COST = 5.0
_OOV_COST = 3.0         # a spelling no list has, on top of the rarest known word's prior
# a channel cost at or below which the word list's answer is trusted, and compounds are not tried
# (at 2.5 words were composed 65% more often for the same accuracy on the Wiktionary pairs)
_GOOD = 3.5
_INF = 1e9
_WAW_O = 0.6            # و for a short o (see _options)
_PRIOR_WEIGHT = 0.5    # the word list's frequencies against the letter model
# A word without length marks may be plain ASCII (ā written a) or a style with marks whose word has
# no long vowel: an ā read from an unmarked a costs the odds that the marks were left out.
_UNMARKED_LONG = 0.7    # nats (fitted on part of the Wiktionary pairs)
# ... unless the word shows that its writer leaves them out (a bare i or u where ī or ū is meant)
_ASCII_LONG = 0.0
# projected: 0 = length marked, 1 = marks surely left out, 2 = a word with no long vowel, or no marks
_LONG_COST = {1: _ASCII_LONG, 2: _UNMARKED_LONG}
# ... and, or-ed into it, the text writes no glottal stop (latin_text.Marks)
GLOTTAL_UNMARKED = 4
_LENGTH = 3     # the length part of ``projected``
_PROJECTED_A = {0: "a", 1: "a*", 2: "a*"}  # the letter model's unwritten-vowel cost for an "a"
_MAQSURA = 3.0  # a final ی read ā
_FINAL_ALEF_A = 2.5  # a final ا read as a short a
_FINAL_HA_A = 2.0       # a final silent ه romanized "a"

_PROJECT = str.maketrans("A", "a")


def _project(phonemes: str, projected: int) -> tuple[str, float]:
    """Phonemes as a reading without length marks sees them (ā as a), and what reading their ā
    from an unmarked a costs; as they are, at no cost, when length is marked."""
    if not projected & _LENGTH:
        return phonemes, 0.0
    return phonemes.translate(_PROJECT), _LONG_COST[projected & _LENGTH] * phonemes.count("A")


@cache
def _model():
    wl = wordlist()
    prior = _WeightedPrior(wl.prior)
    oov = _PRIOR_WEIGHT * min(wl.prior) - _OOV_COST
    return wl, prior, oov


class _WeightedPrior:
    """The word list's log priors scaled by _PRIOR_WEIGHT, computed on access (no copy at load)."""

    __slots__ = ("raw",)

    def __init__(self, raw):
        self.raw = raw

    def __getitem__(self, i: int) -> float:
        return _PRIOR_WEIGHT * self.raw[i]


@lru_cache(maxsize=4096)
def _options(letters: str, pos: str, projected: int) -> tuple[tuple[str, float], ...]:
    """What a letter group in a position can spell, with costs (from the letter model)."""
    wl = wordlist()
    opts: dict[str, float] = {}
    found = wl.emit.get(letters + "\t" + pos)
    if found is None:
        for other in "imf":
            for core, cost in wl.emit.get(letters + "\t" + other, ()):
                c = cost + _OTHER_POSITION
                if c < opts.get(core, _INF):
                    opts[core] = c
    else:
        opts = {core: cost for core, cost in found}
    if not opts and len(letters) == 1:
        opts = dict(_RARE_LETTERS.get(letters, ()))
    if letters in _GLOTTAL_LETTERS and "?" not in opts:
        # the lexicon leaves a word-initial glottal stop out of its phonemes (عادت is /AdAt/), but
        # a writer who marks it (‘ādat) means this letter
        opts["?"] = _GLOTTAL_LETTER
    for core, cost in list(opts.items()):
        if "?" in core:
            bare = core.replace("?", "")
            drop = _GLOTTAL_DROP_UNMARKED if projected & GLOTTAL_UNMARKED else _GLOTTAL_DROP
            if cost + drop < opts.get(bare, _INF):
                opts[bare] = cost + drop
    if letters == "آ" and pos != "i" and "A" in opts:
        # a medial maddah is a hamza and ā, and romanizations write both (qur’ān, beh’āsānī)
        opts["?A"] = min(opts.get("?A", _INF), opts["A"])
    if letters in _CONFUSED:
        # writers confuse j and zh (rejim for رژیم)
        other, cost = _CONFUSED[letters]
        opts[other] = min(opts.get(other, _INF), cost)
    if letters == "و" and pos != "i":
        # the lexicon is mostly native verbs; loanwords (استونی، پورت) write their o with و far more
        opts["o"] = min(opts.get("o", _INF), _WAW_O)
    if letters == "ا" and pos == "f":
        # a final ā heard short (Wiktionary's ânâhita, kola)
        opts["a"] = min(opts.get("a", _INF), _FINAL_ALEF_A)
    if letters == "ی" and pos == "f":
        # alef maqsura: the final ā of Arabic names and words (مصطفی، عیسی، حتی)
        opts["A"] = min(opts.get("A", _INF), _MAQSURA)
    if letters == "ه" and pos == "f":
        # a final silent ه written "a" (Shāhnāma, older and Dari romanizations)
        opts["a"] = min(opts.get("a", _INF), _FINAL_HA_A)
    if projected & _LENGTH:
        proj: dict[str, float] = {}
        for core, cost in opts.items():
            k, extra = _project(core, projected)
            cost += extra
            if cost < proj.get(k, _INF):
                proj[k] = cost
        opts = proj
    return tuple(sorted(opts.items(), key=lambda kv: kv[1]))


# Letters the lexicon never (or too rarely) aligns; values from their usual readings.
_RARE_LETTERS = {
    "أ": (("?", 1.0), ("a", 1.0), ("o", 1.5), ("", 2.0)),
    "إ": (("e", 0.5), ("?", 1.5)),
    "ؤ": (("?", 0.7), ("o", 1.5), ("u", 1.5)),
    "ء": (("?", 0.3), ("", 1.2)),
    "ة": (("e", 0.3), ("t", 1.5)),
    "آ": (("A", 0.0),),
}
_GLOTTAL_LETTERS = frozenset("عءأئؤإ")
_GLOTTAL_LETTER = 0.3   # a glottal-stop letter spelling the glottal stop where the lexicon has none
_CONFUSED = {"ژ": ("J", 3.0), "ج": ("Z", 3.0)}
# letter pairs the lexicon aligns as one unit; not ها and یا, which it only has at the unmarked
# joints of its verb forms (میایستادم, آختهام), where the alef is the next part's own; for the
# same reason او and ای only begin a word or part (سایر is never "sir")
_GROUPS2 = ("او", "ای", "خو")


@lru_cache(maxsize=8)
def _n_before_b(pos: str, projected: int) -> tuple[tuple[str, float], ...]:
    """ن before ب: said m (انبار ambār, شنبه shambe), as likely as n in a romanization."""
    opts = dict(_options("ن", pos, projected))
    opts["m"] = opts.get("n", 0.0)
    return tuple(sorted(opts.items(), key=lambda kv: kv[1]))


def _insert_costs(ph: str, hints: tuple[str, ...], ins: dict[str, float],
                  projected: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Cost of each phoneme having no letter: (before the first letter, after it)."""
    first, later = [], []
    last = len(ph) - 1
    for i, p in enumerate(ph):
        # the Latin says a letter is there (a diphthong's و, tanvin's ا, ALA-LC's ʻ: ع)
        if hints[i] and (p not in "?" or hints[i] == _AYN_HINT):
            first.append(_INF)
            later.append(_INF)
            continue
        if p in VOWELS:
            key = _PROJECTED_A[projected & _LENGTH] if p == "a" else p
            c = ins[key + "$"] if i == last else ins[key]
            if (i and ph[i - 1] in VOWELS) or (i < last and ph[i + 1] in VOWELS):
                c += _HIATUS
            first.append(_INITIAL_VOWEL + c)
        elif i > 0 and ph[i - 1] == p:
            c = _GEMINATE
            first.append(c)
        elif p == "y" and i > 0 and ph[i - 1] in "ie" and i + 1 < len(ph) and ph[i + 1] in VOWELS:
            c = _GLIDE
            first.append(_INF)
        elif p == "?":
            c = _GLOTTAL_INS
            first.append(c)
        else:
            c = _INF
            first.append(_INF)
        later.append(c)
    return tuple(first), tuple(later)


_AYN_HINT = "!ع"     # phonemic.read_latin's hint for ALA-LC's ʻ, which always writes an ع


@lru_cache(maxsize=4096)
def _hint_cost(hint: str, letters: str) -> float:
    """Extra cost of spelling a hinted Latin letter with ``letters``: none when they are the hinted
    letters, a little for the second choice after "~", prohibitive for a hard ("!") hint."""
    hard = hint.startswith("!")
    first, _, second = hint.lstrip("!").partition("~")
    if any(x in first for x in letters):
        return 0.0
    if second and any(x in second for x in letters):
        return _HINT_COST / 2
    return _INF if hard else _HINT_COST


@lru_cache(maxsize=65536)
def _letter_steps(ch: str, pos: str, nxt: str, nxt_pos: str, projected: int):
    """What one letter of a spelling can spell, given the letter after it (``nxt`` in position
    ``nxt_pos``; "" at the end): (its own options, and (pair, options) when the two letters form a
    group the lexicon aligns as one unit, else None)."""
    own = _n_before_b(pos, projected) if ch == "ن" and nxt == "ب" else _options(ch, pos, projected)
    pair = None
    if nxt and (pos == "i" or ch == "خ") and ch + nxt in _GROUPS2:
        gpos = pos if pos != "m" else nxt_pos
        if wordlist().emit.get(ch + nxt + "\t" + gpos):
            opts = _options(ch + nxt, gpos, projected)
            if opts:
                pair = (ch + nxt, opts)
    return own, pair


@lru_cache(maxsize=4096)
def _layout(word: str) -> tuple[tuple[str, str, str, str, str], ...]:
    """For each letter of a spelling: (letter, its position in its ZWNJ-separated part (i, m, f),
    the prefix of ``word`` that decides the alignment up to and including it, the next letter and
    its position ("" at the end)). The prefix runs to the next letter (what the letter's options
    depend on), or is the whole word and an end mark."""
    if ZWNJ not in word:
        m = len(word)
        if m == 1:
            return ((word, "i", word + "\0", "", ""),)
        pos = "i" + "m" * (m - 2) + "f"
        out = [(word[j], pos[j], word[:j + 2], word[j + 1], pos[j + 1]) for j in range(m - 1)]
        out.append((word[-1], "f", word + "\0", "", ""))
        return tuple(out)
    letters: list[tuple[str, str, int]] = []
    start = 0
    for part in word.split(ZWNJ):
        last = len(part) - 1
        for k, ch in enumerate(part):
            letters.append((ch, "i" if k == 0 else ("f" if k == last else "m"), start + k))
        start += len(part) + 1
    rows = []
    for j, (ch, pos, _) in enumerate(letters):
        if j + 1 < len(letters):
            nxt, nxt_pos, at = letters[j + 1]
            rows.append((ch, pos, word[:at + 1], nxt, nxt_pos))
        else:
            rows.append((ch, pos, word + "\0", "", ""))
    return tuple(rows)


class _Channel:
    """The channel cost of one reading (its phonemes, hints and insertion costs) for spellings.

    ``cost(word)`` is the best alignment of the reading to the word's letters, by dynamic
    programming over (letters spelled, phonemes read). The column after a spelling's first k
    letters depends only on those letters and the one after them, so columns are kept by that
    prefix and shared by every spelling that begins alike: the spellings of one skeleton bucket
    share long prefixes, and a prefix with no alignment rules out at once every spelling it begins.
    """

    __slots__ = ("ph", "hints", "ins_later", "projected", "columns")

    def __init__(self, ph: str, hints: tuple[str, ...], costs, projected: int):
        self.ph, self.hints, self.projected = ph, hints, projected
        ins_first, self.ins_later = costs
        col = [0.0] + [_INF] * len(ph)
        self._insert(col, ins_first)
        # prefix -> (column, its lowest cost, whether the prefix's last letter may pair with the next)
        self.columns: dict[str, tuple[list[float], float, bool]] = {"": (col, min(col), False)}

    @staticmethod
    def _insert(col: list[float], ins) -> None:
        """Phonemes read without a letter (unwritten vowels, a doubled consonant...)."""
        for i in range(len(col) - 1):
            c = col[i]
            if c < _INF and c + ins[i] < col[i + 1]:
                col[i + 1] = c + ins[i]

    def _spell(self, src: list[float], letters: str, options, tgt: list[float]) -> None:
        """Letters that spell one of their options at each reachable point of ``src``."""
        ph, hints = self.ph, self.hints
        for i, c in enumerate(src):
            if c >= _INF:
                continue
            for core, cost in options:
                if core:
                    if not ph.startswith(core, i):
                        continue
                    k = i + len(core)
                    h = hints[i]
                    if h:
                        cost += _hint_cost(h, letters)
                else:
                    k = i
                v = c + cost
                if v < tgt[k]:
                    tgt[k] = v

    def _column(self, layout, j: int, prev: list[float], prev2: list[float] | None):
        ch, pos, _, nxt, nxt_pos = layout[j]
        own, pair_ahead = _letter_steps(ch, pos, nxt, nxt_pos, self.projected)
        col = [_INF] * (len(self.ph) + 1)
        self._spell(prev, ch, own, col)
        if prev2 is not None:
            before, before_pos = layout[j - 1][:2]
            pair = _letter_steps(before, before_pos, ch, pos, self.projected)[1]
            if pair is not None:
                self._spell(prev2, pair[0], pair[1], col)
        self._insert(col, self.ins_later)
        return col, min(col), pair_ahead is not None

    def cost(self, word: str, limit: float = _INF) -> float:
        """Cost of reading the phonemes from ``word``; _INF when there is no alignment or when
        every alignment already costs more than ``limit`` before the word's end."""
        columns = self.columns
        layout = _layout(word)
        prev2: list[float] | None = None
        prev, prev_low, _ = columns[""]
        for j, row in enumerate(layout):
            entry = columns.get(row[2])
            if entry is None:
                entry = columns[row[2]] = self._column(layout, j, prev, prev2)
            col, low, pair_ahead = entry
            if low > limit and (not pair_ahead or prev_low > limit):
                return _INF  # (a pair of this letter and the next could still skip this column)
            prev2, prev, prev_low = prev, col, low
        return prev[-1]


# Analysis by synthesis: how far a reading is from a spelling's own pronunciation (lexicon or
# romanizer), and what that distance costs. Weights fitted on part of the Wiktionary pairs.
_SYNTH_WEIGHT = 0.5     # nats per unit of distance from the lexicon's pronunciations
_V_SLIP = 1.0           # e for i, o for u, a for ā: a romanizer's slip
_V_SUB = 2.5
_V_INDEL = 2.5
_C_SUB = 3.0
_SLIPS = frozenset(("ei", "ie", "ou", "uo", "aA", "Aa", "eA", "Ae"))


def _sub_cost(x: str, y: str, long_a: float) -> float:
    if x == y:
        return 0.0
    if x in VOWELS and y in VOWELS:
        if x + y == "aA":
            return long_a
        return _V_SLIP if x + y in _SLIPS else _V_SUB
    return _C_SUB


def _indel_cost(x: str, prev: str) -> float:
    if x == "?":
        return 1.0
    if x == prev:  # a doubled consonant
        return 0.3
    if x in VOWELS:
        return _V_INDEL
    if x in "yh":
        return 1.0
    return _C_SUB


@lru_cache(maxsize=65536)
def _pron_distance(ph: str, prons: str, projected: int) -> float:
    """How far a reading is from a word's own pronunciations (the lexicon's): a weighted edit
    distance where vowel slips (e/i, o/u) and a dropped glottal stop cost little, and an unmarked
    a read as ā costs what a missing length mark costs."""
    long_a = _LONG_COST[projected & _LENGTH] if projected & _LENGTH else _V_SLIP
    best = _INF
    for pron in prons.split(","):
        if pron == ph:
            return 0.0
        n, m = len(ph), len(pron)
        prev = [0.0] * (m + 1)
        for j in range(1, m + 1):
            prev[j] = prev[j - 1] + _indel_cost(pron[j - 1], pron[j - 2] if j > 1 else "")
        for i in range(1, n + 1):
            x = ph[i - 1]
            xi = _indel_cost(x, ph[i - 2] if i > 1 else "")
            cur = [prev[0] + xi] + [0.0] * m
            for j in range(1, m + 1):
                y = pron[j - 1]
                cur[j] = min(prev[j - 1] + _sub_cost(x, y, long_a), prev[j] + xi,
                             cur[j - 1] + _indel_cost(y, pron[j - 2] if j > 1 else ""))
            prev = cur
        best = min(best, prev[m])
    return best


_LB_UNIT = 2.0  # below every cost of leaving a long vowel unwritten or giving ا another reading


@lru_cache(maxsize=200_000)
def _vowel_letters(word: str) -> tuple[int, int, int, int]:
    """(letters that may spell ā, ی, و, alefs past the first letter that only ā explains)."""
    madda = word.count("آ")
    final_ye = word[-1] == "ی"
    alefs = word.count("ا") + madda + final_ye
    mid = alefs - madda - final_ye - (word[0] == "ا") - word.count(ZWNJ + "ا")
    return alefs, word.count("ی"), word.count("و"), mid


def _lower_bound(word: str, vowels: tuple[int, int, int]) -> float:
    """A cheap lower bound on the channel cost: long vowels of the reading that the spelling has
    too few letters for, and (length marked) alefs past the first letter that no ā explains."""
    long_a, long_i, long_u = vowels
    alefs, ye, vav, mid = _vowel_letters(word)
    lb = 0
    if long_a > alefs:  # (-1 when length is not marked: no bound)
        lb += long_a - alefs
    if long_i > ye:
        lb += long_i - ye
    if long_u > vav:
        lb += long_u - vav
    if long_a >= 0 and mid > long_a:
        # a medial or final ا is ā; as anything else it costs more than the unit
        lb += mid - long_a
    return _LB_UNIT * lb


def _score_reading(reading: Reading, projected: int, n: int, found: dict[str, float],
                   top: list[float], margin: float = 0.0, exact: set[str] | None = None) -> None:
    """Score the word list's spellings of one reading into ``found``; ``top`` keeps
    [best score, its channel cost]. Spellings that cannot come within ``margin`` of the best one
    (nor among the ``n`` best) are not looked at."""
    wl, prior, _ = _model()
    ph = _project(reading.phonemes, projected)[0]
    costs = _insert_costs(ph, reading.hints, wl.ins, projected)
    best: list[float] = []  # min-heap of the n best scores so far
    # long vowels the spelling must write (ā only when length is marked)
    vowels = (-1 if projected & _LENGTH else ph.count("A"), ph.count("i"), ph.count("u"))
    # only و spells v, one v each, and a v cannot go unwritten unless it doubles the one before:
    # a spelling with fewer و than that has no alignment (spares the many that lack one)
    need_waw = sum(1 for i, p in enumerate(ph) if p == "v" and (i == 0 or ph[i - 1] != "v"))
    channel = _Channel(ph, reading.hints, costs, projected)
    for key in latin_skeletons(reading.phonemes):
        for wid in wl.ids(key):
            upper = prior[wid] - reading.cost
            # wanted: the n best, and any within margin of the best
            bound = min(best[0], top[0] - margin) if len(best) >= n else -_INF
            if upper <= bound:
                break  # ids come highest prior first, and a channel cost is never negative

            word = wl.words[wid]
            prons = wl.pron.get(wid)
            miss = _pron_distance(ph, prons, projected) if prons else 0.0
            if prons and miss == 0.0:
                cost = 0.0
                if exact is not None:
                    exact.add(word)
            else:
                if need_waw and word.count("و") < need_waw:
                    continue
                slack = upper - _SYNTH_WEIGHT * miss - bound
                if bound > -_INF and slack <= _lower_bound(word, vowels):
                    continue  # cannot make it: spare the alignment
                cost = channel.cost(word, slack)
                if cost >= _INF:
                    continue
                cost += _SYNTH_WEIGHT * miss
            score = upper - cost
            if score > found.get(word, -_INF):
                found[word] = score
            if score > top[0]:
                top[0], top[1] = score, cost
            if len(best) < n:
                heapq.heappush(best, score)
            elif score > best[0]:
                heapq.heapreplace(best, score)


def _generate(reading: Reading, projected: int) -> tuple[str, float] | None:
    """The letter model's most likely spelling of a reading (for words no list has)."""
    wl = wordlist()
    ph = _project(reading.phonemes, projected)[0]
    n = len(ph)
    costs = _insert_costs(ph, reading.hints, wl.ins, projected)
    best: list[tuple[float, str] | None] = [None] * (n + 1)
    best[0] = (0.0, "")
    gen = _gen_table(projected)
    for i in range(n):
        if best[i] is None:
            continue
        c0, s0 = best[i]
        ins = costs[0][i] if not s0 else costs[1][i]
        if ins < _INF and (best[i + 1] is None or c0 + ins < best[i + 1][0]):
            best[i + 1] = (c0 + ins, s0)
        for size in (1, 2, 3):
            if i + size > n:
                break
            core = ph[i:i + size]
            rest_silent = all(p in "aeo" for p in ph[i + size:])
            pos = "i" if not s0 else ("f" if i + size == n or (rest_silent and size == n - i) else "m")
            options = gen.get((core, pos)) or (
                [(lt, c + _OTHER_POSITION) for p in "mif" for lt, c in gen.get((core, p), ())] if size == 1 else ())
            for letters, cost in options:
                h = reading.hints[i]
                if h:
                    cost += _hint_cost(h, letters)
                v = c0 + cost
                if best[i + size] is None or v < best[i + size][0]:
                    best[i + size] = (v, s0 + letters)
    if best[n] is None or not best[n][1]:
        return None
    spelling = best[n][1]
    cost = _Channel(ph, reading.hints, costs, projected).cost(spelling)
    return spelling, cost


# Where Persian spelling seats a glottal stop inside a word, which the lexicon (few Arabic words,
# hamzas mostly dropped) rarely shows: on ی between vowels (پائیز, تئوری), as آ before ā (قرآن,
# مرآت), on ء at the end after ā (امضاء). Costs in the letter model's units.
_HAMZA_SEATS = {
    ("?", "m"): (("ئ", 0.5),),
    ("?A", "m"): (("آ", 0.0),),
    ("?", "f"): (("ء", 0.5),),
}


@cache
def _gen_table(projected: int) -> dict[tuple[str, str], list[tuple[str, float]]]:
    wl = wordlist()
    out: dict[tuple[str, str], dict[str, float]] = {}
    for key, opts in wl.gen.items():
        core, pos = key.split("\t")
        d = out.setdefault((core, pos), {})
        written = 0.0
        if core in ("a", "e", "o", "A", "i", "u") and pos != "i":
            # P(letters | vowel) * P(vowel is written); a word-initial vowel is always written
            unwritten = math.exp(-wl.ins[core + "$" if pos == "f" else core])
            written = -math.log(max(1.0 - unwritten, 1e-6))
        for letters, cost in opts:
            cost += written
            if ZWNJ in letters:
                continue
            if cost < d.get(letters, _INF):
                d[letters] = cost
    for (core, pos), spellings in _HAMZA_SEATS.items():
        d = out.setdefault((core, pos), {})
        for letters, cost in spellings:
            d[letters] = min(cost, d.get(letters, _INF))
    if projected & _LENGTH:
        merged: dict[tuple[str, str], dict[str, float]] = {}
        for (core, pos), d in out.items():
            # an unmarked a read as ā costs what it costs the word list's spellings (_options)
            seen, extra = _project(core, projected)
            m = merged.setdefault((seen, pos), {})
            for letters, cost in d.items():
                cost += extra
                if cost < m.get(letters, _INF):
                    m[letters] = cost
        out = merged
    return {k: sorted(v.items(), key=lambda kv: kv[1])[:4] for k, v in out.items()}


# ------------------------------------------------------------------ affixes
# (phonemes, spelling, joint): joint "z" = ZWNJ, "" = joined, "a" = ZWNJ after a final ه/non-joiner
_SUFFIXES = (
    ("hAye", "های", "z"), ("hAyi", "هایی", "z"), ("hAy", "های", "z"), ("hA", "ها", "z"),
    ("An", "ان", ""), ("gAn", "گان", "g"), ("tarin", "ترین", "z"), ("tar", "تر", "z"),
    ("i", "ی", "y"), ("yi", "یی", ""), ("estAn", "ستان", ""), ("SAn", "شان", "z"),
    ("mAn", "مان", "z"), ("tAn", "تان", "z"), ("am", "م", "y"), ("at", "ت", ""), ("aS", "ش", ""),
    # infinitives: a present stem with -īdan or -estan, a past stem's -d/-t with -an (انباریدن, خوردن)
    ("idan", "یدن", ""), ("estan", "ستن", ""), ("dan", "دن", ""), ("tan", "تن", ""),
)
_PREFIXES = (("nemi", "نمی", "z"), ("mi", "می", "z"), ("bi", "بی", "z"), ("be", "ب", ""),
             ("na", "ن", ""), ("ne", "ن", ""), ("ham", "هم", ""), ("bA", "با", ""), ("nA", "نا", ""))
_NON_JOINING = frozenset("ادذرزژوآأإؤة")


def _attach(stem: str, suffix: str, joint: str) -> str:
    last = stem[-1]
    if joint == "g":  # خسته + گان -> خستگان
        return (stem[:-1] if last == "ه" else stem) + suffix
    if joint == "y":
        if last == "ه":
            return stem + ZWNJ + "ا" + suffix if suffix == "م" else stem + ZWNJ + "ای"
        if last in "اوی" and suffix == "ی":
            return stem + "یی"
        return stem + suffix
    if joint == "z" or (last == "ه" and joint == ""):
        return stem + (ZWNJ if last not in _NON_JOINING else "") + suffix
    return stem + suffix


def _compose(reading: Reading, projected: int, depth: int) -> dict[str, float]:
    """Spellings made of a known stem and an affix, or of two known words (with -ol- between)."""
    ph = reading.phonemes
    out: dict[str, float] = {}

    def sub(p: str, h: tuple[str, ...]) -> list[tuple[str, float]]:
        return _ranked([Reading(p, h, 0.0)], projected, 2, depth + 1)

    # without length marks an affix's ā is read from an a, at the cost the word list's spellings pay
    seen = _project(ph, projected)[0]
    for sp, spelling, joint in _SUFFIXES:
        sp, extra = _project(sp, projected)
        if seen.endswith(sp) and len(ph) - len(sp) >= 2:
            cut = len(ph) - len(sp)
            for stem, s in sub(ph[:cut], reading.hints[:cut]):
                w = _attach(stem, spelling, joint)
                v = s - _SUFFIX_COST - extra - reading.cost
                if v > out.get(w, -_INF):
                    out[w] = v
    for pp, spelling, joint in _PREFIXES:
        pp, extra = _project(pp, projected)
        if seen.startswith(pp) and len(ph) - len(pp) >= 3:
            for stem, s in sub(ph[len(pp):], reading.hints[len(pp):]):
                if stem[0] == "ا" and spelling in ("ب", "ن"):
                    stem = "ی" + stem[1:] if stem[0] == "ا" else stem
                w = spelling + (ZWNJ if joint == "z" else "") + stem
                v = s - _SUFFIX_COST - extra - reading.cost
                if v > out.get(w, -_INF):
                    out[w] = v
    if depth == 0 and len(ph) >= 6:
        # a compound of two words (māche-khar, berahne-pā), joined or with ZWNJ
        for k in range(3, len(ph) - 2):
            if ph[k] in VOWELS or ph[k - 1] == ph[k]:
                continue
            left = _known(ph[:k], reading.hints[:k], projected)
            if left is None:
                continue
            right = _known(ph[k:], reading.hints[k:], projected)
            if right is None:
                continue
            (lw, ls), (rw, rs) = left, right
            w = lw + (ZWNJ if lw[-1] not in _NON_JOINING else "") + rw
            v = ls + rs - _SPLIT_COST - reading.cost
            if v > out.get(w, -_INF):
                out[w] = v
    if depth == 0 and len(ph) >= 5 and ph.endswith("va"):
        # a conjunction run into the word before it (Īrānva)
        left = _known(ph[:-2], reading.hints[:-2], projected)
        if left is not None:
            w = left[0] + " و"
            v = left[1] - _SPLIT_COST - reading.cost
            if v > out.get(w, -_INF):
                out[w] = v
    if depth == 0:
        # the Arabic article inside a compound: baynolmelal, dārolfonun, fowqolʻāde
        for m in re.finditer(r"(?<=[^aeoAiu])[aeo]l(?=[^aeoAiu])", ph):
            a, b = ph[:m.start()], ph[m.end():]
            if len(a) < 2 or len(b) < 2:
                continue
            left, right = sub(a, reading.hints[:m.start()]), sub(b, reading.hints[m.end():])
            for lw, ls in left[:1]:
                for rw, rs in right[:1]:
                    w = lw + (ZWNJ if lw[-1] not in _NON_JOINING else "") + "ال" + rw
                    v = ls + rs - _SPLIT_COST - reading.cost
                    if v > out.get(w, -_INF):
                        out[w] = v
    return out


@lru_cache(maxsize=65536)
def _known(ph: str, hints: tuple[str, ...], projected: int) -> tuple[str, float] | None:
    """The best list word for a part of a reading, if it matches well (for compounds)."""
    found: dict[str, float] = {}
    top = [-_INF, _INF]
    _score_reading(Reading(ph, hints, 0.0), projected, 1, found, top)
    if not found or top[1] > _GOOD:
        return None
    w = max(found, key=found.get)
    return w, found[w]


def _ranked(readings: list[Reading], projected: int, n: int, depth: int = 0) -> list[tuple[str, float]]:
    """Spellings for a list of readings of one word part, best first, with log scores."""
    _, _, oov = _model()
    found: dict[str, float] = {}
    top = [-_INF, _INF]
    want = n
    margin = 0.0
    exact: set[str] = set()  # spellings whose lexicon pronunciation is the reading
    if depth == 0 and _SYNTH_K:
        # the romanizer rescores the spellings near the best: keep those, however many
        n = max(n, _SYNTH_K)
        margin = _SYNTH_MARGIN
    for r in readings:
        _score_reading(r, projected, want, found, top, margin, exact)
    weak = top[1] > _GOOD
    plain = [r for r in readings if r.cost < 1.0]
    if weak and depth < 1:
        for r in plain:
            for w, v in _compose(r, projected, depth).items():
                if v > found.get(w, -_INF):
                    found[w] = v
    if weak and depth == 0 or not found:
        for r in plain or readings[:1]:
            g = _generate(r, projected)
            if g is not None:
                w, cost = g
                v = oov - cost - r.cost
                if v > found.get(w, -_INF):
                    found[w] = v
    ranked = sorted(found.items(), key=lambda kv: -kv[1])[:n]
    if depth == 0 and _SYNTH_K and ranked:
        # a lone spelling is rescored too: its score is compared with the rescored ones of other
        # readings (each length variant of ALA-LC typed plain, -ah against -at before al-), and
        # persianize, which asks for one spelling, must rank as candidates() does
        ranked = _resynth(ranked, readings, projected, exact)
    return ranked[:want]


_SYNTH_K = 8  # how many of the best spellings the romanizer may rescore
_SYNTH_MARGIN = 1.5  # nats behind the best that rescoring can make up
_SYNTH2 = 0.5           # nats per unit of distance from the romanizer's pronunciation


@lru_cache(maxsize=65536)
def _synth_pron(word: str) -> str:
    """The word's pronunciation as the romanizer reads it (eSpeak for words the lexicon lacks)."""
    from .. import romanize

    lat = romanize(word, "citation")
    rs = read_latin(re.sub(r"[-‐‑ʹ′\s]", "", lat), "citation")
    return rs[0].phonemes if rs else ""


def _resynth(ranked: list[tuple[str, float]], readings: list[Reading], projected: int,
             exact: set[str]) -> list[tuple[str, float]]:
    """Rescore the best spellings by how well their own pronunciation matches the reading.

    The letter model alone cannot tell which vowels a spelling carries (کم is never "kamu"); the
    romanizer can. A spelling loses _SYNTH2 nats per unit of distance. Spellings too far behind to
    overtake the best one after its own loss are not looked at, so a best spelling whose
    pronunciation matches the reading costs one romanization, or none when it is the lexicon's.
    """
    phs = [(_project(r.phonemes, projected)[0], r.cost) for r in readings]

    def loss(word: str) -> float:
        if word in exact:
            return 0.0
        pron = _synth_pron(word)
        if not pron:
            return 0.0
        return _SYNTH2 * min(_pron_distance(ph, pron, projected) + c for ph, c in phs)

    out = []
    best = -_INF
    for w, v in ranked:
        if v <= best:
            break  # even a perfect match cannot overtake (the list is sorted)
        v -= loss(w)
        out.append((w, v))
        best = max(best, v)
    # the rest were not rescored: they stay behind, in their order
    return sorted(out, key=lambda kv: -kv[1]) + ranked[len(out):]
