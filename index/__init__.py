"""peyvand.index: the reference model, readers, and the cross-script bibliography index.

    >>> from index import Library
    >>> lib = Library.open("refs-index")          # or $PEYVAND_INDEX, or the per-user data dir
    >>> lib.add(references)                       # AddSummary(added, updated, skipped)
    >>> for hit in lib.search("Kazemzadeh"):      # finds کاظم‌زاده too
    ...     print(hit.id, hit.title_fa, hit.title_latin)

Whoosh and the transliteration resources load on first use, not on import.
"""
from __future__ import annotations

from .reference import Reference

__all__ = ["Reference", "Library", "Hit", "AddSummary", "Skipped", "IndexStoreError",
           "default_location"]


def __getattr__(name: str):
    # Lazy: importing the package for Reference must not pull in Whoosh or the index modules.
    if name in ("Library", "Hit", "AddSummary", "Skipped", "default_location"):
        from . import library
        return getattr(library, name)
    if name == "IndexStoreError":
        from .schema import IndexStoreError
        return IndexStoreError
    raise AttributeError(f"module 'index' has no attribute {name!r}")
