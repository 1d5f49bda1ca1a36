"""The closed sets a user chooses from on the command line. Light on purpose: typer reads
them at start-up; the renderers they name are in advisor.cli.formats, loaded when a
command runs."""

from enum import StrEnum


class RecommendFormat(StrEnum):
    """`advisor recommend --format`."""

    text = "text"
    json = "json"


class CheckFormat(StrEnum):
    """`advisor check --format` and `--report FORMAT:FILE`."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    markdown = "markdown"


class Severity(StrEnum):
    """`advisor check --fail-on`."""

    error = "error"
    warning = "warning"
    info = "info"


class CompareFormat(StrEnum):
    """`advisor compare --format`."""

    text = "text"
    markdown = "markdown"
    json = "json"
