"""Pure domain logic. Nothing here imports Django, typer or rich, or does I/O it was not handed."""
