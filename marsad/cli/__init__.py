"""The ``marsad`` command. Each command is a thin wrapper over an importable function;
domain errors (:class:`marsad.errors.MarsadError`) become a message and exit 1.

Heavy modules are imported inside the commands so that ``marsad --help`` is instant.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import ConfigError, MarsadError

if TYPE_CHECKING:
    from ..outcomes import Summary
    from ..store import Store

app = typer.Typer(
    help="marsad (مرصد): Arabic-first news intelligence — ingest, search, entities, events, stories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Evaluate a capability on a gold file.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

err = Console(stderr=True)
out = Console()

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or postgresql:// DSN (default: $MARSAD_DB or ./marsad.db)")]


def _db(db: str | None) -> str:
    from ..config import default_db

    return db or default_db()


def _open(db: str | None, must_exist: bool = False) -> Store:
    from ..store import open_store

    path = _db(db)
    if must_exist and "://" not in path and not Path(path).exists():
        raise ConfigError(f"no database at {path} (run `marsad ingest … --db {path}` first)")
    store = open_store(path)
    store.migrate()
    return store


def _parse_fields(fields: list[str] | None) -> dict[str, str] | None:
    if not fields:
        return None
    mapping: dict[str, str] = {}
    for f in fields:
        name, sep, src = f.partition("=")
        if not sep or not name or not src:
            raise ConfigError(f"--field takes NAME=FIELD (e.g. title=headline_ar), got {f!r}")
        mapping[name.strip()] = src.strip()
    return mapping


def print_summary(summary: Summary, console: Console = err, title: str = "ingest summary") -> None:
    table = Table(title=title, show_lines=False)
    table.add_column("outcome")
    table.add_column("records", justify="right")
    table.add_column("example")
    for outcome, n in summary.as_dict().items():
        table.add_row(outcome, str(n), summary.examples.get(outcome, "")[:80])
    table.add_row("total", str(summary.total), "")
    console.print(table)


def run_ingest(
    targets: list[str],
    db: str | None,
    *,
    fields: list[str] | None = None,
    adapter: str | None = None,
    stages: str | None = None,
    batch_size: int = 200,
    reprocess: bool = False,
    quiet: bool = False,
) -> Summary:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from ..ingest import IngestOptions, ingest

    opts = IngestOptions(
        stages=tuple(s.strip() for s in stages.split(",") if s.strip()) if stages else None,
        fields=_parse_fields(fields),
        adapter=adapter,
        batch_size=batch_size,
        reprocess=reprocess,
    )
    store = _open(db)
    try:
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(bar_width=None),
            TextColumn("{task.completed} records · {task.fields[last]}"),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
            transient=False,
        ) as progress:
            task = progress.add_task("ingest", total=None, last="")

            def tick(outcome: str) -> None:
                progress.update(task, advance=1, last=outcome)

            summary = ingest(targets, store, opts, on_outcome=tick)
    finally:
        store.close()
    return summary


@app.command()
def ingest(
    targets: Annotated[list[str], typer.Argument(help="Files, folders or URLs (HTML, RSS/Atom, WARC, JSONL, aggregator text)")],
    db: DbOpt = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="JSON Lines field map NAME=FIELD")] = None,
    adapter: Annotated[str | None, typer.Option(help="Force an adapter: aggregator, html, feed, warc, jsonl")] = None,
    stages: Annotated[str | None, typer.Option(help="Comma-separated stage names (default from config)")] = None,
    batch_size: Annotated[int, typer.Option(help="Docs per transaction")] = 200,
    reprocess: Annotated[bool, typer.Option(help="Run the pipeline again on stored articles")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Ingest news into the store; prints a summary accounting for every input record."""
    summary = run_ingest(
        targets, db, fields=field, adapter=adapter, stages=stages, batch_size=batch_size, reprocess=reprocess, quiet=quiet
    )
    print_summary(summary)
    # Exit code reflects failure, as trafilatura's CLI does: 1 when nothing was read and something failed.
    ok = sum(n for k, n in summary.counts.items() if k in ("stored", "duplicate", "unchanged", "repeated"))
    if summary.failed and not ok:
        raise typer.Exit(1)


