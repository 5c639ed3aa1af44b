"""Participatory conflict maps: dated, attributed versions of a context's map, with their diffs.

The models came from the former mapping app and keep its tables (`mapping_…`) and audit labels
(`mapping.…`); see web/mapping.
"""
