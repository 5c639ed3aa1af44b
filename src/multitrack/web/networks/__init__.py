"""The actor network pages: the network map, the Lederach pyramid, the nine-track compass, brokers and
gaps, drawn from the registry's actors, relationships and participations (no models of its own)."""
