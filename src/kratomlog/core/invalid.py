"""The one error type the domain raises for bad input (the CLI turns it into exit code 2)."""


class Invalid(ValueError):
    """Input that cannot be accepted. The message says what was wrong and what is accepted."""
