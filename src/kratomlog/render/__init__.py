"""Rendering: Rich tables and panels, plotext charts, reports. Takes plain values from `core`, returns or
prints text; never touches the database."""
