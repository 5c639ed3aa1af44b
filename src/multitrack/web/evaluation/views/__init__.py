"""Evaluation views, one module per part: theories of change (toc), indicators, outcomes, transfers and
the contribution story. Thin shells: they load rows, call the core or a service, and render."""
