"""The workload file: located YAML, the spec, units, config and workload records."""
