"""The Arabic element of Persian text, in one place for romanize, persianize and the search keys.

Persian titles and names carry Arabic constructions that Persian rules alone misread:

- the article ال, written apart (تذکرة الاولیاء) or joined to the word before it (عبدالرحمن,
  ابوالقاسم, فخرالدین); ALA-LC writes it ``al-``, hyphenated, lowercase and never assimilated
  (al-Dīn, al-shuʻarā), also after a vowel (Abū al-Qāsim);
- the construct: an Arabic noun before an article word takes no izafah, and its ة (or the ه that
  Persian writes for it) is read ``-at`` (Tuḥfat al-ʻIrāqayn, Manṭiq al-ṭayr); alone it is ``-ah``;
- Allāh, alone or in compounds written joined or apart (الله, عبدالله, عبد الله, ʻAbd Allāh,
  Abdollah): ALA-LC writes it as a word of its own;
- ibn / bin (بن, ابن, abbreviated b.), Abū, and the particles fī, ilá, ʻan, bi-, li-, wa-.

Everything here is a rule of Arabic grammar or of the ALA-LC table (``../shared/standards/ala-lc``),
written for this project; the readings of the words themselves come from the scheme tables.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

ZWNJ = "\u200c"
SHADDA = "\u0651"
ARTICLE = "ال"
ALLAH = "الله"
TA_MARBUTA = "ة"

# Words spelled with the letters ال that are not the article and a noun: Persian and loan words,
# Arabic words whose alif-lām is radical or a form-IV prefix (ilzām, ilhām), afʻāl plurals
# (alqāb, alfāẓ), and the particles illā, ilá, ilāhī.
NOT_ARTICLE = frozenset("""
الگو الگوها الهام البته الماس الان الآن الاغ الک الکل الف الفبا الفبای الهه الهی الهیات الیاف الزام
الزامی الحاق الغا الغاء القا القاء الحاد الحادی القاب الحان الفاظ الوان الواح الطاف اله الا الی البرز
الوند الیاس الکتریک الکتریکی الکترون الکترونیک الکترونیکی الگوریتم الیگارشی الماسی الکی الو الست
الهامی الهامات البسه الیزابت الجزایر الجزیره الکساندر الب الیاسی الیوت الیور القصه الغرض الحمدلله
الموت الوار الوس الویه الاستیک الاستیکی الاهیون الماسه الوهیت
""".split())
# Letters Arabic does not have: a word with one of them is Persian, whatever its first letters.
PERSIAN_LETTERS = frozenset("پچژگ")
# Form VIII verbal nouns of roots in l (iltizām, iltimās, iltifāt, iltivāʼ): ال is radical there. The
# pattern is the whole word, or it with a plural or adjective ending (iltizāmāt, iltifātī), so that a
# longer noun after the article (al-tavārīkh, التواریخ) is not taken for one.
_FORM_VIII = re.compile("^الت[^ا]ا[^ا](?:ات|ی|ها|های)?$")
# Endings of Persian infinitives (-īdan, -khtan, -shtan, -stan, -ftan)
_INFINITIVE = ("یدن", "ختن", "شتن", "ستن", "فتن")

# Heads of Arabic constructs, which take no izafah (Abū Bakr, ʻAbd al-Raḥmān, Ẕū al-Faqār)...
CONSTRUCT_HEADS = frozenset("ابو ابی ابا ذو ذی ذوی ذات عبد".split())
# ... and the words Persian often writes joined to the article word after them: ابوالقاسم,
# عبدالرحمن, ذوالفقار, دارالفنون, بیت‌المقدس, بینالمللی.
JOINED_HEADS = CONSTRUCT_HEADS | frozenset("دار بیت بین".split())
# Second halves of honorific compounds (laqabs) written joined to any first word: فخرالدین,
# نظام‌الملک, امین‌الدوله, ملک‌الشعرا, شیخ‌الاسلام.
JOINED_TAILS = frozenset("الدین الدوله الدولة الملک الملک السلطنه السلطنة الاسلام الممالک الشعرا الشعراء "
                         "العلما العلماء الحکما الحکماء الزمان الحق".split())

# Arabic particles with a fixed reading, keyed by their Persian spelling: they take no izafah and
# give none (ibn between two names, fī and ilá in titles).
IBN = frozenset(("بن", "ابن"))
PARTICLES = frozenset(("بن", "ابن", "بنت", "فی", "الی", "عن"))


# Arabic prepositions that Persian spells as Persian words (من "I", علی the name): inside an Arabic
# phrase they are the preposition (al-Ṣurāḥ min al-Ṣiḥāḥ, al-Shubhāt ʻalá al-Ṣavārim), read from the
# scheme's [render_words_arabic_phrase]. Values: where the phrase must be, "next" (before an article
# word) or "either" (before or after one).
PHRASE_PREPOSITIONS = {"من": "either", "علی": "next"}


def preposition_in_phrase(word: str, prev: str | None, nxt: str | None) -> bool:
    """Whether ``word`` (من, علی) is an Arabic preposition here: beside an article word as
    ``PHRASE_PREPOSITIONS`` says. Names are not asked (ʻAlī al-Riḍā)."""
    where = PHRASE_PREPOSITIONS.get(word)
    if where is None:
        return False
    if nxt is not None and is_article_word(nxt):
        return True
    return where == "either" and prev is not None and is_article_word(prev)


# The prepositions bi- and li- written joined to the noun they govern (ALA-LC: hyphenated, bi-tarjamat,
# li-Ḥaz̤rat), and li- with the article, لل (lil-Shaykh): ب, ل and لل are keys of the scheme's
# [render_words_arabic_phrase].
_PREPOSITION_LETTERS = ("ب", "ل")


def _known(word: str) -> bool:
    from .ezafe.model import word_classes

    classes = word_classes()
    return word in classes or word.replace(TA_MARBUTA, "ه") in classes


def joined_preposition(word: str, nxt: str | None) -> tuple[str, str] | None:
    """(preposition, noun) for an Arabic preposition joined to its noun, or None: لحضرت before an
    article word (li-Ḥaz̤rat al-Tāj), بترجمة القرآن, للشیخ (lil-Shaykh), بالخیر (bi-al-khayr).
    Only a word hazm's word list does not know, whose noun it does; ب and ل alone need an article
    word after them (an Arabic construct), لل and بال carry their own article."""
    # the first letter before any lookup: every word of every phrase romanized is asked
    if not word.startswith(_PREPOSITION_LETTERS) or len(word) < 4 or ZWNJ in word \
            or _known(word) or PERSIAN_LETTERS.intersection(word):
        return None
    if word.startswith("لل") and len(word) >= 5 and _known(word[2:]):
        return "لل", word[2:]
    rest = word[1:]
    if is_article_word(rest) and _known(rest[2:]) \
            or nxt is not None and is_article_word(nxt) and len(rest) >= 3 and _known(rest):
        return word[0], rest
    return None


CONJUNCTION = "و"


def joined_conjunction(word: str) -> str | None:
    """The word after a و written joined to it, as manuscripts and Arabic write it (وگربه: va
    gurbah; والاشرار: va al-ashrār), or None: only a word hazm's word list does not know, whose rest
    it does, or whose rest is an article word."""
    if not word.startswith(CONJUNCTION) or len(word) < 4 or ZWNJ in word or _known(word):
        return None
    rest = word[1:]
    if rest.startswith(CONJUNCTION):
        return None
    if (rest.startswith(ARTICLE) and is_article_word(rest)) or _known(rest):
        return rest
    return None


def split_conjunctions(words: list[str]) -> list[str]:
    """``words`` with each joined و (see :func:`joined_conjunction`) a word of its own; a word
    alone is left whole (وهمی is vahmī: a و joins two things)."""
    if len(words) < 2:
        return words
    out: list[str] = []
    for w in words:
        rest = joined_conjunction(w)
        out.extend((CONJUNCTION, rest) if rest is not None else (w,))
    return out


# Prepositions after which a title goes on in Arabic: Tuḥfat al-muslimīn fī bayān aʻmāl al-muʼminīn,
# Waṣīlat al-wuṣūl ilá diyār Rasūl. The phrase they open is an Arabic construct chain, without izafah.
PHRASE_OPENERS = frozenset(("فی", "الی", "عن"))
# Persian words that end such a phrase (... fī ʻilm-i ṣarf dar bayān-i ...)
_PERSIAN_STOPS = frozenset("در از با به برای که را تا یا این آن است".split())


def in_arabic_phrase(words: list[str]) -> list[bool]:
    """Per word of a phrase: whether it stands inside an Arabic prepositional phrase, where no word
    takes the izafah. The phrase begins after fī, ilá, ʻan (or min, ʻalá where
    :func:`preposition_in_phrase` says they are prepositions), and at a word with a joined bi- or li-
    (li-taqvīyat yaqīn ahl al-futuvvah); it ends before a Persian function word, a word with a
    Persian letter, a ZWNJ or a written izafah, and before va when no article word follows it."""
    n = len(words)
    out = [False] * n
    inside = False
    for k, w in enumerate(words):
        prev = words[k - 1] if k else None
        nxt = words[k + 1] if k + 1 < n else None
        if inside and (w in _PERSIAN_STOPS or ZWNJ in w or w.endswith("ۀ") or PERSIAN_LETTERS.intersection(w)
                       or w == "و" and not (nxt is not None and is_article_word(nxt))):
            inside = False
        if inside:
            out[k] = True
        elif w in PHRASE_OPENERS or w in PHRASE_PREPOSITIONS and preposition_in_phrase(w, prev, nxt):
            inside = True
        elif joined_preposition(w, nxt) is not None:
            out[k] = inside = True
    return out


def is_allah(word: str) -> bool:
    return word.replace("\u0651", "").replace("\u0670", "") == ALLAH


def article_noun(word: str) -> str | None:
    """The noun of an article word (الدین -> دین, الاولیاء -> اولیاء), or None when ``word`` is not
    the article and a noun (الگو, الهام, الله, a word of three letters)."""
    if not word.startswith(ARTICLE) or len(word) < 4 or is_allah(word):
        return None
    if word[3:4] == SHADDA:
        word = word[:3] + word[4:]   # الدّین: on a sun letter the shaddah is the article's l
    stem = word.split(ZWNJ)[0]
    if stem in NOT_ARTICLE or word in NOT_ARTICLE or PERSIAN_LETTERS.intersection(word) \
            or _FORM_VIII.match(word):
        return None
    for suffix in ("ها", "های", "ی", "ای", "ات", "ان"):
        if stem.endswith(suffix) and stem[: -len(suffix)] in NOT_ARTICLE:
            return None
    from .ezafe import is_verb   # a Persian verb form (الفختن)

    if is_verb(stem) or stem.endswith(_INFINITIVE):
        return None
    return word[len(ARTICLE):]


def is_article_word(word: str) -> bool:
    return article_noun(word) is not None


def split_joined(word: str) -> list[str]:
    """The parts of an Arabic compound written as one word: عبدالله -> [عبد, الله], ابوالقاسم ->
    [ابو, القاسم], فخرالدین -> [فخر, الدین]. A word that is no such compound is its own one part."""
    if ZWNJ in word:
        # ... or joined with a ZWNJ (لطف‌الله, وجیه‌الدّین; not بین‌المللی, where the article binds)
        parts = word.split(ZWNJ)
        if len(parts) == 2 and parts[0] and (is_allah(parts[1]) or parts[1].replace(SHADDA, "") in JOINED_TAILS):
            return parts
        return [word]
    if len(word) < 5:
        return [word]
    if word.endswith(ALLAH) and len(word) > len(ALLAH) + 1:   # a one-letter head (بالله) stays
        return [word[: -len(ALLAH)], ALLAH]
    for i in range(2, len(word) - 3):
        if word[i:i + 2] != ARTICLE:
            continue
        head, tail = word[:i], word[i:]
        if (head in JOINED_HEADS or tail in JOINED_TAILS) and article_noun(tail) is not None:
            return [head, tail]
    return [word]


# Titles of persons, which stand before a name with no izafah (Shaykh Aḥmad, Mīrzā Muḥammad), and
# the honorific compounds' tails, after which a name goes on (Jalāl al-Dīn Rūmī)
PERSON_TITLES = frozenset("شیخ سید میرزا مولانا ملا خواجه حاجی قاضی میر آقا".split())
# Titles written after the name they belong to (Aḥmad Bayg Khān, Maryam Bīgum).
POSTPOSED_TITLES = frozenset("خان بیگ بیک بیگم".split())
# A name after a title of a person runs at most this many words (Mullā ʻAbd al-ʻAlī Birjandī).
NAME_SPAN = 4


def takes_no_izafah(word: str, nxt: str) -> bool:
    """Arabic constructs and particles: no izafah between ``word`` and ``nxt`` when either is a
    particle, or ``nxt`` is an article word or Allāh (Nuzhat al-arvāḥ, ʻAbd Allāh, Muḥammad ibn ʻAlī);
    none after a title of a person or an honorific's tail (Shaykh Aḥmad, Jalāl al-Dīn Rūmī)."""
    return word in PARTICLES or nxt in PARTICLES or is_allah(nxt) or is_article_word(nxt) \
        or word in CONSTRUCT_HEADS or word in PERSON_TITLES or word in JOINED_TAILS


