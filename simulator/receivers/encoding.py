"""Command-string text encoding: message framing, padded strings, numbers.

The simulator's own implementation (it must never share code with the client
library, so that a framing bug cannot hide by living in both).

Wire facts: ASCII, no line breaks, every message is ``< WORD ... >``; strings
travel in braces, space padded to a fixed width, and may contain ``<`` and
``>``; a message ends at the first ``>`` that is outside braces.
"""

from __future__ import annotations

# A real receiver has small buffers; a client that never closes its message
# must not make the simulator grow memory without bound.
MAX_MESSAGE_CHARS = 512


def frame(body: str) -> str:
    """Wrap a message body the way a receiver does: ``< body >``."""
    return f"< {body} >"


def braced(text: str, width: int) -> str:
    """Return ``{text}`` truncated or space padded to exactly ``width`` chars."""
    return "{" + text[:width].ljust(width) + "}"


def digits(value: int, width: int) -> str:
    """Return ``value`` as a zero-padded decimal of ``width`` digits (clamped)."""
    ceiling = 10**width - 1
    return str(min(max(value, 0), ceiling)).zfill(width)


def unbrace(token: str) -> str:
    """Return the text inside a braced token (trailing padding removed)."""
    if token.startswith("{") and token.endswith("}") and len(token) >= 2:
        return token[1:-1].rstrip()
    return token.strip()


def split_tokens(body: str) -> list[str]:
    """Split a message body at spaces, keeping a braced string as one token.

    ``SET 1 CHAN_NAME {A > B  }`` -> ``["SET", "1", "CHAN_NAME", "{A > B  }"]``.
    An unclosed brace runs to the end of the body.
    """
    tokens: list[str] = []
    current: list[str] = []
    in_braces = False
    for char in body:
        if in_braces:
            current.append(char)
            if char == "}":
                in_braces = False
        elif char == "{":
            current.append(char)
            in_braces = True
        elif char.isspace():
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        tokens.append("".join(current))
    return tokens


class MessageReader:
    """Reassemble ``< ... >`` messages from a byte stream.

    Bytes outside a message are skipped. A ``<`` seen outside braces while a
    message is still open starts over (the open one was garbage). A message
    longer than ``MAX_MESSAGE_CHARS`` is dropped and counted in ``overflows``.
    """

    def __init__(self) -> None:
        """Start with an empty buffer."""
        self._current: list[str] = []
        self._open = False
        self._in_braces = False
        self.overflows = 0

    def feed(self, data: bytes) -> list[str]:
        """Consume ``data``; return every message it completed, in order."""
        messages: list[str] = []
        for char in data.decode("latin-1"):
            if not self._open:
                if char == "<":
                    self._start()
                continue
            if char == "<" and not self._in_braces:
                self._start()
                continue
            self._current.append(char)
            if char == "{":
                self._in_braces = True
            elif char == "}":
                self._in_braces = False
            elif char == ">" and not self._in_braces:
                messages.append("".join(self._current))
                self._open = False
            elif len(self._current) > MAX_MESSAGE_CHARS:
                self.overflows += 1
                self._open = False
        return messages

    def _start(self) -> None:
        self._current = ["<"]
        self._open = True
        self._in_braces = False


def message_body(message: str) -> str:
    """Return the text between the outer ``<`` and ``>`` of a message."""
    return message.removeprefix("<").removesuffix(">").strip()
