"""A JSON text read a value at a time from a stream: the standard library's scanner on a window.

Only the value being read is in memory, so a document of any size is read in a few hundred
kilobytes. Values come out exactly as ``json.loads`` gives them (decimals exact, ``NaN`` refused)
and malformed text is reported at the line and column ``json.loads`` reports. (ijson was tried:
its C backend crashes the process on an integer of more than 4,300 digits.)
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from docgen.errors import MalformedJSONError, OversizedValueError

TOO_DEEP = "JSON trop profondément imbriqué."
NOT_UTF8_OR_FINITE = "JSON invalide : texte UTF-8 et nombres finis attendus."
CHUNK = 1 << 16  # bytes read at a time
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_TAIL = 8  # a value cut by the window's end fails at most this far from it ("-Infinit")


def position_message(line: int, column: int) -> str:
    """The French message of malformed JSON at a place."""
    return f"JSON invalide (ligne {line}, colonne {column})."


def refuse_constant(name: str) -> Any:
    """``parse_constant`` that refuses ``NaN`` and the infinities."""
    raise ValueError(f"valeur non autorisée en JSON : {name}")


class JsonReader:
    """A pull reader of a UTF-8 JSON text (byte order mark allowed) from a binary stream.

    Objects are walked with :meth:`members`, arrays with :meth:`elements`, any other value read
    whole with :meth:`value`, no larger than ``max_value`` characters.

    :raise MalformedJSONError: text that ``json.loads`` would refuse, with its line and column.
    :raise OversizedValueError: a single value larger than ``max_value``.
    """

    def __init__(self, stream: IO[bytes], max_value: int) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        decoder = json.JSONDecoder(parse_float=Decimal, parse_constant=refuse_constant)
        self._scan = decoder.scan_once
        self.max_value = max_value
        self._text = ""
        self._pos = 0
        self._eof = False
        self._line = 0  # newlines in the text already dropped
        self._column = 0  # characters after the last of them
        self._started = False

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; read each one's value before the next key."""
        for _ in self._sequence("{", "}"):
            if self.peek() != '"':  # "Expecting property name enclosed in double quotes"
                raise self._error(self._pos)
            key = self.value()
            self._expect(":")
            yield key

    def elements(self) -> Iterator[Any]:
        """The values of the array that starts here, each read whole when it is reached."""
        for _ in self._sequence("[", "]"):
            yield self.value()

    def _sequence(self, opening: str, closing: str) -> Iterator[None]:
        """Once at each member of the object or array that starts here, past its separators."""
        self._expect(opening)
        if self.peek() == closing:
            self._pos += 1
            return
        while True:
            yield
            if self._separator(closing):
                return

    def value(self) -> Any:
        """The value that starts here, read whole."""
        self.peek()
        start = self._pos
        while True:
            try:
                value, end = self._scan(self._text, start)
            except StopIteration as stop:  # "Expecting value"
                at, cut = stop.value, False
            except json.JSONDecodeError as exc:
                at, cut = exc.pos, exc.msg.startswith("Unterminated string")
            except RecursionError:
                raise self._refusal(TOO_DEEP) from None
            except ValueError:  # NaN, or an integer of more than 4,300 digits
                raise MalformedJSONError(NOT_UTF8_OR_FINITE) from None
            else:
                if self._eof or end <= len(self._text) - _TAIL:  # a number could go on
                    self._pos = end
                    return value
                at, cut = end, True
            if self._eof or not (cut or at >= len(self._text) - _TAIL):
                raise self._error(at)
            if len(self._text) - start > self.max_value:
                raise OversizedValueError(self.max_value)
            self._pos = start
            self._drop()
            start = 0
            self._read(max(CHUNK, len(self._text)))

    def end(self) -> None:
        """Check that nothing but whitespace follows ("Extra data")."""
        if self.peek():
            raise self._error(self._pos)

    def _separator(self, closing: str) -> bool:
        """Past a comma (False) or the closing bracket (True)."""
        char = self.peek()
        if char not in (",", closing):  # "Expecting ',' delimiter"
            raise self._error(self._pos)
        self._pos += 1
        return char == closing

    def _expect(self, char: str) -> None:
        if self.peek() != char:
            raise self._error(self._pos)
        self._pos += 1

    def peek(self) -> str:
        """The next character after whitespace, '' at the end of the text."""
        while True:
            self._pos = _WHITESPACE.match(self._text, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._text) or self._eof:
                return self._text[self._pos : self._pos + 1]
            self._drop()
            self._read(CHUNK)

    def _read(self, size: int) -> None:
        data = self._stream.read(size)
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise MalformedJSONError(NOT_UTF8_OR_FINITE) from None
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")  # as json.loads does with bytes
        self._text += text
        self._eof = not data

    def _drop(self) -> None:
        """Forget the text before the current position, keeping count of its lines."""
        upto = self._pos
        newlines = self._text.count("\n", 0, upto)
        if newlines:
            self._line += newlines
            self._column = upto - self._text.rfind("\n", 0, upto) - 1
        else:
            self._column += upto
        self._text = self._text[upto:]
        self._pos = 0

    def _error(self, pos: int) -> MalformedJSONError:
        newlines = self._text.count("\n", 0, pos)
        last = self._text.rfind("\n", 0, pos)  # json's own column: from the last newline
        column = pos - last if newlines else self._column + pos + 1
        return self._refusal(position_message(self._line + newlines + 1, column))

    def _refusal(self, message: str) -> MalformedJSONError:
        """The error of a text refused for ``message``, unless the rest of it is not UTF-8:
        ``json.loads`` decodes the whole text before it reads any of it, so says that first."""
        try:
            while not self._eof:
                data = self._stream.read(CHUNK)
                self._decoder.decode(data, final=not data)
                self._eof = not data
        except UnicodeDecodeError:
            return MalformedJSONError(NOT_UTF8_OR_FINITE)
        return MalformedJSONError(message)
