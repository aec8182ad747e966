"""Allows `python -m kratomlog` (the same entry point as the `kratomlog` command)."""

from kratomlog.cli.fast import main

if __name__ == "__main__":
    main()
