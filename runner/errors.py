"""Errors a user can cause and fix: printed as one line on stderr, never a traceback."""

from __future__ import annotations

EXIT_USER_ERROR = 2


class UserError(Exception):
    """A problem with the user's input or command line, reported as one readable line.

    The message names the file and the problem, for example
    ``ascs/eligible_population.csv: missing required column 'stratum1Pop'``.
    """

    exit_code = EXIT_USER_ERROR
