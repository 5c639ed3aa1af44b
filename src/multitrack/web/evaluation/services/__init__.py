"""The evaluation app's services, one module per capability; callers import the module they use:
`indicators` (importing indicator values), `contribution` (reading an initiative's contribution story
into core/contribution), `tracing` (tracing outputs into official texts, and deciding on proposals)."""
