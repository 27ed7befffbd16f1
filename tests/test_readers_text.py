"""Citation-list text reader: the seed's 21 references field by field, Persian-script lines,
wrapped paragraphs, junk lines."""
from __future__ import annotations

import re

from pathlib import Path

import pytest

from index.readers import read_path, read_text
from index.readers.text import parse_citation, parse_names, split_translation

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "references.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"

ASGARIAN_BOOK = "Iran-Russia Relations Prospects"

# (line, type, authors, year, season, title, title_en, container, container_en, language)
SEED_TABLE = [
    (1, "article", ["Amiri, M."], "2010", "Autumn",
     "Arzyābi-ye rahnāmeh-ye jadid-e rosiyeh", "Evaluating the Russian New Military Doctrine",
     "Faslnāmeh-ye rāhbord-e defā‘e", "Defense Strategy", "fa"),
    (2, "chapter", ["Amiri, M."], "2015", "",
     "Hamkāriʹhā-ye Īrānva rosiyeh dar hoze-ye nezāmī va defā‘e: tarsim-e chashmandāz-e pisheʹro",
     "Iran-Russia Cooperation in the Military and Defense Sphere: The Future Prospects",
     ASGARIAN_BOOK, "", "fa"),
    (3, "chapter", ["Asgarian, H."], "2015", "",
     "Chashmandāz-e rāvābet-e Īrān va rosiyeh", "The Prospect of Iran-Russia Relations",
     ASGARIAN_BOOK, "", "fa"),
    (4, "chapter", ["Atrisangari, F."], "2015", "",
     "Naghshe bazigar-e jahānī- āmricā, etehādī-ye oropā va rejim-e sahunistī dar rāvābet-e Īrān "
     "va rosiyeh",
     "The Role of the United States, the European Union and Israel in Iran-Russia Relations",
     ASGARIAN_BOOK, "", "fa"),
    (5, "article", ["Bobkin, N."], "2015", "",
     "Iran in the New Geopolitical Coordinates: A Choice in Favor of Russia", "",
     "The Foundation of Strategic Culture", "", "ru"),
    (6, "article", ["Bodner, M."], "2015", "",
     "Mistrust Dogs Russian-Iran Arms Talks as Shoigu Heads for Tehran", "",
     "Moscow Times", "", "en"),
    (7, "book", ["Buzan, B."], "1998", "", "Security: A New Framework for Analysis", "", "", "",
     "en"),
    (8, "article", ["Buzan, B."], "2000", "", "Copenhagen School in the Security Studies", "",
     "Strategic Studies", "", "en"),
    (9, "article", ["Hollinger, P."], "2015", "November 9",
     "Russian Breaks Deadlock over Sale of S-300 Missile System to Iran", "",
     "The Financial Times", "", "en"),
    (10, "article", ["Kassianova, A."], "2006", "", "Russian Weapons Sales to Iran", "",
     "PONARS Policy Memo", "", "en"),
    (11, "webpage", ["Katzman, K."], "2016", "", "Iran Sanctions", "", "", "", "en"),
    (12, "article", ["Kozhanov, N."], "2015", "", "Are the Russians and Iranians Friends?", "",
     "Fair Observer", "", "en"),
    (13, "chapter", ["Kouzegar Kaleji, V."], "2015", "",
     "Arseʹhā-ye hāmkārī-ye Īrān va rosiyeh dar chārchob-e negarānīʹhā-ye moshtarek dar "
     "āsiyā-ye markazī va ghafghāz-e jonobī",
     "The Areas of Cooperation between Iran and Russia in the Framework of Common Concerns in "
     "the Central Asia and South Caucasus", ASGARIAN_BOOK, "", "fa"),
    (14, "article", ["Majidi, M.", "Samoudi, A."], "2014", "Summer",
     "Talāshʹhā-ye rejim-e sahunistī barā-ye barnāmeh-e hasteʹi-ye Īrān be onvān-e yek "
     "tahdid-e amniyātī",
     "Attempts by Israel to Portray the Nuclear Program of Iran as a Threat to Security",
     "Faslnāmeh-ye pajhoheshʹhā-ye enghelāb-e eslāmī", "Islamic Revolution Research", "fa"),
    (15, "article", ["Omidi, A.", "Moradifar, S."], "2014", "",
     "Securitization of Iran’s Nuclear Program, 2003-2013", "", "World Politics", "", "en"),
    (16, "article", ["Rostami, F.", "Naderi, M."], "2016", "Summer",
     "Barjām, parvandeh-ye atomī va bastarʹhā-ye amniyātīʹsāzī va ghi’re amniyatīʹsāzi",
     "Joint Comprehensive Plan of Action (JCPOA) the Iranian Nuclear Dossier and the "
     "Non-Securitization Context of Securitization",
     "Faslnāmeh-ye tahghighāt-e siyāsī baynolmelalī-e daneshgāh-e āzād-e eslāmī",
     "Islamic Azad University Quarterly", "fa"),
    (17, "book", ["Samoudi, A."], "2017", "",
     "Siyāsat-e oropāee va barnāmeh-e hastei-ye erān",
     "The European Politics and Iran's Nuclear Program", "", "", "fa"),
    (18, "webpage",
     ["Spanish Institute for Strategic Studies (IEEE), The Ministry of Defense of Spain"],
     "2015", "December 31", "The Russian Federation's National Security Strategy", "", "", "",
     "en"),
    (19, "article", ["Stuster, D."], "2015", "",
     "Russia, Iran, Iraq and Syria to Share Intelligence on Islamic State", "", "Foreign Policy",
     "", "en"),
    (20, "article", ["Trenin, D."], "2010", "",
     "Russia's Policy in the Middle East: Prospects for Consensus and Conflict with the United "
     "States", "", "Carnegie Endowment for International Peace (CEIP)", "", "en"),
    (21, "article", ["Zargar, A."], "2013", "Summer",
     "Mavāze-ye rosiyeh da ghebāl-e tahavolāt-e soriyeh",
     "Russia's Standpoints towards Syrian Crisis 2011-2013",
     "Faslnāmeh-ye āsiyā-yemarkazī va ghafghāz", "Central Asia and the Caucasus Studies", "fa"),
]

