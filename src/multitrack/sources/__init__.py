"""Importers and exporters: public datasets, the demo data and the documented CSV templates."""
