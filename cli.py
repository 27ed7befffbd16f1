"""The ``peyvand`` command: arguments in, a library call, output out.

Heavy modules (hazm, the lexicon, Whoosh) are imported inside the commands that need them, so that
``peyvand --help`` and ``peyvand schemes`` start instantly.
"""
from __future__ import annotations

import json
import sys
from typing import Callable, Iterator, Optional

import typer

from translit.errors import PeyvandError

app = typer.Typer(
    name="peyvand",
    help="Search a bibliography across Persian script and Latin romanization.",
    add_completion=True,        # --install-completion / --show-completion
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich's help formatter alone costs about 0.1 s of start-up.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"peyvand {version('peyvand')}")
        except PackageNotFoundError:
            typer.echo("peyvand (not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit."),
) -> None:
    """Search a bibliography across Persian script and Latin romanization."""


def _lines(text: Optional[str]) -> Iterator[str]:
    """The TEXT argument as one line, or standard input line by line when TEXT is omitted or '-'."""
    if text is not None and text != "-":
        yield text
        return
    if sys.stdin.isatty():
        raise typer.BadParameter("give TEXT, or pipe lines into standard input", param_hint="TEXT")
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    for line in sys.stdin:
        yield line.rstrip("\r\n")


def _emit(text: Optional[str], convert: Callable[[str], str], as_json: bool, key: str) -> None:
    out = sys.stdout
    interactive = out.isatty()
    for line in _lines(text):
        result = convert(line)
        if as_json:
            out.write(json.dumps({"input": line, key: result}, ensure_ascii=False) + "\n")
        else:
            out.write(result + "\n")
        if interactive:
            out.flush()


TEXT_ARG = typer.Argument(None, help="Text to convert; omit it or give '-' to read lines from stdin.")