def _date(s: str | None) -> datetime | None:
    if not s:
        return None
    from ..text.dates import parse_date

    d = parse_date(s)
    if d is None:
        raise ConfigError(f"cannot read date {s!r} (use YYYY-MM-DD)")
    return d


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words or a phrase, e.g. \"كوريا الشمالية\"")],
    db: DbOpt = None,
    outlet: str | None = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    limit: int = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit")] = False,
) -> None:
    """Full-text search with Arabic-aware matching."""
    import json
    import re

    from ..store import SearchQuery

    store = _open(db, must_exist=True)
    try:
        hits = store.search(SearchQuery(query, outlet=outlet, since=_date(since), until=_date(until), limit=limit))
    finally:
        store.close()
    if as_json:
        for h in hits:
            rec = {
                "id": h.id,
                "title": h.title,
                "outlet": h.outlet,
                "published": h.published.isoformat() if h.published else None,
                "score": h.score,
                "snippet": h.snippet,
            }
            print(json.dumps(rec, ensure_ascii=False))
        return
    if not hits:
        err.print(f"no results for {query!r}")
        return
    for n, h in enumerate(hits, 1):
        date = h.published.date().isoformat() if h.published else "—"
        snippet = re.sub(r"<mark>(.*?)</mark>", r"[bold yellow]\1[/]", h.snippet.replace("[", "\\["))
        out.print(f"[bold]{n}. {h.title}[/]  [dim]{h.outlet or '—'} · {date} · {h.id}[/]")
        out.print(f"   {snippet}", highlight=False)


@app.command()
def serve(
    db: DbOpt = None,
    host: str = "127.0.0.1",
    port: int = 8080,
) -> None:
    """Serve the web UI and the JSON API (OpenAPI at /docs)."""
    import uvicorn

    from ..web.app import create_app

    store = _open(db)
    err.print(f"marsad serving {_db(db)} on http://{host}:{port}/")
    uvicorn.run(create_app(store), host=host, port=port, log_level="warning")


@app.command()
def export(
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | parquet | gdelt")] = "jsonl",
    output: Annotated[str | None, typer.Option("-o", "--output", help="File (default stdout; parquet needs -o)")] = None,
) -> None:
    """Export articles (or events, with --format gdelt)."""
    from ..export import export as do_export

    if fmt not in ("jsonl", "csv", "parquet", "gdelt"):
        raise ConfigError(f"unknown format {fmt!r}: use jsonl, csv, parquet or gdelt")
    if fmt == "parquet" and not output:
        raise ConfigError("parquet is binary: give -o FILE")
    store = _open(db, must_exist=True)
    try:
        n = do_export(store, fmt, output or sys.stdout)  # type: ignore[arg-type]
    finally:
        store.close()
    err.print(f"exported {n} records")


@app.command()
def stats(db: DbOpt = None) -> None:
    """Counts by outlet, language and outcome; database size."""
    import json

    store = _open(db, must_exist=True)
    try:
        print(json.dumps(store.stats(), ensure_ascii=False, indent=2, default=str))
    finally:
        store.close()


@app.command()
def demo(
    targets: Annotated[list[str] | None, typer.Argument(help="Paths or URLs to ingest instead of the bundled sample")] = None,
    db: Annotated[str, typer.Option("--db")] = "marsad-demo.db",
    port: int = 8080,
    serve_ui: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
) -> None:
    """Ingest the bundled sample (or the given inputs) and serve the UI."""
    from ..demo import sample_paths

    paths = targets or [str(p) for p in sample_paths()]
    summary = run_ingest(paths, db)
    print_summary(summary)
    if serve_ui:
        serve(db=db, port=port)
    else:
        err.print(f"demo database: {db}  (serve it with: marsad serve --db {db})")


