"""The evaluation app's forms, one module per part: `toc` (theories of change), `indicators`,
`outcomes` (outcome harvesting) and `transfers` (tracing)."""
