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
  frame is read on as if it were not there (no Shure string is that long);
- a frame longer than `max_frame` bytes is dropped whole (a `<` hidden in its
  braces included) and scanning resumes at the next `<` after it.

The work is linear in the input whatever it holds: each byte is searched
once. While a brace is open, the positions of `<`, `>` and `{` inside it are
remembered, so a stray brace is read again from those marks, not from the
bytes (a peer sending `<{{{{...` once cost a rescan of `max_braced` bytes per
byte).
"""

from __future__ import annotations

from collections import deque
import re

MAX_FRAME_BYTES = 4096
MAX_BRACED_BYTES = 256

_OPEN = ord("<")
_CLOSE = ord(">")
_BRACE_CLOSE = ord("}")
_MARKS_OUTSIDE_BRACES = re.compile(rb"[<>{]")
_MARKS_INSIDE_BRACES = re.compile(rb"[<>{}]")
_NEED_MORE = -1
_DROPPED = -2


class FrameSplitter:
    """Buffer bytes and hand out the text between `<` and `>` of each frame.

    Positions below are offsets in the whole stream, not in the buffer, so
    dropping consumed bytes never shifts what is remembered.
    """

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
        self._offset = 0
        """Stream position of the buffer's first byte."""
        self._skip_from = 0
        """Between frames: where the bytes being skipped begin."""
        self._scan = 0
        """The next byte no search has looked at yet."""
        self._frame_start: int | None = None
        self._brace_start: int | None = None
        self._marks: deque[int] = deque()
        """`<`, `>` and `{` positions before `_scan` not yet acted on; no `}`
        lies between the current point and `_scan`."""
        self._in_garbage = False
        self.garbage_frames = 0
        """Runs of skipped bytes and frames dropped while resyncing."""
        self.bytes_examined = 0
        """Bytes searched so far (at most about twice the bytes fed)."""

    @property
    def buffered(self) -> int:
        """Bytes held while waiting for the end of a frame."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[str]:
        """Add bytes; return the bodies of the frames they complete."""
        self._buffer += data
        frames: list[str] = []
        while self._frame_start is not None or self._find_frame_start():
            end = self._scan_frame()
            if end == _NEED_MORE:
                break
            if end != _DROPPED:
                frames.append(self._take_frame(end))
        self._drop_consumed()
        return frames

    @property
    def _stream_end(self) -> int:
        return self._offset + len(self._buffer)

    def _find_frame_start(self) -> bool:
        """Skip bytes up to the next `<`; True when one was found."""
        buffer, offset = self._buffer, self._offset
        start: int | None = None
        marks = self._marks
        while marks:
            position = marks.popleft()
            if buffer[position - offset] == _OPEN:
                start = position
                break
        if start is None:
            found = buffer.find(_OPEN, self._scan - offset)
            start = None if found < 0 else found + offset
            searched_to = self._stream_end if start is None else start + 1
            self.bytes_examined += searched_to - self._scan
            self._scan = searched_to
        skip_end = self._stream_end if start is None else start
        self.bytes_examined += skip_end - self._skip_from
        if buffer[self._skip_from - offset : skip_end - offset].strip():
            self._note_garbage()
        if start is None:
            self._skip_from = self._scan
            return False
        self._frame_start = start
        self._brace_start = None
        self._in_garbage = False
        return True

    def _scan_frame(self) -> int:
        """Read the current frame on; return the position of its `>`.

        Or `_NEED_MORE` when the frame is unfinished, `_DROPPED` when it ran
        over `max_frame`.
        """
        assert self._frame_start is not None
        buffer, offset, marks = self._buffer, self._offset, self._marks
        stream_end = self._stream_end
        while True:
            limit = self._frame_start + self._max_frame
            brace_start = self._brace_start
            if brace_start is None:
                if marks:
                    position = marks.popleft()
                else:
                    stop = min(stream_end, limit)
                    match = _MARKS_OUTSIDE_BRACES.search(
                        buffer, self._scan - offset, stop - offset
                    )
                    if match is None:
                        self.bytes_examined += stop - self._scan
                        self._scan = stop
                        return _NEED_MORE if stop == stream_end else self._drop()
                    position = match.start() + offset
                    self.bytes_examined += position + 1 - self._scan
                    self._scan = position + 1
                byte = buffer[position - offset]
                if byte == _CLOSE:
                    return position
                if byte == _OPEN:
                    self._note_garbage()
                    self._in_garbage = False
                    self._frame_start = position
                else:
                    self._brace_start = position
                continue
            stray_at = brace_start + self._max_braced + 1
            stop = min(stream_end, limit, stray_at)
            match = _MARKS_INSIDE_BRACES.search(
                buffer, self._scan - offset, stop - offset
            )
            if match is not None:
                position = match.start() + offset
                self.bytes_examined += position + 1 - self._scan
                self._scan = position + 1
                if buffer[position - offset] == _BRACE_CLOSE:
                    self._brace_start = None
                    marks.clear()
                else:
                    marks.append(position)
                continue
            self.bytes_examined += stop - self._scan
            self._scan = stop
            if stop == stream_end:
                return _NEED_MORE
            if stop == limit:
                return self._drop()
            # `stop` is where the brace turns stray, unless it closes right there.
            self.bytes_examined += 1
            if buffer[stop - offset] == _BRACE_CLOSE:
                self._scan = stop + 1
                marks.clear()
            self._brace_start = None

    def _take_frame(self, end: int) -> str:
        assert self._frame_start is not None
        offset = self._offset
        body = self._buffer[self._frame_start + 1 - offset : end - offset]
        self._frame_start = None
        self._skip_from = end + 1
        self._scan = max(self._scan, end + 1)
        return body.decode("latin-1")

    def _drop(self) -> int:
        """Drop the frame that ran over `max_frame`; skip from its end on."""
        self._note_garbage()
        self._frame_start = None
        self._brace_start = None
        self._marks.clear()
        self._skip_from = self._scan
        return _DROPPED

    def _drop_consumed(self) -> None:
        keep_from = self._skip_from if self._frame_start is None else self._frame_start
        del self._buffer[: keep_from - self._offset]
        self._offset = keep_from

    def _note_garbage(self) -> None:
        if not self._in_garbage:
            self.garbage_frames += 1
            self._in_garbage = True
