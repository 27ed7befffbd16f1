"""Citation lists as plain text: one reference per line, or one per blank-line separated paragraph.

The grammar is the one journals print (author-date, Chicago/APA-like), written by hand and so
inconsistent; the parser is a sequence of small, forgiving steps rather than one big pattern:

    AUTHORS (YEAR[, SEASON]) "TITLE (English title)," VENUE (English venue) VOL, ISSUE: PAGES.
        [in EDITORS, ed. BOOK. PLACE: PUBLISHER.]  [Available at: URL (accessed DATE).]  (In Persian)

* authors: "Amiri, M.", "Majidi, M. and A. Samoudi." (later names given-first are turned into
  "Family, Given"), "Buzan, B., et al." (et al. dropped), an institution kept whole;
  Persian-script names split at " و " and kept as written ("کاظم‌زاده، فیروز");
* year and season: "(2010, Autumn)", "(2015, November 9)", "(۱۳۷۱)", "(۱۳۸۹، پاییز)"; also
  "Author. 2010. Title." without parentheses;
* title: quoted with any of " “ ” « » ‘ ’, including broken mixes ("“) and a missing closing
  quote; a final parenthesized English translation goes to ``title_en`` when the record is not in
  English (a title's own parentheses, e.g. "(JCPOA)", stay); unquoted titles are books;
* venue: journal with its own translation -> ``container``/``container_en``; "in X, ed. Y" ->
  chapter with editors; "Place: Publisher." -> place/publisher;
* "(In Persian)", "(in Russian)", "[به فارسی]" -> language; else "fa" for Persian script, else "en";
* "Available at: URL (accessed DATE)" -> url and note.

Fields stay as written (Persian digits and commas included); only surrounding punctuation goes.
"""
from __future__ import annotations

import bisect
import re

from index.readers.base import (ReadResult, Skip, _LANGUAGES, arabic_share, clean_field,
                                finish, has_arabic_script)
from index.reference import Reference

D = "[0-9۰-۹٠-٩]"
_YEAR = rf"(?:[12]{D}{{3}}|[۱۲١٢]{D}{{3}})[a-z]?"
_NO_YEAR = r"n\.\s?d\.?|بی[\u200c ]?تا|forthcoming|in press|زیر چاپ"

# "(2010, Autumn)", "(۱۳۸۹، پاییز)", "(n.d.)": the year parenthesis that ends the author list.
_YEAR_PAREN = re.compile(
    rf"[(\[]\s*(?P<year>{_YEAR}(?:\s*[-–/]\s*{D}{{2,4}})?|{_NO_YEAR})\s*"
    r"(?:[,،]\s*(?P<season>[^()\[\]]*?))?\s*[)\]]")
# "Buzan, B. 1998. Title." (Chicago author-date without parentheses).
_YEAR_BARE = re.compile(rf"(?<=[.,])\s+(?P<year>{_YEAR})\.(?=\s)")

_QUOTES_OPEN = "\"“”«„‘'"
_QUOTES_CLOSE = "\"”“»’'"
_LANG_MARK = re.compile(
    r"[(\[]\s*(?:(?:in|In|IN)\s+(?P<name>[A-Za-z]+)|به\s+(?:زبان\s+)?(?P<fa>[\u0600-\u06ff]+))"
    r"\s*[)\]]\.?")
_ACCESS = re.compile(
    r"(?:Available\s+(?:at|from|online)\s*:?|Retrieved\s+from\s*:?|URL\s*:)"
    r"(?P<url>[^()]*?)\s*(?:\(\s*(?P<acc>(?:accessed|retrieved|viewed|last\s+accessed)[^)]*)\)\.?|$)",
    re.I)
_ACCESS_ONLY = re.compile(r"\(\s*(?P<acc>(?:accessed|retrieved|viewed)\s[^)]*)\)\.?", re.I)
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+")

