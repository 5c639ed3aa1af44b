"""The inclusion app's services, one module per concern; callers import the module they need (nothing
is re-exported here):

- `records`: participation records for inclusion analytics, read from the registry;
- `analysis`: one inclusion question (the page, the CSV export, the chart image, the API, the CLI).
"""
