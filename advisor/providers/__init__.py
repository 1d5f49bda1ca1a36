"""Provider protocol and registry: what each cloud knows."""