# (line, volume, issue, pages)
SEED_NUMBERS = [(1, "8", "30", "67-100"), (8, "3", "3", "9-15"), (14, "3", "10", "191-214"),
                (15, "10", "", "121-149"), (16, "8", "27", "187-218"), (21, "19", "82", "53-80")]


@pytest.fixture(scope="module")
def seed():
    result = read_path(SEED)
    return {int(r.origin.rsplit(":", 1)[1]): r for r in result.references}, result


def test_seed_reads_all_21_without_skips(seed):
    by_line, result = seed
    assert result.format == "text"
    assert result.skipped == []
    assert sorted(by_line) == list(range(1, 22))


@pytest.mark.parametrize("row", SEED_TABLE, ids=[f"line{r[0]}" for r in SEED_TABLE])
def test_seed_reference_fields(seed, row):
    line, rtype, authors, year, season, title, title_en, container, container_en, lang = row
    ref = seed[0][line]
    got = (ref.type, ref.authors, ref.year, ref.season, ref.title, ref.title_en, ref.container,
           ref.container_en, ref.language)
    assert got == (rtype, authors, year, season, title, title_en, container, container_en, lang)


@pytest.mark.parametrize("line,volume,issue,pages", SEED_NUMBERS)
def test_seed_volume_issue_pages(seed, line, volume, issue, pages):
    ref = seed[0][line]
    assert (ref.volume, ref.issue, ref.pages) == (volume, issue, pages)


def test_seed_chapters_have_editor_and_publisher(seed):
    for line in (2, 3, 4, 13):
        ref = seed[0][line]
        assert (ref.editors, ref.place, ref.publisher) == (["Asgarian, H."], "Tehran", "TISRI")


def test_seed_books_place_publisher(seed):
    assert (seed[0][7].place, seed[0][7].publisher) == ("Boulder, CO", "Lynne Rienner")
    assert (seed[0][17].place, seed[0][17].publisher) == ("Qom", "Mofid University Press")


def test_seed_urls_and_access_notes(seed):
    by_line = seed[0]
    assert by_line[5].url == ("2015/11/12/iran-v-novyh-geopoliticheskih-koordinatah-vybor-v-"
                              "polzu-rossii-36709.html")
    assert by_line[5].note == "accessed 10 October 2017"
    assert by_line[6].url == "" and by_line[6].note == "accessed 11 October 2017"
    assert by_line[11].url == "RS20871.pdf"
    assert by_line[10].note == "accessed 8 July 2017"