_PAGES = rf"{D}+(?:\s*[-–—ـ]\s*{D}+)?"
# Volume/issue/pages at the end of a journal venue, most specific first.
_VOLUME_PATTERNS = [
    # "سال ۸، شماره ۳۰، ص ۶۷-۱۰۰", "دوره ۸، ش ۳۰: ۶۷-۱۰۰"
    re.compile(rf"(?:سال|دوره|جلد|ج\.?)\s*(?P<vol>{D}+)\s*(?:[،,]\s*(?:شماره|ش\.?)\s*(?P<iss>{D}+))?"
               rf"(?:\s*[،,:]\s*(?:صص?\.?|صفحات|صفحه)?\s*(?P<pages>{_PAGES}))?\s*\.?\s*$"),
    # "vol. 8, no. 30, pp. 67-100"
    re.compile(rf"vol\.?\s*(?P<vol>{D}+)\s*(?:[,،]\s*(?:no|issue)\.?\s*(?P<iss>{D}+))?"
               rf"(?:\s*[,:]\s*(?:pp?\.\s*)?(?P<pages>{_PAGES}))?\s*\.?\s*$", re.I),
    # "8, 30: 67-100", "19, 82: 2013, 53-80", "10: 121-149", "8(30): 67-100", "8 (30), 67-100"
    re.compile(rf"(?P<vol>{D}+)\s*(?:[,،]\s*(?:no\.\s*)?(?P<iss>{D}+)|\(\s*(?P<iss2>[^()]{{1,20}})\))?"
               rf"\s*[:,،]\s*(?:{D}{{4}}\s*[,،]\s*)?(?:pp?\.\s*)?(?P<pages>{_PAGES})\s*\.?\s*$"),
]
_CHAPTER = re.compile(r"^(?:in|In|IN|در)\s*:?\s+(?P<body>.+)$", re.S)
_EDITOR_MARK = re.compile(
    r"[,،]?\s*\(?(?:eds?\.|editors?|ویراستار(?:ان)?|ویراسته|به\s+کوشش)\)?\s*[,،.]?\s*")
_EDITED_BY = re.compile(r"[,،]?\s*(?:edited\s+by|ed\.\s+by)\s+", re.I)
_PLACE_PUB = re.compile(r"^(?P<place>[^:.;،]{2,80}?)\s*:\s*(?P<pub>[^:]+?)[.\s]*$")

_CORPORATE_WORDS = re.compile(
    r"\b(?:institute|institution|university|ministry|cent(?:er|re)|organi[sz]ation|council|"
    r"agency|department|office|committee|foundation|association|society|bank|service|bureau|"
    r"commission|group|government|press|library|academy|school|company|corporation|"
    r"nations|union)\b|سازمان|وزارت|دانشگاه|مرکز|پژوهشگاه|مؤسسه|موسسه|انجمن|بنیاد|شورای|"
    r"فرهنگستان|کتابخانه|انتشارات", re.I)
_INITIAL = r"[A-ZÀ-ÞĀ-ŽḀ-Ỹ]\.?(?:-[A-ZÀ-ÞĀ-ŽḀ-Ỹ]\.?)?"
_GIVEN_TOKEN = re.compile(rf"^(?:{_INITIAL}|[A-ZÀ-ÞĀ-ŽḀ-Ỹ][a-zß-ÿā-žḁ-ỹ'’ʹ-]+)$")
_INITIALS_FIRST = re.compile(rf"^(?P<given>(?:{_INITIAL}\s*)+)\s+(?P<family>[^\s.].*)$")
_ETAL = re.compile(r"[,،]?\s*(?:et\s*al\.?|و\s+(?:دیگران|همکاران))\s*$")


class NotACitation(ValueError):
    """A text record that has no recognizable citation structure."""


# ---------------------------------------------------------------------------------------------
# Records

_TERMINAL = (".", ")", "]", "»")


def _starts_reference(line: str) -> bool:
    head = line.strip()[:220]
    m = _YEAR_PAREN.search(head)
    if m and m.start() > 0 and not any(q in head[:m.start()] for q in "\"“”«»:"):
        return True
    m = _YEAR_BARE.search(head)
    return bool(m and not any(q in head[:m.start()] for q in "\"“”«»:"))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def split_records(text: str) -> list[tuple[int, str]]:
    """``(first line number, record text)`` for each reference in a citation list."""
    lines = text.split("\n")
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)

    # Paragraph layout: blank lines separate references and the lines inside a paragraph are
    # wrapped text, so most continuation lines do not look like the start of a reference.
    multi = [b for b in blocks if len(b) > 1]
    if len(blocks) > 1 and multi:
        starts = sum(_starts_reference(line) for b in multi for _, line in b[1:])
        continuations = sum(len(b) - 1 for b in multi)
        if starts <= continuations * 0.2:
            return [(b[0][0], " ".join(line.strip() for _, line in b)) for b in blocks]

    records: list[tuple[int, list[str], bool, int]] = []  # first line, lines, is-ref, indent
    for block in blocks:
        open_record = False
        for number, line in block:
            is_start = _starts_reference(line)
            if open_record:
                _, parts, was_ref, indent = records[-1]
                hanging = _indent(line) > indent
                unfinished = not parts[-1].rstrip().endswith(_TERMINAL)
                if was_ref and (hanging or (not is_start and unfinished)):
                    parts.append(line.strip())
                    continue
            records.append((number, [line.strip()], is_start, _indent(line)))
            open_record = True
    return [(number, " ".join(parts)) for number, parts, _, _ in records]


