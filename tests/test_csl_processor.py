"""A CSL-JSON export rendered by a real CSL processor (citeproc-py): a Persian record's title shows
with its romanization. The style is tests/fixtures/csl/romanized-original.csl, a minimal
author-date style that prints the title, then ``original-title`` in brackets; citeproc-py reads
CSL 1.0 variables only, so the export's Juris-M ``multi`` variants are put into them with
:func:`index.export.flatten_multi` (what Juris-M's citeproc-js does itself from ``multi``)."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from index.export import flatten_multi, latin_tag, to_csl_json
from index.forms import fill_forms
from index.readers import read_text
from index.reference import Reference

STYLE = Path(__file__).resolve().parent / "fixtures" / "csl" / "romanized-original.csl"


def _render(items: list[dict]) -> list[str]:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # citeproc-py names the keys it does not use
        source = CiteProcJSON(items)
        style = citeproc.CitationStylesStyle(str(STYLE), validate=False)
        bib = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
        for item in items:
            bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
        return [str(entry) for entry in bib.bibliography()]


def test_persian_title_renders_with_its_romanization():
    ref = Reference(id="hidayat1351", type="book", authors=["هدایت، صادق"], year="1351",
                    title="بوف کور", place="تهران", publisher="امیر کبیر", language="fa")
    fill_forms(ref, "ala-lc")
    items = json.loads(to_csl_json([ref], latin_tag("ala-lc")))
    assert items[0]["title"] == "بوف کور" and items[0]["language"] == "fa"
    assert items[0]["multi"]["_keys"]["title"]["fa-Latn-t-fa-m0-alaloc"] == ref.title_latin
    [entry] = _render([flatten_multi(items[0])])
    assert entry == f"Hidāyat, Ṣādiq. 1351. {ref.title_latin} [بوف کور]. Tihrān: Amīr kabīr."
    assert ref.title_latin == "Būf-i kūr"
    # and peyvand reads its own export back without loss
    back = read_text(to_csl_json([ref], latin_tag("ala-lc")), "csl-json").references[0]
    assert (back.title, back.title_latin, back.authors, back.authors_latin) == (
        ref.title, ref.title_latin, ref.authors, ref.authors_latin)


def test_english_records_render_unchanged():
    items = json.loads(to_csl_json([Reference(id="b", type="book", authors=["Buzan, Barry"],
                                              year="1998", title="Security", language="en")]))
    assert _render([flatten_multi(items[0])]) == ["Buzan, Barry. 1998. Security."]