@app.command()
def tag(conll: Annotated[Path, typer.Option("--conll", help="One token per line, blank line between sentences")]) -> None:
    """Named-entity tags (BIO over PERS/ORG/LOC/MISC) for a CoNLL token file, to stdout."""
    from ..nlp.conll import tag_conll
    from ..nlp.ner import load_default

    tag_conll(load_default(), conll, sys.stdout)


@app.command()
def annotate(
    input: Annotated[Path, typer.Argument(help="JSON Lines: id, title, text[, published, outlet]; - for stdin")],
    stages: Annotated[str | None, typer.Option(help="Comma-separated stage names")] = None,
) -> None:
    """Annotate articles (entities, tags, quotes, claims, events) and write them to stdout."""
    from .. import config
    from ..annotate import annotate_jsonl
    from ..pipeline import build

    names = stages.split(",") if stages else config.load()["annotate"]["stages"]
    pipeline = build(names)
    fh = sys.stdin if str(input) == "-" else input.open(encoding="utf-8")
    try:
        summary = annotate_jsonl(fh, sys.stdout, pipeline)
    finally:
        if fh is not sys.stdin:
            fh.close()
    err.print(" · ".join(f"{k}: {v}" for k, v in summary.as_dict().items()))


@app.command()
def similarity(pairs: Annotated[Path, typer.Argument(help="JSON Lines {id, a:{title,text}, b:{title,text}}")]) -> None:
    """Same-story similarity in [0, 1] for article pairs, to stdout."""
    from ..stories.similarity import score_pairs_jsonl

    score_pairs_jsonl(pairs, sys.stdout)


@app.command()
def cluster(input: Annotated[Path, typer.Argument(help="JSON Lines {id,title,text,published,outlet}")]) -> None:
    """Assign stories to articles in time order; writes {id, story} lines."""
    from ..stories.cluster import cluster_jsonl

    cluster_jsonl(input, sys.stdout)


spark_app = typer.Typer(help="Batch jobs on Apache Spark (pip install 'marsad[spark]', Java 17+).", no_args_is_help=True)
app.add_typer(spark_app, name="spark")


@spark_app.command("annotate")
def spark_annotate(
    inputs: Annotated[list[str], typer.Argument(help="Files or folders (JSONL, WARC, HTML, feeds, aggregator text)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the Parquet tables and summary.json")],
    master: Annotated[str, typer.Option(help="Spark master, e.g. local[2] or spark://host:7077")] = "local[*]",
    partitions: Annotated[int | None, typer.Option(help="Annotation tasks (default: Spark's parallelism)")] = None,
    stages: Annotated[str | None, typer.Option(help="Comma-separated stage names (default: the annotate stages)")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="JSON Lines field map NAME=FIELD")] = None,
    adapter: Annotated[str | None, typer.Option(help="Force an adapter: aggregator, html, feed, warc, jsonl")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace tables already in --out")] = False,
) -> None:
    """Annotate inputs on Spark into Parquet: articles, entities, events, quotes; prints the outcome summary."""
    from ..scale.spark import annotate_with_spark

    summary = annotate_with_spark(
        inputs,
        out,
        stages=[s for s in stages.split(",") if s.strip()] if stages else None,
        master=master,
        partitions=partitions,
        fields=_parse_fields(field),
        adapter=adapter,
        overwrite=overwrite,
    )
    print_summary(summary, title="spark annotate summary")
    err.print(" · ".join(f"{name}: {n} rows" for name, n in summary.tables.items()) + f" → {out}")
    if summary.failed and not summary.counts.get("annotated"):
        raise typer.Exit(1)


@eval_app.command("ner")
def eval_ner(gold: Annotated[Path, typer.Argument(help="CoNLL gold: token … TAG")]) -> None:
    """Micro and per-type precision/recall/F1, exact spans."""
    from ..nlp.conll import evaluate_conll, format_report
    from ..nlp.ner import load_default

    print(format_report(evaluate_conll(load_default(), gold)))