# ---------------------------------------------------------------------------------------------
# Names

def _strip_sentence_period(s: str) -> str:
    s = s.strip().rstrip(",;،؛ ")
    # A final period ends the sentence unless it ends an initial ("Amiri, M.").
    if s.endswith(".") and not re.search(r"(?:^|[\s.,\-])\w\.$", s):
        s = s[:-1].rstrip()
    return s


def _given_like(seg: str) -> bool:
    tokens = seg.split()
    return 0 < len(tokens) <= 3 and all(_GIVEN_TOKEN.match(t) for t in tokens)


def _given_like_list(s: str) -> bool:
    """"Press, A. and B. Bank": names that merely contain an institution word."""
    segs = [x.strip() for x in re.split(r"[,،]|\s(?:and|&)\s", s) if x.strip()]
    return len(segs) > 1 and all(
        _given_like(x) or _INITIALS_FIRST.match(x) or len(x.split()) <= 2 for x in segs) and \
        any(re.fullmatch(_INITIAL, t) for x in segs for t in x.split())


def _given_first_to_family_first(name: str) -> str:
    m = _INITIALS_FIRST.match(name)
    if m and "," not in name:
        return f"{m.group('family').strip()}, {m.group('given').strip()}"
    return name


def parse_names(text: str) -> list[str]:
    """Split an author or editor list into names written "Family, Given" (as written otherwise)."""
    s = _strip_sentence_period(_ETAL.sub("", _strip_sentence_period(text)))
    if not s:
        return []
    first = re.split(r"[,،]|\s(?:and|&|و)\s", s, maxsplit=1)[0]
    if _CORPORATE_WORDS.search(s) and not _given_like_list(s) or len(first.split()) > 4:
        return [s]
    if arabic_share(s) > 0.5:
        names: list[str] = []
        for chunk in re.split(r"\s+و\s+|[;؛]", s):
            segs = [x.strip() for x in re.split(r"[،,]", chunk) if x.strip()]
            if len(segs) > 2 and len(segs) % 2 == 0:
                names.extend(f"{segs[i]}، {segs[i + 1]}" for i in range(0, len(segs), 2))
            elif chunk.strip():
                names.append(chunk.strip(" ،,"))
        return names
    names = []
    for chunk in re.split(r"[,،]?\s+(?:and|&)\s+|\s*[;؛]\s*", s):
        segs = [x.strip() for x in chunk.split(",") if x.strip()]
        i = 0
        while i < len(segs):
            pair = (i + 1 < len(segs) and _given_like(segs[i + 1])
                    and not _INITIALS_FIRST.match(segs[i]))
            if pair:
                names.append(f"{segs[i]}, {segs[i + 1]}")
                i += 2
            else:
                names.append(_given_first_to_family_first(segs[i]))
                i += 1
    return names


# ---------------------------------------------------------------------------------------------
# Titles

def _closing_paren_group(text: str) -> tuple[int, int] | None:
    """Span of the balanced (...) or [...] group that ends ``text`` (nested groups allowed)."""
    if not text.endswith((")", "]")):
        return None
    close = text[-1]
    open_ = "(" if close == ")" else "["
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch == close:
            depth += 1
        elif ch == open_:
            depth -= 1
            if depth == 0:
                return i, len(text)
    return None


def _is_acronym(inner: str) -> bool:
    """"(JCPOA)", "(CEIP)", "(2011)": a group that abbreviates or dates rather than translates."""
    return not inner or bool(re.fullmatch(r"[\W\d_A-Z]+", inner))


