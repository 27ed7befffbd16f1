"""Scheme tables: one TOML file per romanization scheme in ``translit/schemes/``.

A table has a ``[scheme]`` header (name, title, description, optional ``parents``) and any number of
mapping sections (``[to_latin]``, ``[to_persian]``, ``[render]``...). A child table inherits every
section of its parents and overrides them key by key, like the Library of Congress's ScriptShifter
``parents:``. The engine and the transliterators read the sections they understand.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .errors import UnknownSchemeError


@dataclass(frozen=True)
class Scheme:
    """A loaded scheme table with its parents' sections merged in."""

    name: str
    title: str
    description: str
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)   # the [scheme] header, parents' merged in

    def section(self, name: str) -> dict[str, Any]:
        """The merged mapping of one section (empty when the table has none)."""
        return self.sections.get(name, {})


def _schemes_dir():
    return resources.files("translit") / "schemes"


@cache
def scheme_names() -> tuple[str, ...]:
    """Names of the public schemes (tables whose name does not start with an underscore)."""
    names = (p.name[:-5] for p in _schemes_dir().iterdir() if p.name.endswith(".toml"))
    return tuple(sorted(n for n in names if not n.startswith("_")))


@cache
def _raw(name: str) -> dict[str, Any]:
    path = _schemes_dir() / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(scheme_names())
        raise UnknownSchemeError(f"unknown scheme {name!r} (known: {known})")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def load_scheme(name: str) -> Scheme:
    """Load a scheme table by name, merging the sections of its parents (parents first)."""
    raw = _raw(name)
    head = raw.get("scheme", {})
    merged: dict[str, dict[str, Any]] = {}
    meta: dict[str, Any] = {}
    for parent in head.get("parents", []):
        base = load_scheme(parent)
        meta.update(base.meta)
        for sec, mapping in base.sections.items():
            merged.setdefault(sec, {}).update(mapping)
    meta.update(head)
    for sec, mapping in raw.items():
        if sec != "scheme" and isinstance(mapping, dict):
            merged.setdefault(sec, {}).update(mapping)
    return Scheme(name=name, title=head.get("title", name), description=head.get("description", ""),
                  sections=merged, meta=meta)