@eval_app.command("events")
def eval_events(
    gold: Annotated[
        Path,
        typer.Argument(
            help="OEDA layout (*_detection.csv, *_spans.json), judged news sentences or their actor labels (.tsv)"
        ),
    ],
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Folder of the corpus files a judged .tsv names")
    ] = Path("../shared/corpus"),
    second_judge: Annotated[
        Path | None,
        typer.Option("--second-judge", help="A second judge's .tsv of the same sentences: print agreement first"),
    ] = None,
    stages: Annotated[
        str | None,
        typer.Option(help="Comma-separated stages to score, e.g. entities,events-oeda (default: entities,events)"),
    ] = None,
    cv_repeats: Annotated[
        int,
        typer.Option(help="OEDA layout: fold assignments of the filter's nested cross-validation (0: none)"),
    ] = 3,
) -> None:
    """Event detection P/R/F1 per type, and actor country accuracy (OEDA)."""
    from ..pipeline import build

    pipeline = build([s.strip() for s in stages.split(",") if s.strip()]) if stages else None
    if gold.suffix == ".tsv":
        from ..nlp.event_judged import (
            evaluate_judged,
            evaluate_judged_actors,
            format_actor_report,
            format_agreement,
            format_judged_report,
            is_actor_labels,
            judge_agreement,
        )

        if is_actor_labels(gold):  # our actor labels of judged sentences
            if second_judge is not None:
                from ..nlp.event_judged import actor_agreement, format_actor_agreement

                print(format_actor_agreement(actor_agreement(gold, second_judge)) + "\n")
            print(format_actor_report(evaluate_judged_actors(gold, corpus, pipeline=pipeline)))
            return
        if second_judge is not None:
            print(format_agreement(judge_agreement(gold, second_judge)) + "\n")
        print(format_judged_report(evaluate_judged(gold, corpus, pipeline=pipeline)))
        return
    from ..nlp.event_eval import evaluate_events, format_event_report

    report = evaluate_events(gold, pipeline=pipeline, cross_validate=cv_repeats > 0, cv_repeats=cv_repeats)
    print(format_event_report(report))


@eval_app.command("quotes")
def eval_quotes(
    gold: Annotated[
        Path, typer.Argument(help="Quotes gold JSON Lines, or our offsets-only labels of corpus articles (.tsv)")
    ],
    entities: Annotated[
        bool, typer.Option("--entities", help="Run the entities stage first, as ingest does")
    ] = False,
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Folder of the corpus files a .tsv gold names")
    ] = Path("../shared/corpus"),
) -> None:
    """Quote span and speaker precision/recall/F1."""
    from ..nlp.quote_eval import evaluate_quotes, format_quote_report

    print(format_quote_report(evaluate_quotes(gold, entities=entities, corpus=corpus)))


@eval_app.command("claims")
def eval_claims(
    gold: Annotated[
        Path, typer.Argument(help="Claims gold JSON Lines, or our offsets-only labels of corpus articles (.tsv)")
    ],
    entities: Annotated[
        bool, typer.Option("--entities", help="Run the entities stage first, as ingest does")
    ] = False,
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Folder of the corpus files a .tsv gold names")
    ] = Path("../shared/corpus"),
) -> None:
    """Claim span P/R/F1 (overlap and exact), source and cue accuracy."""
    from ..nlp.claim_eval import evaluate_claims, format_claim_report

    print(format_claim_report(evaluate_claims(gold, entities=entities, corpus=corpus)))


@eval_app.command("stories")
def eval_stories(
    gold: Annotated[Path, typer.Argument(help="Story gold JSON Lines (docno, story)")],
    corpus: Annotated[Path | None, typer.Option(help="ANT corpus for the texts")] = None,
) -> None:
    """BCubed precision/recall/F1 and the number of stories."""
    from ..stories.evaluate import evaluate_stories, format_story_report

    print(format_story_report(evaluate_stories(gold, corpus)))


def main() -> None:
    try:
        app()
    except MarsadError as exc:
        err.print(f"[red]marsad: {exc}[/]")
        sys.exit(1)
    except BrokenPipeError:  # `marsad export | head`
        sys.exit(0)


if __name__ == "__main__":
    main()