def _romanized(text: str) -> bool:
    """Latin text with transliteration marks (ā ī ū ʹ ‘ ...): a romanized non-English title."""
    return any(ord(ch) > 0x7f and (ch.isalpha() or ch in "ʹʻʼ‘’") for ch in text) and \
        arabic_share(text) < 0.5


def split_translation(text: str, language: str) -> tuple[str, str]:
    """``"Siyāsat-e ... (The European Politics ...)"`` -> original and English translation.

    Only for records not in English (or romanized ones), only when the group is not an acronym
    or date like "(JCPOA)", "(CEIP)", "(2011)", and never for a Persian-script group such as
    "(برجام)", which belongs to the title. An unclosed final "(" (a typo in the source) still
    separates the translation.
    """
    text = text.strip()
    span = _closing_paren_group(text)
    if span:
        main, inner = text[:span[0]].rstrip(" ,،"), text[span[0] + 1:-1].strip()
    else:
        cut = text.rfind("(")
        if cut <= 0 or ")" in text[cut:]:
            return text, ""
        main, inner = text[:cut].rstrip(" ,،"), text[cut + 1:].strip()
    if not main or _is_acronym(inner):
        return text, ""
    if language != "en" or _romanized(main) or has_arabic_script(main):
        if has_arabic_script(inner):
            return text, ""        # a Persian aside such as "(برجام)", not an English title
        return main, inner
    return text, ""


def _find_quoted_end(rest: str, opener: str) -> int | None:
    """Index of the quote that closes a title opened with ``opener`` (``rest`` starts after it)."""
    if opener == "«":
        depth = 0
        for i, ch in enumerate(rest):
            if ch == "«":
                depth += 1
            elif ch == "»":
                if depth == 0:
                    return i
                depth -= 1
    candidates = [i for i, ch in enumerate(rest) if ch in _QUOTES_CLOSE]
    # Prefer a quote that Chicago punctuation sits against (,” ?”) or that a separator follows.
    for i in candidates:
        before = rest[i - 1] if i else ""
        after = rest[i + 1] if i + 1 < len(rest) else ""
        if i and (before in ",.?!;،" or after in ",.;،" or after == ""):
            return i
    for i in candidates:
        after = rest[i + 1] if i + 1 < len(rest) else ""
        if i and (after == "" or after.isspace()) and rest[i - 1] not in " ":
            return i
    return None


_ABBREV = re.compile(r"(?:^|[\s(])(?:[A-Za-z]|ed|eds|vol|no|nos|pp|St|Dr|Mr|Mrs|Jr|Inc|Co|vs|"
                     r"etc|[A-Z]\.[A-Z])$")


def _sentence_end(text: str, parens: bool = True) -> int:
    """Index of the first sentence-ending period (or Persian comma) outside parentheses
    (anywhere, with ``parens=False``)."""
    depth = 0
    for i, ch in enumerate(text):
        if parens and ch in "([":
            depth += 1
        elif parens and ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ".،" and (i + 1 == len(text) or text[i + 1].isspace()):
            if ch == "." and _ABBREV.search(text[max(0, i - 10):i]):
                continue
            return i
    return -1


def _split_title(rest: str) -> tuple[str, str, bool]:
    """``(title, text after it, was_quoted)``."""
    i = 0
    while i < len(rest) and rest[i] in _QUOTES_OPEN:
        i += 1
    if i:
        opener = rest[i - 1]
        body = rest[i:]
        end = _find_quoted_end(body, opener)
        if end is not None:
            return body[:end], body[end + 1:], True
        # No closing quote: the title runs to the translation group's end or to the sentence end.
        m = re.search(r"\)\s*[,،]", body)
        stop = _sentence_end(body)
        if stop < 0:
            stop = _sentence_end(body, parens=False)
        if m and (stop < 0 or m.start() < stop):
            return body[:m.start() + 1], body[m.end():], True
        if stop >= 0:
            return body[:stop], body[stop + 1:], True
        return body, "", True
    stop = _sentence_end(rest)
    if stop >= 0:
        return rest[:stop], rest[stop + 1:], False
    return rest, "", False


# ---------------------------------------------------------------------------------------------
# Venue

def _tidy(s: str) -> str:
    """Separators and a sentence-final period off both ends (an initial's period stays)."""
    s = s.strip().strip(" ,;:،؛").strip()
    if s.endswith(".") and not s.endswith("..") and not _ABBREV.search(s[-11:-1]):
        s = s[:-1].rstrip(" ,;:،؛")
    return s


