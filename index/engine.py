"""Which engine stores the references: an engine URL, from ``--engine`` or ``$PEYVAND_ENGINE``.

    whoosh                                  an index directory (the default)
    solr://HOST:PORT[,HOST:PORT...]/PATH     a SolrCloud (or standalone Solr) at http://HOST:PORT/PATH;
                                            several nodes may be listed, each is tried in turn
    solrs://...                             the same over HTTPS

With Solr the last component of ``--index`` names the collection (created on the first add).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from translit.errors import PeyvandError

ENV_ENGINE = "PEYVAND_ENGINE"
_HOSTPORT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")


class EngineError(PeyvandError):
    """A bad engine URL, or an engine that cannot be reached or refused a request."""


@dataclass(frozen=True)
class SolrURL:
    """A parsed ``solr://`` URL: the base URLs of its nodes (``http://host:port/path``)."""

    url: str
    bases: tuple[str, ...]


def parse(url: str | None) -> SolrURL | None:
    """The Solr nodes of an engine URL, or None for Whoosh. Raises :class:`EngineError` for a URL
    that is neither."""
    if url is None:
        url = os.environ.get(ENV_ENGINE, "")
    url = url.strip()
    if url in ("", "whoosh", "whoosh:", "whoosh://"):
        return None
    hint = ("expected 'whoosh' or solr://HOST:PORT[,HOST:PORT...]/PATH, for example "
            "solr://127.0.0.1:8983/solr")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise EngineError(f"bad engine URL {url!r}: {hint}") from None
    if parts.scheme not in ("solr", "solrs") or not parts.netloc:
        raise EngineError(f"bad engine URL {url!r}: {hint}")
    if parts.query or parts.fragment or "@" in parts.netloc:
        raise EngineError(f"bad engine URL {url!r}: no user, query or fragment allowed; {hint}")
    path = parts.path.rstrip("/")
    if not path or not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", path):
        raise EngineError(f"bad engine URL {url!r}: the path (usually /solr) is missing; {hint}")
    http = "https" if parts.scheme == "solrs" else "http"
    bases = []
    for hp in parts.netloc.split(","):
        m = _HOSTPORT.match(hp)
        if not m or not 0 < int(m.group(2)) < 65536:
            raise EngineError(f"bad engine URL {url!r}: {hp!r} is not HOST:PORT; {hint}")
        bases.append(f"{http}://{hp}{path}")
    return SolrURL(url, tuple(bases))


def collection_name(path: Path) -> str:
    """The Solr collection an ``--index`` path names: its last component."""
    name = Path(path).name
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]*", name or ""):
        raise EngineError(f"{name!r} (from --index {path}) is not a Solr collection name: use "
                          "letters, digits, '.', '_' and '-', not starting with '-'")
    return name


def open_engine(url: str | None, path: Path, create: bool):
    """The engine ``url`` (else ``$PEYVAND_ENGINE``, else Whoosh) opened at ``path``."""
    solr = parse(url)
    if solr is None:
        from .whoosh_engine import WhooshEngine
        return WhooshEngine.open(path, create)
    from .solr import SolrEngine
    return SolrEngine.open(solr, collection_name(path), create)
