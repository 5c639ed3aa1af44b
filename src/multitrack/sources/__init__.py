"""Readers and writers of files: public datasets, the demo data and the documented CSV templates.

Nothing here touches the database: the apps' services write what is read here (and multitrack.demo loads
the demo through them).
"""