def _take_place_publisher(ref: Reference, text: str) -> str:
    """Fill place/publisher from a trailing "Place: Publisher." and return what precedes it."""
    text = _tidy(text)
    if not text:
        return ""
    stop = _sentence_end(text)
    head, tail = (text[:stop], text[stop + 1:]) if stop >= 0 else ("", text)
    m = _PLACE_PUB.match(_tidy(tail))
    if m and not re.search(rf"{D}\s*[-–]\s*{D}", m.group("pub")):
        ref.place = _tidy(m.group("place"))
        ref.publisher = _tidy(m.group("pub")).rstrip(".")
        return _tidy(head)
    if not head and (m := _PLACE_PUB.match(text)):
        ref.place = _tidy(m.group("place"))
        ref.publisher = _tidy(m.group("pub")).rstrip(".")
        return ""
    return text


def _parse_chapter(ref: Reference, body: str) -> None:
    ref.type = "chapter"
    body = _tidy(body)
    m = _EDITED_BY.search(body)
    if m:
        # "In Book Title, edited by A. Editor, 12-30. Place: Publisher."
        ref.container = _tidy(body[:m.start()])
        rest = body[m.end():]
        pages = re.search(rf"[,،]\s*(?:pp?\.\s*)?(?P<pages>{_PAGES})\s*\.", rest)
        stop = pages.start() if pages else _sentence_end(rest)
        eds, rest = (rest[:stop], rest[stop:]) if stop >= 0 else (rest, "")
        if pages:
            ref.pages = pages.group("pages")
            rest = rest[pages.end() - pages.start():]
        ref.editors = parse_names(eds)
        _take_place_publisher(ref, rest)
        return
    m = _EDITOR_MARK.search(body)
    if m and m.start() > 0:
        # "in H. Asgarian, ed. Iran-Russia Relations Prospects. Tehran: TISRI."
        ref.editors = parse_names(body[:m.start()])
        body = body[m.end():]
    remaining = _take_place_publisher(ref, body)
    pages = re.search(rf"[,،]\s*(?:pp?\.\s*)?(?P<pages>{_PAGES})\s*$", remaining)
    if pages:
        ref.pages = pages.group("pages")
        remaining = remaining[:pages.start()]
    ref.container = _tidy(remaining)


def _parse_venue(ref: Reference, text: str) -> None:
    text = _tidy(text.lstrip("".join(set(_QUOTES_CLOSE)) + " ."))
    if not text:
        return
    m = _CHAPTER.match(text)
    if m:
        _parse_chapter(ref, m.group("body"))
        return
    for pattern in _VOLUME_PATTERNS:
        m = pattern.search(text)
        if m and m.start() > 0:
            ref.volume = m.group("vol") or ""
            ref.issue = (m.groupdict().get("iss") or m.groupdict().get("iss2") or "").strip()
            ref.pages = (m.group("pages") or "").replace(" ", "")
            ref.container = _tidy(text[:m.start()])
            return
    ref.container = _take_place_publisher(ref, text)


# ---------------------------------------------------------------------------------------------
# One citation

MAX_CITATION = 5000


