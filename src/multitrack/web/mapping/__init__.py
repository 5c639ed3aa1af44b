"""The former mapping app, kept only for its migrations.

Its models moved, with their tables and rows unchanged, to `conflictmaps` (conflict maps) and `ucdp` (UCDP
data); the network pages went to `networks`. Existing databases recorded the tables' history under this
app's label, so the app stays installed, holding no model, and its migrations take such a database
forward: 0003 hands the models over to the new apps without touching a table (docs/architecture.md).
"""
