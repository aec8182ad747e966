"""`info`: what the signals mean and their sources, safety facts, a dated legal note, the helpline."""

from __future__ import annotations

import typer

from kratomlog.cli.edge import command, print_json
from kratomlog.cli.help_texts import quoting
from kratomlog.cli.paging import paged


@command
@paged
@quoting
def info(as_json: bool = typer.Option(False, "--json", help="Print JSON only: a list of sections.")) -> None:
    """What the warning signals mean, their sources, safety facts and where to get help.

    Example: kratomlog info

    Not medical advice. {SAMHSA_LINE}.
    """
    from kratomlog.core.facts import SECTIONS

    if as_json:
        from kratomlog.core.json_shapes import info_json

        print_json(info_json(SECTIONS))
        return
    from kratomlog.render.console import make_console
    from kratomlog.render.info_view import print_info

    print_info(make_console(), SECTIONS)
