"""Screening participants against sanctions lists: list entries as plain data, name matching, scores
with explanations. Pure: no Django, no I/O."""
