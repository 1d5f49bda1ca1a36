"""Renderers: each turns recommendations into text; the CLI decides where it goes."""