def construct_before(nxt: str) -> bool:
    """Whether a final ة / silent ه before ``nxt`` is read -at (an Arabic construct: Tuḥfat al-...)."""
    return is_article_word(nxt) or is_allah(nxt)


# Spellings that records of one word differ in: ة / ۀ for ه (تحفة = تحفه, رسالۀ = رساله), the seats
# of hamzah (تأریخ = تاریخ, فوائد = فواید, مؤمن = مومن), a final hamzah (اولیاء = اولیا)
_MATCH_FOLD = str.maketrans({"ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی"})


def match_form(word: str) -> str:
    """The form of a Persian word that search compares (display keeps the record's spelling): the
    spelling variants above folded, and ابن is بن (both are catalogued for ibn)."""
    if word == "ابن":
        return "بن"
    word = word.translate(_MATCH_FOLD)
    if len(word) > 2 and word.endswith("ء"):
        word = word[:-1]
    return word


def ta_marbuta_key_form(word: str) -> str | None:
    """For a word ending in ة, its spelling with ت (the -at of the construct that a romanization
    writes: Tuḥfat); None for other words."""
    return word[:-1] + "ت" if word.endswith(TA_MARBUTA) else None


# ------------------------------------------------------------------ the Latin side
_ARTICLE_LATIN = frozenset(("al", "el", "ul", "ol"))
_ALLAH_LATIN = re.compile(r"^(?:a|u|o|e)?ll[aā]h$", re.IGNORECASE)
_JOINED_ALLAH = re.compile(r"^(.{2,}?)[-‐‑]?(?:[aueo]ll[aā]h|ll[aā]h)$", re.IGNORECASE)
_IBN_LATIN = frozenset(("ibn", "bin", "ebn", "b"))
_LATIN_PARTICLES = {"fī": "فی", "fi": "فی", "ilá": "الی", "ila": "الی", "ilā": "الی", "ʻan": "عن",
                    "bint": "بنت", "ʻalá": "علی", "ʻala": "علی"}


