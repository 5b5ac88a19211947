"""The project's small exception tree; the CLI turns each into one line on stderr."""


class IctgraphError(Exception):
    """Base of every error the CLI reports as one line."""

    exit_code = 1


class InputError(IctgraphError):
    """An input file cannot be used (missing, undecodable, malformed)."""


class DocumentError(InputError):
    """One document cannot be read; the build skips it and goes on."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class ValidationFailed(IctgraphError):
    """A graph does not conform to the shapes."""
