"""Coordination across organisations: spaces they join and the initiative cards they choose to share."""
