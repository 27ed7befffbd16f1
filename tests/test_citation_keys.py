"""Readable citation keys for records whose source has no key: family name + year, ASCII, a letter
on collisions, stable when the same files are added again; keys the source gives are untouched."""
from __future__ import annotations

import pytest

from index import Library, Reference
from index.names import key_base, suffixed
from index.readers import read_text


@pytest.mark.parametrize("authors, year, title, expected", [
    (["Amiri, M."], "2015", "Hamkāriʹhā", "amiri2015"),
    (["Kāẓimzādah, Fīrūz"], "1371", "", "kazimzadah1371"),
    (["کاظم‌زاده، فیروز"], "۱۳۷۱", "", "kazemzadeh1371"),
    (["Müller, J."], "1990, Autumn", "", "muller1990"),
    ([], "2001", "The Great Game", "great2001"),
    ([], "", "", "ref"),
])
def test_key_base(authors, year, title, expected):
    assert key_base(authors, [], year, title) == expected


def test_suffixes_run_a_to_z_then_two_letters():
    assert suffixed("amiri2015", set()) == "amiri2015"
    assert suffixed("amiri2015", {"amiri2015"}) == "amiri2015a"
    taken = {"k"} | {"k" + chr(c) for c in range(ord("a"), ord("z") + 1)}
    assert suffixed("k", taken) == "kaa"


def test_collisions_in_one_file_get_letters_and_duplicates_are_skipped():
    text = ("Amiri, M. (2015). \"Nakhostin ketāb.\" Tehran.\n"
            "Amiri, M. (2015). \"Dovomin ketāb.\" Tehran.\n"
            "Amiri, M. (2015). \"Nakhostin ketāb.\" Tehran.\n")
    result = read_text(text, "text", "refs.txt")
    assert [r.id for r in result.references] == ["amiri2015", "amiri2015a"]
    assert [s.origin for s in result.skipped] == ["refs.txt:3"]
    assert "duplicate" in result.skipped[0].reason


def test_source_keys_are_kept():
    bib = "@book{Amiri-X, author = {Amiri, M.}, year = 2015, title = {T}}\n"
    assert read_text(bib, "bibtex").references[0].id == "Amiri-X"


def _works(*titles: str) -> list[Reference]:
    return [Reference(authors=["Amiri, M."], year="2015", title=t) for t in titles]


def test_keys_are_stable_across_adds_in_any_order(tmp_path):
    lib = Library.open(tmp_path / "idx")
    lib.add(_works("First"))
    lib.add(_works("Second"))
    ids = {h.reference.title: h.id for h in lib.references()}
    assert ids == {"First": "amiri2015", "Second": "amiri2015a"}
    # the same works again, in the other order, in one add: updated in place, same keys
    summary = lib.add(_works("Second", "First"))
    assert (summary.added, summary.updated) == (0, 2)
    assert {h.reference.title: h.id for h in lib.references()} == ids
    lib.add(_works("Third"))
    assert lib.get("amiri2015b").reference.title == "Third"


def test_an_explicit_key_is_not_taken_by_a_made_one(tmp_path):
    lib = Library.open(tmp_path / "idx")
    lib.add([Reference(id="amiri2015", authors=["Amiri, M."], year="2015", title="Given key")])
    lib.add(_works("Made key"))
    assert lib.get("amiri2015").reference.title == "Given key"
    assert lib.get("amiri2015a").reference.title == "Made key"


def test_records_indexed_under_a_content_hash_move_to_their_readable_key(tmp_path):
    lib = Library.open(tmp_path / "idx")
    old = _works("Old record")[0]
    lib.add([Reference(**{**old.to_dict(), "id": old.content_id()})])    # as older versions did
    summary = lib.add(_works("Old record"))
    assert summary.updated == 1 and [h.id for h in lib.references()] == ["amiri2015"]