def test_seed_ids_stable_and_distinct(seed):
    by_line, _ = seed
    again = read_path(SEED)
    ids = [by_line[n].id for n in sorted(by_line)]
    assert ids == [r.id for r in again.references]
    assert len(set(ids)) == 21
    # no keys in a citation list: family name + year, as the evaluator's own names for them
    assert ids[:4] == ["amiri2010", "amiri2015", "asgarian2015", "atrisangari2015"]
    assert all(re.fullmatch(r"[a-z]+\d{4}[a-z]?", i) for i in ids)


def test_seed_origin_and_source(seed):
    ref = seed[0][7]
    assert ref.origin == f"{SEED}:7"
    assert ref.source["record"] == SEED.read_text(encoding="utf-8").split("\n")[6].strip()


PERSIAN = [
    # line, type, authors, year, season, title, container, volume, issue, pages, place, publisher
    (3, "book", ["کاظم‌زاده، فیروز"], "۱۳۷۱", "", "روس و انگلیس در ایران", "", "", "", "",
     "تهران", "انتشارات انقلاب اسلامی"),
    (4, "article", ["امیری، مهدی"], "۱۳۸۹", "پاییز", "ارزیابی رهنامه جدید نظامی روسیه",
     "فصلنامه راهبرد دفاعی", "۸", "۳۰", "۶۷-۱۰۰", "", ""),
    (5, "article", ["مجیدی، محمدرضا", "صمودی، علی"], "۱۳۹۳", "تابستان",
     "تلاش‌های رژیم صهیونیستی برای امنیتی‌سازی برنامه هسته‌ای ایران",
     "فصلنامه پژوهش‌های انقلاب اسلامی", "۳", "۱۰", "۱۹۱-۲۱۴", "", ""),
    (6, "chapter", ["عسگریان، حسین"], "۱۳۹۴", "", "چشم‌انداز روابط ایران و روسیه",
     "چشم‌انداز روابط ایران و روسیه", "", "", "", "تهران", "مؤسسه ابرار معاصر"),
    (7, "book", ["صمودی، علی"], "۱۳۹۶", "", "سیاست اروپایی و برنامه هسته‌ای ایران", "", "", "",
     "", "قم", "انتشارات دانشگاه مفید"),
    (8, "book", ["وزارت امور خارجه"], "۱۳۹۴", "", "متن کامل برنامه جامع اقدام مشترک (برجام)",
     "", "", "", "", "تهران", "دفتر مطالعات سیاسی و بین‌المللی"),
]


def test_persian_script_citations():
    result = read_path(FIXTURES / "persian.txt")
    by_line = {int(r.origin.rsplit(":", 1)[1]): r for r in result.references}
    assert [s.origin.rsplit(":", 1)[1] for s in result.skipped] == ["1"]   # the heading
    for line, rtype, authors, year, season, title, container, vol, iss, pages, place, pub \
            in PERSIAN:
        r = by_line[line]
        assert (r.type, r.authors, r.year, r.season, r.title, r.container, r.volume, r.issue,
                r.pages, r.place, r.publisher, r.language) == \
            (rtype, authors, year, season, title, container, vol, iss, pages, place, pub, "fa")
    assert by_line[6].editors == ["حسین عسگریان"]


def test_wrapped_paragraphs_join_lines():
    result = read_path(FIXTURES / "wrapped.txt")
    assert result.skipped == []
    amiri, buzan, trenin = result.references
    assert amiri.origin.endswith(":1") and buzan.origin.endswith(":5")
    assert amiri.title_en == "Evaluating the Russian New Military Doctrine"
    assert (amiri.volume, amiri.issue, amiri.pages, amiri.language) == ("8", "30", "67-100", "fa")
    assert buzan.authors == ["Buzan, B.", "Wæver, O.", "de Wilde, J."]
    assert buzan.title == "Security: A New Framework for Analysis"
    assert trenin.url == "https://carnegie.ru/2010/04/russia-middle-east"
    assert trenin.note == "accessed 4 April 2018"
    assert trenin.container == "Carnegie Endowment for International Peace (CEIP)"


