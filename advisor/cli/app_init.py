"""`advisor init`, declared: its questions as options, delegating to advisor.cli.initflags."""

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.guard import guarded
from advisor.cli.options import Debug

commands = typer.Typer()  # app.py takes the command into the app


@commands.command(help="Write a workload file by answering plain-language questions (each with a "
                  "default and a one-line explanation). Never overwrites a file without asking.\n\n"
                  "With --no-input nothing is asked: the options (or their defaults) fill the "
                  "file, for scripts.",
                  epilog="Examples:\n\n  advisor init orders.yaml\n\n"
                  "  advisor init orders.yaml --no-input --name orders --kind event "
                  "--peak 200/s --consumer billing:lambda --consumer ledger:container:50/s")
def init(
    file: Annotated[Path, typer.Argument(help="The workload file to write.", dir_okay=False)
                    ] = Path("workload.yaml"),
    no_input: Annotated[bool, typer.Option("--no-input", help="Ask nothing; use the options "
                                           "and defaults.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")
                     ] = False,
    name: Annotated[str | None, typer.Option(
        metavar="NAME", help="Name of the flow \\[default: from FILE].",
        show_default=False)] = None,
    description: Annotated[str, typer.Option(
        metavar="TEXT", help="What flows, in a sentence.")] = "",
    kind: Annotated[str, typer.Option(metavar="KIND", help="event | command")] = "event",
    average: Annotated[str, typer.Option(
        metavar="RATE", help="Average rate, such as 50/s.")] = "",
    peak: Annotated[str, typer.Option(metavar="RATE", help="Peak rate, such as 2000/s.")] = "",
    payload: Annotated[str, typer.Option(
        metavar="SIZE", help="Typical message size, such as 2KB.")] = "",
    latency: Annotated[str, typer.Option(
        metavar="DURATION", help="Latency target, such as 1s.")] = "",
    ordering: Annotated[str, typer.Option(
        metavar="ORDERING", help="none | per-key | global")] = "none",
    ordering_key: Annotated[str, typer.Option(
        metavar="KEY", help="What groups the messages (per-key).")] = "",
    duplicates: Annotated[str, typer.Option(
        metavar="DUPLICATES", help="tolerated | must-deduplicate")] = "tolerated",
    replay: Annotated[str, typer.Option(
        metavar="DURATION", help="none, or how far back, such as 7d.")] = "none",
    batching: Annotated[str, typer.Option(
        metavar="BATCHING", help="none | preferred | required")] = "none",
    expires_after: Annotated[str, typer.Option(
        metavar="DURATION", help="Age after which a message is worthless, such as 30s.")
                             ] = "",
    delay: Annotated[str, typer.Option(
        metavar="DURATION", help="The longest a message waits before delivery, such as "
        "30d.")] = "",
    consumer: Annotated[list[str] | None, typer.Option(
        "--consumer", metavar="CONSUMER", help="A consumer: its NAME, then optionally "
        ":RUNS_ON, :MAX_RATE, :MAX_CONCURRENCY and :RECIPIENTS in that order; repeatable. "
        "Leave a part empty to skip it, such as resize:function::50 or "
        "codes:sms:::per-message.", show_default=False)] = None,
    cloud: Annotated[str, typer.Option(
        metavar="CLOUD", help="The cloud to design for: aws, azure or gcp, those advisor "
        "has a provider for; written as `cloud:` unless aws.")] = "aws",
    source: Annotated[str, typer.Option(
        metavar="SERVICE", help="The cloud's service that emits the messages.")] = "",
    region: Annotated[str, typer.Option(
        metavar="REGION", help="The cloud's region \\[default: its default region, "
        "us-east-1 on AWS].", show_default=False)] = "",
    debug: Debug = False,
) -> None:
    def body() -> int:
        from advisor.cli.initflags import run_init

        return run_init(file, not no_input, force, name, consumer or [],
                        description=description, kind=kind, average=average, peak=peak,
                        payload=payload, latency=latency, ordering=ordering,
                        ordering_key=ordering_key, duplicates=duplicates, replay=replay,
                        batching=batching, expires_after=expires_after, delay=delay,
                        source=source, region=region, cloud=cloud)

    raise typer.Exit(guarded(debug, body))
