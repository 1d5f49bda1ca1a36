"""The workload file: located YAML, the spec, units, config and workload records; neutral,
with each cloud's words handed in as a Vocabulary."""