def test_hanging_indent_without_blank_lines():
    text = ("Amiri, M. (2010, Autumn) “Arzyābi-ye rahnāmeh-ye jadid-e rosiyeh (Evaluating the\n"
            "    Russian New Military Doctrine),” Faslnāmeh-ye rāhbord-e defā‘e (Defense\n"
            "    Strategy) 8, 30: 67-100. (In Persian)\n"
            "Buzan, B. (2000) \"Copenhagen School in the Security Studies,” Strategic Studies 3,"
            " 3: 9-15.\n")
    refs = read_text(text, "text").references
    assert len(refs) == 2
    assert refs[0].container_en == "Defense Strategy" and refs[0].language == "fa"
    assert refs[1].origin == "<text>:4"


def test_junk_lines_become_skips_and_other_shapes_parse():
    result = read_path(FIXTURES / "mixed.txt")
    assert [(s.origin.rsplit(":", 1)[1], s.reason.startswith("not a citation"))
            for s in result.skipped] == [("1", True), ("3", True)]
    by = {r.authors[0]: r for r in result.references}
    kat = by["Katouzian, H."]          # "Author. 1991. Title." without parentheses
    assert (kat.year, kat.type, kat.place, kat.publisher) == ("1991", "book", "London",
                                                              "I.B. Tauris")
    kaz = by["Kazemzadeh, F."]
    assert kaz.title == "Russia and Britain in Persia, 1864-1914: A Study in Imperialism"
    ansari = by["Ansari, A."]          # closing quote written as an opening one
    assert ansari.title == "Iran's Eastern Question: Russia and the Islamic Republic"
    assert (ansari.container, ansari.volume, ansari.issue, ansari.pages) == ("Survival", "61",
                                                                             "4", "7-24")
    ahmadi = by["Ahmadi, H."]          # no closing quote and no closing parenthesis
    assert ahmadi.title == "Jāme‘eh-shenāsi-ye siyāsi-ye qowmiyat dar Īrān"
    assert ahmadi.title_en == "The Political Sociology of Ethnicity in Iran"
    assert (ahmadi.place, ahmadi.publisher, ahmadi.language) == ("Tehran", "Nashr-e Ney", "fa")
    apa = by["Smith, J."]
    assert apa.authors == ["Smith, J.", "Jones, K."]
    assert (apa.title, apa.container, apa.volume, apa.issue, apa.pages) == (
        "Persian Poetry in Translation", "Journal of Iranian Studies", "12", "3", "45-67")


def test_duplicate_lines_are_reported_once():
    line = 'Buzan, B. (2000) "Copenhagen School in the Security Studies,” Strategic Studies 3, 3: 9-15.'
    result = read_text(line + "\n" + line + "\n", "text", "dup.txt")
    assert len(result.references) == 1
    assert result.skipped[0].origin == "dup.txt:2"
    assert "duplicate of dup.txt:1" in result.skipped[0].reason


@pytest.mark.parametrize("text,expected", [
    ("Amiri, M.", ["Amiri, M."]),
    ("Majidi, M. and A. Samoudi.", ["Majidi, M.", "Samoudi, A."]),
    ("Buzan, B., et al.", ["Buzan, B."]),
    ("Buzan, B., Wæver, O., & de Wilde, J.", ["Buzan, B.", "Wæver, O.", "de Wilde, J."]),
    ("Ministry of Science and Technology", ["Ministry of Science and Technology"]),
    ("کاظم‌زاده، فیروز و احمدی، علی", ["کاظم‌زاده، فیروز", "احمدی، علی"]),
    ("رضایی، حسن و همکاران", ["رضایی، حسن"]),
])
def test_parse_names(text, expected):
    assert parse_names(text) == expected


@pytest.mark.parametrize("title,lang,expected", [
    ("Siyāsat-e erān (Iran's Politics)", "fa", ("Siyāsat-e erān", "Iran's Politics")),
    ("Barjām (Joint Plan (JCPOA) and More)", "fa", ("Barjām", "Joint Plan (JCPOA) and More")),
    ("Russian Weapons (Part Two)", "en", ("Russian Weapons (Part Two)", "")),
    ("Carnegie Endowment (CEIP)", "en", ("Carnegie Endowment (CEIP)", "")),
    ("Mavāze-ye rosiyeh (JCPOA)", "fa", ("Mavāze-ye rosiyeh (JCPOA)", "")),
    ("Faslnāmeh-ye ghafghāz (Central Asia Studies", "fa", ("Faslnāmeh-ye ghafghāz",
                                                           "Central Asia Studies")),
])
def test_split_translation(title, lang, expected):
    assert split_translation(title, lang) == expected


