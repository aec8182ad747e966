"""Pure domain logic: parsing, day/week boundaries, scoring, signal rules, statistics, taper maths,
demo generation. No I/O, no Typer, no Rich, no SQLModel — plain dataclasses in and out."""
