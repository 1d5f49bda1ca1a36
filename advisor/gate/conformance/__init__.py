"""The conformance gate: a workload's infrastructure template (`implemented_by:`) checked
against the decision its ADR records (cfnread reads it, wiring and mappings find the
resources, compare reports the contradictions, run ties it into `check`)."""
