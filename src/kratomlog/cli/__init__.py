"""The command line: Typer commands, one module per command group. They parse, call the store and
core, render, and choose the exit code — no SQL and no arithmetic on data here."""
