"""The index store: opening, the marker that guards against foreign directories, adding and
updating, get/export/stats. Real on-disk indexes in tmp_path."""
from __future__ import annotations

import json

import pytest

from index import Library, Reference
from index.schema import MARKER
from translit.errors import PeyvandError


def refs():
    return [
        Reference(id="asg2015", title="Chashmandāz-e rāvābet-e Īrān va rosiyeh", authors=["Asgarian, H."],
                  year="2015", language="fa", title_en="The Prospect of Iran-Russia Relations"),
        Reference(id="kz1394", title="چشم‌انداز روابط ایران و روسیه", authors=["کاظم‌زاده, حسن"],
                  year="1394", language="fa"),
        Reference(id="buzan1998", title="Security: A New Framework for Analysis", authors=["Buzan, B."],
                  year="1998", language="en"),
    ]


def test_create_writes_marker_and_reopens(tmp_path):
    path = tmp_path / "idx"
    lib = Library.open(path)
    assert json.loads((path / MARKER).read_text())["format"] == "peyvand-index"
    assert lib.add(refs()).added == 3
    lib.close()
    again = Library.open(path, create=False)
    assert again.stats()["references"] == 3


def test_refuses_foreign_directory_before_reading_it(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "MAIN_1.toc").write_bytes(b"not ours")
    with pytest.raises(PeyvandError, match="not a peyvand index"):
        Library.open(foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["MAIN_1.toc"]   # untouched


def test_refuses_a_file(tmp_path):
    f = tmp_path / "refs.txt"
    f.write_text("x")
    with pytest.raises(PeyvandError, match="is a file"):
        Library.open(f)


def test_refuses_other_format_version(tmp_path):
    path = tmp_path / "idx"
    Library.open(path).close()
    (path / MARKER).write_text(json.dumps({"format": "peyvand-index", "version": 999}))
    with pytest.raises(PeyvandError, match="version 999"):
        Library.open(path)


def test_missing_index_without_create(tmp_path):
    with pytest.raises(PeyvandError, match="no index"):
        Library.open(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


def test_location_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PEYVAND_INDEX", str(tmp_path / "env-index"))
    lib = Library.open()
    assert lib.path == tmp_path / "env-index"
    assert (tmp_path / "env-index" / MARKER).exists()


def test_readding_updates_by_id(tmp_path):
    lib = Library.open(tmp_path / "idx")
    first = lib.add(refs())
    assert (first.added, first.updated) == (3, 0)
    changed = refs()
    changed[0].title_en = "The Prospect of Relations between Iran and Russia"
    second = lib.add(changed)
    assert (second.added, second.updated) == (0, 3)
    assert lib.stats()["references"] == 3
    assert lib.get("asg2015").reference.title_en.endswith("between Iran and Russia")
    assert [h.id for h in lib.search("between")] == ["asg2015"]


def test_same_id_twice_in_one_batch_keeps_the_last(tmp_path):
    lib = Library.open(tmp_path / "idx")
    a, b = refs()[0], refs()[0]
    b.year = "2016"
    summary = lib.add([a, b])
    assert (summary.added, summary.updated) == (1, 1)
    assert lib.stats()["references"] == 1 and lib.get("asg2015").reference.year == "2016"


def test_records_without_title_or_authors_are_skipped(tmp_path):
    lib = Library.open(tmp_path / "idx")
    summary = lib.add([Reference(year="2001", origin="refs.txt:3"), *refs()])
    assert summary.added == 3
    assert [(s.origin, s.reason) for s in summary.skipped] == [("refs.txt:3", "no title and no authors")]


def test_records_without_id_get_a_stable_content_id(tmp_path):
    lib = Library.open(tmp_path / "idx")
    r = Reference(title="Tārīkh-e Īrān", authors=["Moradi, A."], year="1390")
    lib.add([r])
    again = Reference(title="Tārīkh-e Īrān", authors=["Moradi, A."], year="1390")
    assert lib.add([again]).updated == 1
    assert r.id == again.id and lib.stats()["references"] == 1


def test_get_gives_both_scripts(tmp_path):
    lib = Library.open(tmp_path / "idx")
    lib.add(refs())
    hit = lib.get("kz1394")
    assert hit.title_fa == "چشم‌انداز روابط ایران و روسیه"
    assert hit.title_latin.isascii() is False and "r" in hit.title_latin.lower()
    latin = lib.get("asg2015")
    assert latin.title_latin == "Chashmandāz-e rāvābet-e Īrān va rosiyeh"
    assert any("\u0600" <= ch <= "\u06ff" for ch in latin.title_fa)
    assert lib.get("nope") is None


def test_search_shows_stored_persian_titles_without_the_back_transliterator(tmp_path):
    """The Persian form of a romanized title is made once, when it is added: a search in a new
    process (a one-shot `peyvand search`) shows it without loading the Latin->Persian word list."""
    import subprocess
    import sys

    lib = Library.open(tmp_path / "idx")
    lib.add(refs())
    lib.close()
    script = (
        "import json, sys\n"
        "from index import Library\n"
        "lib = Library.open(sys.argv[1], create=False)\n"
        "hit = next(h for h in lib.search('روابط ایران و روسیه') if h.id == 'asg2015')\n"
        "print(json.dumps({'title_fa': hit.title_fa,\n"
        "                  'loaded': 'translit.latin.backtranslit' in sys.modules}))\n")
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "idx")], capture_output=True,
                         text=True, check=True, encoding="utf-8").stdout
    shown = json.loads(out)
    assert "روابط" in shown["title_fa"] and "ایران" in shown["title_fa"]
    assert shown["loaded"] is False


def test_stored_persian_title_keeps_primes_and_written_ezafe(tmp_path):
    lib = Library.open(tmp_path / "idx")
    lib.add([Reference(id="amiri2015", title="Hamkāriʹhā-ye Īrān va rosiyeh", authors=["Amiri, M."],
                       year="2015", language="fa")])
    hit = next(h for h in lib.search("همکاری") if h.id == "amiri2015")
    assert hit.title_fa == "همکاری‌های ایران و روسیه"


def test_stats(tmp_path):
    lib = Library.open(tmp_path / "idx")
    lib.add(refs())
    st = lib.stats()
    assert st["references"] == 3
    assert st["by_script"]["persian"] == 1 and st["by_script"]["latin"] == 2
    assert st["by_language"] == {"fa": 2, "en": 1}
    assert st["size_bytes"] > 0 and st["location"] == str(tmp_path / "idx")


@pytest.mark.parametrize("fmt, marker", [("csl-json", '"id": "kz1394"'), ("bibtex", "@"), ("ris", "TY  -")])
def test_export_reads_back(tmp_path, fmt, marker):
    from index.readers import read_text

    lib = Library.open(tmp_path / "idx")
    lib.add(refs())
    text = lib.export(fmt)
    assert marker in text
    back = read_text(text, fmt)
    assert sorted(r.title for r in back.references) == sorted(r.title for r in refs())


def test_export_unknown_format(tmp_path):
    lib = Library.open(tmp_path / "idx")
    with pytest.raises(PeyvandError, match="unknown export format"):
        lib.export("docx")
