"""The `multitrack` command (console script `multitrack.cli:app`), one module per domain.

`main` holds the root commands (init, createuser, serve, demo, import, export, classify, …) and mounts
the others' sub-apps; `common` what they all share (consoles, errors as exit codes, Django set-up).
Django is set up inside commands, so importing the package stays cheap.
"""

from multitrack.cli.main import app

__all__ = ["app"]
