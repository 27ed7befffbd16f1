"""Errors peyvand reports to its users. The CLI turns any PeyvandError into a one-line message."""


class PeyvandError(Exception):
    """A user-facing error: the message names what was wrong and where (file, line, field)."""


class UnknownSchemeError(PeyvandError, ValueError):
    """A scheme name that no table defines."""
