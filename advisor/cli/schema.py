"""`advisor schema`: the JSON Schema of the workload format, for editors and other tools."""

from __future__ import annotations

import json
import sys

from advisor.cli.exits import EXIT_OK
from advisor.format.jsonschema import json_schema
from advisor.providers.aws.vocabulary import VOCABULARY


def run_schema() -> int:
    sys.stdout.write(json.dumps(json_schema(VOCABULARY), indent=2) + "\n")
    return EXIT_OK
