"""`python -m multitrack.cli`: the same as the `multitrack` console script."""

from multitrack.cli import app

if __name__ == "__main__":
    app()
