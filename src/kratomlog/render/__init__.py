"""Rendering: Rich tables and panels, plotext charts, Markdown/HTML reports. Takes plain values and
returns or prints text; never touches the database."""
