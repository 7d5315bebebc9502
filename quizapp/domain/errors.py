"""What the domain raises when a request cannot be met; the app turns NotFound into a 404 page."""

from __future__ import annotations


class NotFound(LookupError):
    """Nothing the asker may see has this address (missing, or someone else's).

    The message, when there is one, tells a student or teacher what to check.
    """

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message
