"""The tools the server offers, as an agent reads them in tools/list: what each decides, what
it needs and what it returns, with the JSON Schemas of its arguments and of its structured
result. Plain data: the SDK turns it into its own types (advisor.mcp.server)."""

from __future__ import annotations

from typing import Any, Final

from advisor.providers import PROVIDERS

_WORKLOAD = {
    "type": "string",
    "description": "The workload file's YAML text (one workload, or a list of them), as "
    "`advisor schema` describes it; at most 1 MiB. Messages locate mistakes as "
    "<stdin>:LINE:COLUMN, as `advisor recommend -` does.",
}
_PATH = {
    "type": "string",
    "description": "A workload file inside the server's working folder, relative to it "
    "(or absolute); read as the command line reads a file. Instead of `workload`.",
}
_CLOUD = {
    "type": "string",
    "enum": sorted(PROVIDERS),
    "description": "The cloud to design for (the providers advisor knows), as if each "
    "workload said `cloud:` so; default: each workload's own `cloud:`, else aws.",
}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": False}


_DOCUMENT: Final = {
    "type": "object",
    "description": "advisor's JSON document, as `advisor recommend --format json` prints it.",
    "required": ["format_version", "advisor_version", "knowledge_as_of", "workloads"],
    "properties": {
        "format_version": {"type": "integer"},
        "advisor_version": {"type": "string"},
        "knowledge_as_of": {"type": "string"},
        "workloads": {"type": "array", "items": {
            "type": "object",
            "required": ["name", "source", "cloud", "model", "services"],
            "properties": {
                "name": {"type": "string"},
                "source": {"type": "string"},
                "cloud": {"type": "string"},
                "model": {"enum": ["push", "poll", "hybrid"]},
                "services": {"type": "array", "items": {"type": "object"}},
                "adr": {"type": ["string", "null"]},
            },
        }},
    },
}

_FINDINGS: Final = {
    "type": "object",
    "description": "The check's findings, as `advisor check --format json` prints them.",
    "required": ["format_version", "fail_on", "passed", "findings"],
    "properties": {
        "format_version": {"type": "integer"},
        "fail_on": {"type": "string"},
        "passed": {"type": "boolean"},
        "workloads_checked": {"type": "integer"},
        "adrs_read": {"type": "integer"},
        "findings": {"type": "array", "items": {
            "type": "object", "required": ["code", "severity", "path", "message", "hint"]}},
    },
}

TOOLS: Final[tuple[dict[str, Any], ...]] = (
    {
        "name": "recommend",
        "title": "Recommend push, poll or hybrid delivery",
        "description": "Decides how an event-driven flow should be delivered on the cloud "
        "(push, poll or hybrid) and which managed services carry it (such as SNS, SQS, "
        "EventBridge, Kinesis), with quotas, sizing, monthly cost and the facts' sources, "
        "deterministically: the same workload always gets the same answer. Needs the "
        "workload, as YAML text (`workload`) or a file in the working folder (`path`); call "
        "`schema` to learn the format. Returns advisor's JSON document (structured, and as "
        "the first text item, exactly as `advisor recommend --format json`); with "
        "`adr: true`, each workload's Architecture Decision Record in Markdown as further "
        "text items. Writes nothing unless `write_adr: true` (which needs `path`): then the "
        "ADR goes to the configured ADR folder inside the working folder, numbered and "
        "indexed as `advisor recommend` does. A mistake in the workload is a tool error "
        "listing every mistake with its line and column.",
        "inputSchema": _object({
            "workload": _WORKLOAD, "path": _PATH, "cloud": _CLOUD,
            "adr": {"type": "boolean", "description": "Also return each ADR's Markdown."},
            "write_adr": {"type": "boolean", "description": "Write the ADRs into the ADR "
                          "folder (needs `path`); default false."},
        }),
        "outputSchema": _DOCUMENT,
        # write_adr may supersede an ADR, rewriting its status: an update of a file the
        # repository holds, which a client should confirm.
        "annotations": {"readOnlyHint": False, "destructiveHint": True,
                        "idempotentHint": True, "openWorldHint": False},
    },
    {
        "name": "explain",
        "title": "Explain a recommendation",
        "description": "Shows the whole reasoning behind a recommendation, for checking it: "
        "every fact with its value, every rule with whether it fired and why, the scores, "
        "the constraints, the chosen services, the routes and what single change would "
        "flip the decision. Needs the workload, as YAML text (`workload`) or a file in the "
        "working folder (`path`). Returns the trace as `advisor explain` prints it.",
        "inputSchema": _object({"workload": _WORKLOAD, "path": _PATH, "cloud": _CLOUD}),
        "outputSchema": _object({"trace": {"type": "string"}}, ("trace",)),
        "annotations": {"readOnlyHint": True, "openWorldHint": False},
    },
    {
        "name": "check",
        "title": "Check the committed ADRs",
        "description": "Checks that the ADRs committed in the working folder's repository "
        "still match what the workloads and advisor's rules give today (the gate CI runs). "
        "Takes an optional `path` (a workload file or folder inside the working folder); "
        "without it, every workload the repository's config or ADRs name. Returns the "
        "findings as `advisor check --format json` prints them; `passed` says whether any "
        "reaches the fail_on severity.",
        "inputSchema": _object({"path": {
            "type": "string", "description": "A workload file or folder inside the working "
            "folder; default: the whole repository."}}),
        "outputSchema": _FINDINGS,
        "annotations": {"readOnlyHint": True, "openWorldHint": False},
    },
    {
        "name": "schema",
        "title": "Workload format (JSON Schema)",
        "description": "Returns the JSON Schema (draft 2020-12) of the workload format that "
        "`recommend`, `explain` and `check` read, so that a workload can be written valid "
        "the first time. Needs nothing. The same schema as `advisor schema`.",
        "inputSchema": _object({"cloud": _CLOUD}),
        "outputSchema": {"type": "object"},
        "annotations": {"readOnlyHint": True, "openWorldHint": False},
    },
    {
        "name": "rules",
        "title": "List the rules",
        "description": "Lists the rules advisor decides with (the built-in pack and the "
        "working folder's configured packs): each rule's id, title and scope, whether it is "
        "a hard limit or a weight, its effect on the push/poll/hybrid scores, what it rules "
        "out, and its sources. Needs nothing. Rule ids are what `explain` and the ADRs cite.",
        "inputSchema": _object({"cloud": _CLOUD}),
        "outputSchema": _object({
            "digest": {"type": "string"},
            "rules": {"type": "array", "items": _object({
                "id": {"type": "string"}, "title": {"type": "string"},
                "scope": {"enum": ["flow", "consumer"]}, "limit": {"type": "boolean"},
                "effect": {"type": "object", "additionalProperties": {"type": "number"}},
                "rules_out": {"type": "array", "items": {"type": "string"}},
                "sources": {"type": "array", "items": {"type": "string"}},
                "clouds": {"type": "array", "items": {"type": "string"},
                           "description": "the clouds the rule serves alone; [] for all"},
            }, ("id", "title", "scope", "clouds", "limit", "effect", "rules_out",
                "sources"))},
        }, ("digest", "rules")),
        "annotations": {"readOnlyHint": True, "openWorldHint": False},
    },
)