def parse_citation(record: str) -> Reference:
    """Parse one citation into a Reference (``origin``/``source``/``id`` are left to the caller)."""
    s = clean_field(record)
    if len(s) > MAX_CITATION:
        raise NotACitation(f"not a citation: {len(s)} characters long (at most {MAX_CITATION})")
    m = _YEAR_PAREN.search(s)
    if m and m.start() > 0 and not any(q in s[:m.start()] for q in "\"“”«»"):
        authors_text, rest = s[:m.start()], s[m.end():]
    else:
        m = _YEAR_BARE.search(s)
        if not m or any(q in s[:m.start()] for q in "\"“”«»"):
            raise NotACitation("not a citation: no (year) after the author names")
        authors_text, rest = s[:m.start()], s[m.end():]
    ref = Reference()
    ref.authors = parse_names(authors_text)
    if not ref.authors:
        raise NotACitation("not a citation: no author before the year")
    ref.year = m.group("year")
    season = m.groupdict().get("season")
    ref.season = _tidy(season) if season else ""

    rest = rest.strip().lstrip(".:,، ").strip()
    # The language marker and the web address come last; take them off before reading the rest.
    language = ""
    for lm in reversed(list(_LANG_MARK.finditer(rest))):
        name = (lm.group("name") or lm.group("fa") or "").lower()
        if name in _LANGUAGES:
            language = _LANGUAGES[name]
            rest = rest[:lm.start()] + rest[lm.end():]
            break
    am = _ACCESS.search(rest)
    if am:
        ref.url = am.group("url").strip(" ,.;:")
        if am.group("acc"):
            ref.note = am.group("acc").strip()
        rest = rest[:am.start()]
    else:
        acc = _ACCESS_ONLY.search(rest)
        if acc:
            ref.note = acc.group("acc").strip()
            rest = rest[:acc.start()]
        url = _BARE_URL.search(rest)
        if url:
            ref.url = url.group(0).rstrip(".,;)")
            rest = rest[:url.start()]
    rest = rest.strip()

    title, after, quoted = _split_title(rest)
    title = title.strip().rstrip(",;،").strip()
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1].rstrip()
    if not title:
        raise NotACitation("not a citation: no title after the year")
    if not language:
        # Judge the script by the title without its final (translation) group.
        span = _closing_paren_group(title)
        language = "fa" if arabic_share(title[:span[0]] if span else title) > 0.5 else "en"
    ref.language = language
    ref.title, ref.title_en = split_translation(title, language)

    _parse_venue(ref, after)
    if ref.container:
        ref.container, ref.container_en = split_translation(ref.container, language)

    if ref.type != "chapter":
        if ref.container:
            ref.type = "article"
        elif ref.publisher:
            ref.type = "book"
        elif ref.url or ref.note.lower().startswith(("accessed", "retrieved", "viewed")):
            ref.type = "webpage"
        else:
            ref.type = "article" if quoted else "book"
    return ref


# A line of parallel forms that ``peyvand enrich`` writes under a reference of a citation list:
# indented, one ``[field: value]`` group per form (names separated by "; ").
FORMS_LINE = re.compile(r"^[ \t]+(?:\[[a-z_]+: [^\]\n]*\][ \t]*)+$")
_FORM = re.compile(r"\[([a-z_]+): ([^\]\n]*)\]")
FORM_FIELDS = {"title_fa", "title_latin", "authors_fa", "authors_latin", "editors_fa",
               "editors_latin", "container_fa", "container_latin", "place_fa", "place_latin",
               "publisher_fa", "publisher_latin"}


def forms_line(added: list[tuple[str, str | list[str]]]) -> str:
    """The line of parallel forms for a reference (see :data:`FORMS_LINE`)."""
    parts = []
    for name, value in added:
        text = "; ".join(value) if isinstance(value, list) else value
        parts.append(f"[{name}: {text.replace(']', ')')}]")
    return "    " + " ".join(parts)


def _take_forms(text: str) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """Blank out the forms lines (keeping line numbers) and return what they held."""
    if "[" not in text:
        return text, []
    lines = text.split("\n")
    found = []
    for k, line in enumerate(lines):
        if line[:1] in " \t" and FORMS_LINE.match(line):
            forms = {n: v for n, v in _FORM.findall(line) if n in FORM_FIELDS}
            if forms:
                found.append((k + 1, forms))
                lines[k] = ""
    return "\n".join(lines), found


def read_citations(text: str, origin: str) -> ReadResult:
    """Read a citation list (see the module docstring for the accepted shapes)."""
    result = ReadResult([], [], "text")
    seen: dict[str, str] = {}
    text, forms = _take_forms(text)
    records = split_records(text)
    starts = [number for number, _ in records]
    attached: dict[int, dict[str, str]] = {}
    for line, values in forms:
        k = bisect.bisect_right(starts, line) - 1
        if k >= 0:
            attached.setdefault(starts[k], {}).update(values)
    for number, record in records:
        where = f"{origin}:{number}"
        try:
            ref = parse_citation(record)
        except NotACitation as exc:
            result.skipped.append(Skip(where, str(exc)))
            continue
        for name, value in attached.get(number, {}).items():
            current = getattr(ref, name)
            if isinstance(current, list):
                setattr(ref, name, [v.strip() for v in value.split(";") if v.strip()])
            else:
                setattr(ref, name, value.strip())
        ref.origin = where
        ref.source = {"record": record}
        finish(ref, result, seen)
    return result
