"""Split the receiver's byte stream into `< ... >` frames.

The receiver sends no line breaks: a frame may straddle reads and one read may
hold many frames. A frame ends at the first `>` outside braces, because
channel names and device ids may legally contain `<` and `>` (`{A>B}`).

Every decision below depends only on the bytes seen so far, never on how they
were chunked, so any split of a stream yields the same frames. Garbage never
costs sync:

- bytes before a `<` are skipped;
- a `<` outside braces inside an unfinished frame starts a new frame (the
  unfinished one was truncated);
- a brace left open for more than `max_braced` bytes is taken as stray and the
  frame is rescanned as if it were not there (no Shure string is that long);
- a frame longer than `max_frame` bytes is dropped and scanning resumes at the
  next `<` after its start.
"""

from __future__ import annotations

MAX_FRAME_BYTES = 4096
MAX_BRACED_BYTES = 256

_OPEN = ord("<")
_CLOSE = ord(">")
_BRACE_OPEN = ord("{")
_BRACE_CLOSE = ord("}")
_NEED_MORE = -1
_RESYNCED = -2


class FrameSplitter:
    """Buffer bytes and hand out the text between `<` and `>` of each frame."""

    def __init__(
        self,
        *,
        max_frame: int = MAX_FRAME_BYTES,
        max_braced: int = MAX_BRACED_BYTES,
    ) -> None:
        """Create an empty splitter."""
        self._max_frame = max_frame
        self._max_braced = max_braced
        self._buffer = bytearray()
        self._in_frame = False
        self._scan = 0
        self._brace_start: int | None = None
        self._in_garbage = False
        self.garbage_frames = 0
        """Runs of skipped bytes and frames dropped while resyncing."""

    @property
    def buffered(self) -> int:
        """Bytes held while waiting for the end of a frame."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[str]:
        """Add bytes; return the bodies of the frames they complete."""
        buffer = self._buffer
        buffer += data
        frames: list[str] = []
        while self._in_frame or self._find_frame_start():
            end = self._scan_frame()
            if end == _NEED_MORE:
                break
            if end == _RESYNCED:
                continue
            frames.append(buffer[1:end].decode("latin-1"))
            del buffer[: end + 1]
            self._in_frame = False
            self._scan = 0
        return frames

    def _find_frame_start(self) -> bool:
        """Drop bytes up to the next `<`; True when one was found."""
        buffer = self._buffer
        start = buffer.find(_OPEN, self._scan)
        skipped = buffer[self._scan : len(buffer) if start < 0 else start]
        if skipped.strip():
            self._note_garbage()
        if start < 0:
            buffer.clear()
            self._scan = 0
            return False
        del buffer[:start]
        self._in_frame = True
        self._in_garbage = False
        self._scan = 1
        self._brace_start = None
        return True

    def _scan_frame(self) -> int:
        """Scan the frame at the buffer's start; return the index of its `>`.

        Or `_NEED_MORE` when the frame is unfinished, `_RESYNCED` when it was
        dropped and scanning must start over.
        """
        buffer = self._buffer
        index = self._scan
        while index < len(buffer):
            if index >= self._max_frame:
                return self._resync(1)
            byte = buffer[index]
            brace_start = self._brace_start
            if brace_start is not None:
                if byte == _BRACE_CLOSE:
                    self._brace_start = None
                elif index - brace_start > self._max_braced:
                    # A stray `{`: rescan after it as if it were plain text.
                    self._brace_start = None
                    index = brace_start + 1
                    continue
            elif byte == _BRACE_OPEN:
                self._brace_start = index
            elif byte == _CLOSE:
                return index
            elif byte == _OPEN:
                return self._resync(index)
            index += 1
        self._scan = index
        return _NEED_MORE

    def _resync(self, restart: int) -> int:
        """Drop the current frame; look for the next `<` from `restart` on."""
        self._note_garbage()
        del self._buffer[:restart]
        self._in_frame = False
        self._scan = 0
        self._brace_start = None
        return _RESYNCED

    def _note_garbage(self) -> None:
        if not self._in_garbage:
            self.garbage_frames += 1
            self._in_garbage = True
