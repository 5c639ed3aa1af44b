"""The multitrack landscape: Track One beside Track Two, per context (issue 18)."""
