"""Registry views: thin shells that load rows, call the core and render."""