def _fold(token: str) -> str:
    return unicodedata.normalize("NFC", token.casefold())


def is_latin_article(part: str) -> bool:
    """``al`` (or el, ul, ol) as a hyphen part of a romanized word: al-Dīn, Abū al-Qāsim."""
    return _fold(part) in _ARTICLE_LATIN


# Arabic prepositions written as a hyphenated prefix in ALA-LC (bi-tarjamat, li-Ḥaz̤rat, lil-Shaykh,
# the prefixes of LoC's own Persian table), and joined to the next word in Persian script.
_LATIN_PREFIXES = {"bi": "ب", "li": "ل", "lil": "لل"}


def latin_prefix(part: str) -> str | None:
    """The Persian spelling of a hyphen part that joins the next part with no ZWNJ: al- -> ال,
    bi- -> ب, li- -> ل, lil- -> لل."""
    if is_latin_article(part):
        return ARTICLE
    return _LATIN_PREFIXES.get(_fold(part))


def join_prefix(spelled: str, prefix: str) -> str:
    """``spelled`` (ending in the prefixes written so far) with ``prefix`` joined: after li- the
    article loses its alif as Arabic writes it (li-al-Ḥājj = للحاج)."""
    if prefix == ARTICLE and spelled.endswith("ل") and spelled[-2:-1] in ("", " "):
        return spelled + "ل"
    return spelled + prefix