def test_guillemets_and_broken_quote_mix():
    ref = parse_citation('Amiri, M. (2015) "“Hamkāri (Cooperation),” in H. Asgarian, ed. '
                         'Prospects. Tehran: TISRI. (In Persian)')
    assert (ref.title, ref.title_en, ref.type, ref.container) == ("Hamkāri", "Cooperation",
                                                                  "chapter", "Prospects")
    ref = parse_citation("Amiri, M. (2015) «Hamkāri-ye Īrān va rosiyeh (Iran-Russia Cooperation)», "
                         "Faslnāmeh-ye siyāsat 3, 2: 1-20. (In Persian)")
    assert (ref.title, ref.title_en, ref.container, ref.pages) == (
        "Hamkāri-ye Īrān va rosiyeh", "Iran-Russia Cooperation", "Faslnāmeh-ye siyāsat", "1-20")
    ref = parse_citation("کاظم‌زاده، فیروز (۱۳۷۱) «روس و انگلیس در ایران (Russia and Britain in "
                         "Persia)»، تهران: انتشارات انقلاب اسلامی.")
    assert (ref.title, ref.title_en, ref.language, ref.type) == (
        "روس و انگلیس در ایران", "Russia and Britain in Persia", "fa", "book")


def test_edited_by_chapter():
    ref = parse_citation("Katouzian, H. (2006) “Iran and the Problem of Political Development,” "
                         "In Iran in the 21st Century, edited by H. Katouzian and H. Shahidi, "
                         "11-27. London: Routledge.")
    assert ref.type == "chapter"
    assert ref.container == "Iran in the 21st Century"
    assert ref.editors == ["Katouzian, H.", "Shahidi, H."]
    assert (ref.pages, ref.place, ref.publisher) == ("11-27", "London", "Routledge")


def test_text_without_any_citation_is_unknown_format(tmp_path):
    from index.errors import ReaderError
    p = tmp_path / "notes.md"
    p.write_text("Just some notes\nnothing bibliographic here\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="unknown format"):
        read_path(p)
    # With an explicit .txt extension the lines are reported instead.
    q = tmp_path / "notes.txt"
    q.write_text("Just some notes\n", encoding="utf-8")
    assert len(read_path(q).skipped) == 1


@pytest.mark.parametrize("line,expected", [
    ("کاظم‌زاده، فیروز. (۱۳۷۱). روس و انگلیس در ایران. تهران: انتشارات انقلاب اسلامی.",
     dict(type="book", year="۱۳۷۱", title="روس و انگلیس در ایران", place="تهران",
          publisher="انتشارات انقلاب اسلامی", language="fa")),
    ("امیری، مهدی (۱۳۸۹). «ارزیابی رهنامه جدید نظامی روسیه». فصلنامه راهبرد دفاعی، ۸(۳۰)، ۶۷-۱۰۰.",
     dict(type="article", container="فصلنامه راهبرد دفاعی", volume="۸", issue="۳۰",
          pages="۶۷-۱۰۰", language="fa")),
    ("Amiri, M. (2010). Arzyābi-ye rahnāmeh-ye jadid-e rosiyeh [Evaluating the Russian New "
     "Military Doctrine]. Faslnāmeh-ye rāhbord-e defā‘e, 8(30), 67–100.",
     dict(title="Arzyābi-ye rahnāmeh-ye jadid-e rosiyeh",
          title_en="Evaluating the Russian New Military Doctrine",
          container="Faslnāmeh-ye rāhbord-e defā‘e", volume="8", issue="30", pages="67–100")),
    ("Amiri, Mahdi. 2010. “Arzyābi-ye rahnāmeh.” Faslnāmeh-ye rāhbord-e defā‘e 8 (30): 67–100.",
     dict(authors=["Amiri, Mahdi"], year="2010", title="Arzyābi-ye rahnāmeh", volume="8",
          issue="30")),
])
def test_apa_and_chicago_variants(line, expected):
    ref = parse_citation(line)
    assert {k: getattr(ref, k) for k in expected} == expected
