"""kratomlog — a private, local-first command-line tracker for kratom use."""

__version__ = "0.1.0"