@cache
def _article_words_latin() -> dict[str, str]:
    """The article words of the ALA-LC table's word readings (``render_words``: الرحمن al-raḥmān,
    which Arabic writes without the alif of its ā), read back: folded romanization
    (:func:`translit.keys.fold_latin`: alrahman) -> Persian. The one table for both directions."""
    from .keys import fold_latin
    from .tables import load_scheme

    words = load_scheme("ala-lc").section("render_words")
    return {fold_latin(la): fa for fa, la in words.items() if fa.startswith(ARTICLE) and la.startswith("al-")}


def latin_fixed(token: str, prev: str | None, nxt: str | None) -> str | None:
    """A fixed Persian spelling for a romanized token, or None: Allāh -> الله, ibn/bin/b. between
    names -> بن (ابن at the start), fī -> فی, ilá -> الی, and the article words of the ALA-LC
    table (al-Raḥmān -> الرحمن)."""
    t = _fold(token).rstrip(".")
    if _ALLAH_LATIN.match(t):
        return ALLAH
    if t.startswith(("al-", "al‐", "al‑")):
        from .keys import fold_latin

        fixed = _article_words_latin().get(fold_latin(t))
        if fixed is not None:
            return fixed
    if t in _IBN_LATIN and nxt is not None:
        if t == "b" and not token.endswith("."):
            return None
        return "بن" if prev is not None else "ابن"
    if t in _LATIN_PARTICLES:
        return _LATIN_PARTICLES[t]
    return None


def latin_joined_allah(token: str) -> str | None:
    """The first half of a compound with Allāh written as one Latin word (Abdollah, Nurullāh,
    Ḥabīb-Allāh), or None."""
    m = _JOINED_ALLAH.match(token)
    if not m or _ALLAH_LATIN.match(token):
        return None
    return m.group(1)