@app.command()
def normalize(
    text: Optional[str] = TEXT_ARG,
    keep_harakat: bool = typer.Option(False, "--keep-harakat", help="Keep vowel marks (harakat)."),
    latin: bool = typer.Option(False, "--latin", help="Normalize romanized text (marks, hyphens) instead."),
    scheme: Optional[str] = typer.Option(None, "--scheme", help="With --latin: whose marks to use."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Normalize Persian text (hazm, configured for bibliographic records)."""
    import translit

    if latin:
        _emit(text, lambda s: translit.normalize_latin(s, scheme), as_json, "normalized")
    else:
        _emit(text, lambda s: translit.normalize(s, keep_harakat=keep_harakat), as_json, "normalized")


@app.command()
def romanize(
    text: Optional[str] = TEXT_ARG,
    scheme: str = typer.Option("citation", "--scheme", "-s", help="citation, ala-lc, ascii or strict."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    name: bool = typer.Option(False, "--name", help="Read each line as a personal-name heading (no izafah between its elements, ibn, capitals)."),
) -> None:
    """Persian script -> Latin romanization."""
    import translit

    translit.load_scheme(scheme)
    convert = translit.romanize_name if name else translit.romanize
    _emit(text, lambda s: convert(s, scheme), as_json, "romanized")


@app.command()
def persianize(
    text: Optional[str] = TEXT_ARG,
    scheme: Optional[str] = typer.Option(None, "--scheme", "-s", help="Romanization of the input; detected when omitted."),
    n_candidates: int = typer.Option(0, "--candidates", "-n", min=0, help="Print the N best candidates with scores."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    name: bool = typer.Option(False, "--name", help="Read each line as a personal-name heading (ibn between names is بن)."),
) -> None:
    """Latin romanization -> Persian script."""
    import translit

    if scheme is not None:
        translit.load_scheme(scheme)
    if scheme != "strict":
        _first_use_note()
    if not n_candidates:
        convert = translit.persianize_name if name else translit.persianize
        _emit(text, lambda s: convert(s, scheme), as_json, "persian")
        return
    for line in _lines(text):
        ranked = translit.candidates(line, n_candidates, scheme)
        if as_json:
            hits = [{"persian": p, "score": round(score, 4)} for p, score in ranked]
            print(json.dumps({"input": line, "candidates": hits}, ensure_ascii=False))
        else:
            print("\t".join(f"{p} {score:.3f}" for p, score in ranked))


@app.command()
def schemes(as_json: bool = typer.Option(False, "--json", help="JSON array.")) -> None:
    """List the romanization schemes (one table file each)."""
    import translit

    infos = translit.schemes()
    if as_json:
        print(json.dumps([i.__dict__ for i in infos], ensure_ascii=False, indent=2))
        return
    width = max(len(i.name) for i in infos)
    for info in infos:
        print(f"{info.name:<{width}}  {info.title}: {info.description}")


# --- index commands ---
# add / search / show / export / info: thin wrappers over index.Library (see index/library.py).

from contextlib import contextmanager
from pathlib import Path

INDEX_OPT = typer.Option(None, "--index", help="Index directory (default: $PEYVAND_INDEX, else the "
                         "per-user data directory); with Solr its last component names the "
                         "collection.", show_default=False)
ENGINE_OPT = typer.Option(None, "--engine", help="Engine URL: whoosh (the default) or "
                          "solr://HOST:PORT[,HOST:PORT...]/solr (default: $PEYVAND_ENGINE).",
                          show_default=False)


@contextmanager
def _user_errors():
    """PeyvandError -> one line on stderr and exit code 2 (also under typer's test runner)."""
    import pickle
    import struct

    try:
        yield
    except PeyvandError as err:
        typer.echo(f"peyvand: error: {err}", err=True)
        raise typer.Exit(2)
    except (EOFError, struct.error, pickle.UnpicklingError) as err:
        # Whoosh reading an index file cut short (a full disk, a partial copy); click would turn
        # an EOFError into a bare "Aborted!"
        typer.echo(f"peyvand: error: the index is damaged ({type(err).__name__}: {err}); rebuild "
                   "it with 'peyvand add' into a new directory", err=True)
        raise typer.Exit(2)


def _open_library(index: Optional[Path], create: bool = False, engine: Optional[str] = None):
    from index.library import Library

    return Library.open(index, create=create, engine=engine)


@app.command()
def add(
    files: list[Path] = typer.Argument(..., help="Bibliography files (text, BibTeX, RIS, CSL-JSON, MARC 21).",
                                       show_default=False),
    index: Optional[Path] = INDEX_OPT,
    fmt: str = typer.Option("auto", "--format", help="auto, text, bibtex, ris, csl-json, marc or marcxml."),
    lock_timeout: Optional[float] = typer.Option(
        None, "--lock-timeout", min=0, help="Seconds to wait while another peyvand process writes "
        "to the index (default: $PEYVAND_LOCK_TIMEOUT, else 60).", show_default=False),
    engine: Optional[str] = ENGINE_OPT,
    workers: Optional[int] = typer.Option(
        None, "--workers", min=1, help="Solr: analysis processes (default: $PEYVAND_WORKERS, else "
        "one per core).", show_default=False),
) -> None:
    """Add references from files to the index (records with a known id are updated).

    All files are read before the index is touched: a file that cannot be read stops the command
    (exit code 2) with nothing added; a broken record is skipped and reported. One command is one
    commit: interrupted, it leaves the index as it was.
    """
    with _user_errors():
        from index.readers import read_path

        refs, skipped = [], []
        for f in files:
            result = read_path(f, fmt)
            for note in result.notes:       # notes name their file already
                typer.echo(f"peyvand: {note}", err=True)
            refs.extend(result.references)
            skipped.extend(result.skipped)
        lib = _open_library(index, create=True, engine=engine)
        from index.analysis import persianizes_title

        if any(persianizes_title(ref) for ref in refs):
            _first_use_note()    # romanized titles get their Persian form, from the word list

        def waiting() -> None:
            typer.echo(f"peyvand: {lib.path} is being written by another peyvand process; waiting",
                       err=True)

        if sys.stderr.isatty() and len(refs) > 200:
            with typer.progressbar(length=len(refs), label="indexing", file=sys.stderr) as bar:
                done = [0]

                def step(n: int) -> None:
                    bar.update(n - done[0])
                    done[0] = n

                summary = lib.add(refs, progress=step, lock_timeout=lock_timeout, on_wait=waiting,
                                  workers=workers)
        else:
            summary = lib.add(refs, lock_timeout=lock_timeout, on_wait=waiting, workers=workers)
        lib.close()
        skipped = [(s.origin, s.reason) for s in skipped] + [(s.origin, s.reason) for s in summary.skipped]
        typer.echo(f"added {summary.added}, updated {summary.updated}, skipped {len(skipped)}"
                   f" (index: {lib.path})")
        for origin, reason in skipped[:50]:
            typer.echo(f"  skipped {origin}: {reason}")
        if len(skipped) > 50:
            typer.echo(f"  ... and {len(skipped) - 50} more")


def _first_use_note() -> None:
    """Say why the first Latin -> Persian call after installing takes several seconds."""
    from translit.latin.wordlist import is_built

    if not is_built():
        typer.echo("peyvand: preparing the Latin -> Persian word list (first use only, about 10 s)",
                   err=True)


def _hit_json(hit) -> dict:
    return hit.to_dict()


def _print_table(query: str, hits) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(hits)} result(s) for {query!r}", show_lines=True)
    for col in ("#", "id", "year", "authors", "title", "score"):
        table.add_column(col, overflow="fold")
    for n, h in enumerate(hits, 1):
        titles = [t for t in (h.title_latin, h.title_fa, f"({h.title_en})" if h.title_en else "") if t]
        r = h.reference
        names = [" / ".join(dict.fromkeys(x for x in pair if x))
                 for pair in zip(h.authors_latin, h.authors_fa)] or r.authors or r.authors_fa
        table.add_row(str(n), h.id, r.year, "; ".join(names),
                      "\n".join(titles) or r.title, f"{h.score:.1f}")
    Console().print(table)


@app.command()
def search(
    query: Optional[str] = typer.Argument(None, help="Words in Persian script or any romanization."),
    index: Optional[Path] = INDEX_OPT,
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="Results per query."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per query."),
    batch: Optional[str] = typer.Option(None, "--batch", help="File of queries, one a line ('-': "
                                        "stdin); prints one JSON object per line, in order."),
    engine: Optional[str] = ENGINE_OPT,
) -> None:
    """Search the index across scripts: ایران, Īrān and iran find the same records."""
    with _user_errors():
        if batch is None and (query is None or not query.strip()):
            raise typer.BadParameter("give a QUERY or --batch FILE", param_hint="QUERY")
        lib = _open_library(index, engine=engine)
        if batch is not None:
            if batch == "-":
                sys.stdin.reconfigure(encoding="utf-8", errors="replace")
                lines = sys.stdin
            else:
                try:
                    lines = open(batch, encoding="utf-8", errors="replace")
                except OSError as err:
                    raise PeyvandError(f"{batch}: cannot read ({err.strerror or err})") from None
            out = sys.stdout
            for line in lines:
                q = line.rstrip("\r\n")
                hits = lib.search(q, limit)
                out.write(json.dumps({"query": q, "hits": [_hit_json(h) for h in hits]},
                                     ensure_ascii=False) + "\n")
            lib.close()
            return
        hits = lib.search(query, limit)
        lib.close()
        if as_json:
            typer.echo(json.dumps({"query": query, "hits": [_hit_json(h) for h in hits]},
                                  ensure_ascii=False))
        elif not hits:
            typer.echo(f"no references match {query!r}")
        else:
            _print_table(query, hits)


@app.command()
def show(
    ref_id: str = typer.Argument(..., metavar="ID", help="A reference id (from search results)."),
    index: Optional[Path] = INDEX_OPT,
    as_json: bool = typer.Option(False, "--json", help="The whole record as JSON."),
    engine: Optional[str] = ENGINE_OPT,
) -> None:
    """Show one reference with its titles in both scripts."""
    with _user_errors():
        lib = _open_library(index, engine=engine)
        hit = lib.get(ref_id)
        lib.close()
        if hit is None:
            raise PeyvandError(f"no reference with id {ref_id!r} in {lib.path}")
        data = hit.to_dict()
        data.pop("score")
        data.pop("highlights")
        if as_json:
            data["origin"] = hit.reference.origin
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for k, v in data.items():
            if v:
                typer.echo(f"{k:13s} {'; '.join(v) if isinstance(v, list) else v}")
        if hit.reference.origin:
            typer.echo(f"{'origin':13s} {hit.reference.origin}")


@app.command("export")
def export_(
    index: Optional[Path] = INDEX_OPT,
    fmt: str = typer.Option("csl-json", "--format", help="csl-json, bibtex, ris, marc or marcxml."),
    zotero_extra: bool = typer.Option(False, "--zotero-extra", help="CSL-JSON: also write the "
                                      "other-script forms as Zotero Extra lines in the note."),
    engine: Optional[str] = ENGINE_OPT,
) -> None:
    """Write every indexed reference to standard output."""
    with _user_errors():
        lib = _open_library(index, engine=engine)
        text = lib.export(fmt, zotero_extra=zotero_extra)
        lib.close()
        if fmt == "marc":       # binary records: exactly the bytes, no newline after them
            sys.stdout.buffer.write(text.encode("utf-8"))
            return
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def enrich(
    files: list[Path] = typer.Argument(..., help="Bibliography files (any format peyvand reads).",
                                       show_default=False),
    fmt: str = typer.Option("auto", "--format", help="auto, text, bibtex, ris, csl-json, marc or marcxml."),
    scheme: str = typer.Option("ala-lc", "--scheme", "-s", help="Romanization to add (ala-lc, citation, ascii...)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output file (a directory "
                                          "for several files); default: standard output.",
                                          show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be added; write nothing."),
) -> None:
    """Write a bibliography back in its own format with the other script of each title, author,
    container and place added (everything else unchanged)."""
    with _user_errors():
        from index.enrich import describe, enrich_path, output_path

        if output is None and len(files) > 1 and not dry_run:
            raise PeyvandError("several files: give -o DIRECTORY for the enriched copies")
        _first_use_note()
        for f in files:
            if sys.stderr.isatty():
                with typer.progressbar(length=1, label=f"enriching {f}", file=sys.stderr) as bar:
                    def step(n: int, total: int) -> None:
                        bar.length = total
                        bar.update(n - bar.pos)
                    res = enrich_path(f, fmt, scheme, progress=step)
            else:
                res = enrich_path(f, fmt, scheme)
            for note in res.notes:
                typer.echo(f"peyvand: {note}", err=True)
            added = sum(len(c.added) for c in res.changes)
            if dry_run:
                for change in res.changes:
                    for line in describe(change):
                        typer.echo(line)
            else:
                target = output_path(f, output, len(files))
                if target is None:
                    sys.stdout.flush()
                    sys.stdout.buffer.write(res.output)
                    sys.stdout.flush()
                else:
                    target.write_bytes(res.output)
            where = "" if dry_run else f" -> {output_path(f, output, len(files)) or 'stdout'}"
            typer.echo(f"{f}: {len(res.changes)} of {res.records} records enriched, {added} forms "
                       f"added, {len(res.skipped)} skipped{where}", err=True)
            for s in res.skipped[:20]:
                typer.echo(f"  skipped {s.origin}: {s.reason}", err=True)


@app.command()
def info(
    index: Optional[Path] = INDEX_OPT,
    as_json: bool = typer.Option(False, "--json", help="JSON object."),
    engine: Optional[str] = ENGINE_OPT,
) -> None:
    """Counts, location and size of the index."""
    with _user_errors():
        lib = _open_library(index, engine=engine)
        st = lib.stats()
        lib.close()
        if as_json:
            typer.echo(json.dumps(st, ensure_ascii=False))
            return
        typer.echo(f"index      {st['location']}")
        typer.echo(f"references {st['references']}")
        typer.echo("by script  " + ", ".join(f"{k} {v}" for k, v in st["by_script"].items() if v))
        typer.echo("languages  " + ", ".join(f"{k} {v}" for k, v in sorted(st["by_language"].items())))
        typer.echo(f"size       {st['size_bytes'] / 1e6:.1f} MB")


solr_app = typer.Typer(help="Set up a Solr collection for peyvand (see the README's SolrCloud "
                       "section).", no_args_is_help=True)
app.add_typer(solr_app, name="solr")


@solr_app.command("init")
def solr_init(
    index: Optional[Path] = INDEX_OPT,
    engine: Optional[str] = ENGINE_OPT,
    shards: int = typer.Option(2, "--shards", min=1, help="Shards of a new collection."),
    replicas: int = typer.Option(2, "--replicas", min=1, help="Replicas of each shard."),
) -> None:
    """Upload peyvand's configset and create the collection (both only when missing)."""
    with _user_errors():
        from index.engine import EngineError, collection_name, parse
        from index.library import default_location
        from index import solr

        url = parse(engine)
        if url is None:
            raise EngineError("peyvand solr init needs a Solr engine: --engine solr://HOST:PORT/solr "
                              "or $PEYVAND_ENGINE")
        name = collection_name(index if index is not None else default_location())
        client = solr.SolrClient(url)
        uploaded = solr.ensure_configset(client)
        created = solr.ensure_collection(client, name, shards, replicas)
        typer.echo(f"configset {solr.CONFIGSET}: {'uploaded' if uploaded else 'present'}; "
                   f"collection {name}: "
                   f"{'created, %d shards x %d replicas' % (shards, replicas) if created else 'present'}"
                   f" ({url.url})")


@app.command()
def keys(
    text: Optional[str] = TEXT_ARG,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """The terms peyvand indexes for a text (a title or a name): what a discovery layer's indexer
    puts in the Solr field "terms" (space-separated)."""
    from index.analysis import document
    from index.reference import Reference

    def convert(line: str) -> str:
        return document(Reference(title=line))[0]

    _emit(text, convert, as_json, "terms")


def main() -> None:
    """Console entry point: user mistakes give one line on stderr and exit code 2."""
    try:
        app()
    except PeyvandError as err:
        print(f"peyvand: error: {err}", file=sys.stderr)
        sys.exit(2)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
