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
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


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
) -> None:
    """Persian script -> Latin romanization."""
    import translit

    translit.load_scheme(scheme)
    _emit(text, lambda s: translit.romanize(s, scheme), as_json, "romanized")


@app.command()
def persianize(
    text: Optional[str] = TEXT_ARG,
    scheme: Optional[str] = typer.Option(None, "--scheme", "-s", help="Romanization of the input; detected when omitted."),
    n_candidates: int = typer.Option(0, "--candidates", "-n", min=0, help="Print the N best candidates with scores."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Latin romanization -> Persian script."""
    import translit

    if scheme is not None:
        translit.load_scheme(scheme)
    if not n_candidates:
        _emit(text, lambda s: translit.persianize(s, scheme), as_json, "persian")
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
