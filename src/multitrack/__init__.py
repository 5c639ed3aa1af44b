"""Multitrack: a workbench for unofficial peacemaking (Track Two and its links to Tracks One and Three)."""

__version__ = "0.1.0"
