"""Reasoning: facts, the rule language, the engine, flips and the recommendation."""
