"""`advisor schema`: the JSON Schema of the workload format, for editors and other tools."""

from __future__ import annotations

import json
import sys

from advisor.cli.exits import EXIT_OK
from advisor.format.jsonschema import json_schema
from advisor.providers import vocabularies


def run_schema(cloud: str = "aws") -> int:
    """The schema of a workload on `cloud` (its service ids, sources and regions)."""
    sys.stdout.write(json.dumps(json_schema(vocabularies()[cloud]), indent=2) + "\n")
    return EXIT_OK
