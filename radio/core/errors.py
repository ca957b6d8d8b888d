"""The one error type users see: a message naming the file, line or field and what to do."""


class RadioError(Exception):
    """Bad input or an unusable environment; the CLI prints it without a traceback and exits 1."""
