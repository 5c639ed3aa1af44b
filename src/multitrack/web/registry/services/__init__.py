"""The registry's services, one module per concern; callers import the module they need (nothing is
re-exported here):

- `csv_io`: importing and exporting actors and initiatives in the documented CSV templates;
- `classification`: from stored rows to the core's track classification;
- `aggregates`: the aggregate tables for funders and exports, small cells suppressed.
"""
