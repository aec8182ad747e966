"""Allows `python -m kratomlog`."""

from kratomlog.cli.app import main

if __name__ == "__main__":
    main()
