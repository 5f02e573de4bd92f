"""A small, fast reader of PDF content streams: operators with their operands, nothing interpreted.

pypdf's ``ContentStream`` builds a full object for every operand and spends most of its time on the hex
strings WeasyPrint writes for every glyph run; preflight only needs operators and a few operands, so a
regular-expression tokenizer reads a book's pages about ten times faster. Names become ``Name`` (a ``str``),
strings become ``bytes``, numbers ``float``, arrays ``list`` and dictionaries ``dict``; an inline image is
the pseudo-operator ``INLINE IMAGE`` with ``{"settings": ..., "data": ...}``, as pypdf reports it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterator

_TOKENS = (
    rb"(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    rb"|(?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|(?P<dopen><<)|(?P<dclose>>>)"
    rb"|(?P<hex><[^>]*>)"
    rb"|(?P<aopen>\[)|(?P<aclose>\])"
    rb"|(?P<string>\()"
    rb"|(?P<word>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)"
    rb"|(?P<other>[{}])"
)
TOKEN = re.compile(rb"(?P<skip>[\x00\t\n\x0c\r ]+|%[^\r\n]*)|" + _TOKENS)
#: The same tokens, the white space and comments before each taken in the same match: a content stream has
#: nearly as many blanks as tokens, and each match is a round of the Python loop below.
_LEADING = rb"(?:[\x00\t\n\x0c\r ]++|%[^\r\n]*+)*+"
_NEXT = re.compile(_LEADING + rb"(?:" + _TOKENS + rb")")
_BLANK = re.compile(_LEADING + rb"\Z")
_NOT_HEX = re.compile(rb"[^0-9A-Fa-f]")
END_OF_INLINE_IMAGE = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")


class Name(str):
    """A PDF name (``/DeviceRGB``), distinct from a string operand."""


class _DictStart:
    pass


DICT_START = _DictStart()


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """The bytes of a ``( … )`` string starting after ``(``, honouring nesting and backslash escapes."""
    depth, index, out = 1, start, bytearray()
    while index < len(data):
        char = data[index]
        if char == 0x5C:  # backslash: the next byte is literal for our purposes
            out += data[index:index + 2]
            index += 2
            continue
        if char == 0x28:
            depth += 1
        elif char == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), index + 1
        out.append(char)
        index += 1
    raise ValueError("unterminated string in content stream")


def _close_dict(stack: list) -> dict:
    items = []
    while stack and stack[-1] is not DICT_START:
        items.append(stack.pop())
    if not stack:
        raise ValueError("unbalanced >> in content stream")
    stack.pop()
    items.reverse()
    return {items[i]: items[i + 1] for i in range(0, len(items) - 1, 2)}


_PARSED: dict[bytes, list[tuple[list, bytes]]] = {}


def parsed(data: bytes) -> list[tuple[list, bytes]]:
    """``operations`` as a list, read once per distinct stream in a process: the glyph rule and the
    colour scan read the same pages. The caller must not change the lists it is given."""
    key = hashlib.blake2b(data, digest_size=16).digest()
    if key not in _PARSED:
        _PARSED[key] = list(operations(data))
    return _PARSED[key]


def operations(data: bytes) -> Iterator[tuple[list, bytes]]:
    """Yield ``(operands, operator)`` for every operator in ``data``."""
    operands: list = []
    arrays: list[list] = []  # open arrays, innermost last
    position, size = 0, len(data)
    match_next = _NEXT.match
    while position < size:
        match = match_next(data, position)
        if match is None:
            if _BLANK.match(data, position):
                break
            raise ValueError(f"unreadable content at byte {position}")
        kind, position = match.lastgroup, match.end()
        token = match.group(kind)
        target = arrays[-1] if arrays else operands
        if kind == "num":
            target.append(float(token))
        elif kind == "hex":
            digits = token[1:-1]
            if len(digits) % 2 or _NOT_HEX.search(digits):  # white space, a stray byte, an odd count
                digits = _NOT_HEX.sub(b"", digits)
                digits += b"0" * (len(digits) % 2)
            target.append(bytes.fromhex(digits.decode("ascii")))
        elif kind == "name":
            target.append(Name(token.decode("latin-1")))
        elif kind == "string":
            value, position = _literal(data, position)
            target.append(value)
        elif kind == "aopen":
            arrays.append([])
        elif kind == "aclose":
            if not arrays:
                raise ValueError("unbalanced ] in content stream")
            done = arrays.pop()
            (arrays[-1] if arrays else operands).append(done)
        elif kind == "dopen":
            target.append(DICT_START)
        elif kind == "dclose":
            target.append(_close_dict(target))
        elif kind == "other":
            continue
        elif token == b"BI":
            settings, position = _inline_image(data, position)
            yield settings, b"INLINE IMAGE"
            operands = []
        elif token in (b"true", b"false"):
            target.append(token == b"true")
        elif token == b"null":
            target.append(None)
        else:
            yield operands, token
            operands, arrays = [], []


def _inline_image(data: bytes, position: int) -> tuple[list, int]:
    """Read ``BI <key value>… ID <bytes> EI``; the data ends at the first ``EI`` between white space."""
    pairs: list = []
    while True:
        match = TOKEN.match(data, position)
        if match is None:
            raise ValueError("unreadable inline image")
        kind, token, position = match.lastgroup, match.group(), match.end()
        if kind == "skip":
            continue
        if kind == "word" and token == b"ID":
            break
        if kind == "num":
            pairs.append(float(token))
        elif kind == "name":
            pairs.append(Name(token.decode("latin-1")))
        elif kind == "aopen":
            close = data.index(b"]", position)
            pairs.append([Name(t.decode("latin-1")) if t.startswith(b"/") else t
                          for t in data[position:close].split()])
            position = close + 1
        elif kind == "word":
            pairs.append(token == b"true" if token in (b"true", b"false") else token)
        elif kind == "hex":
            pairs.append(token)
    settings = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}
    start = position + 1  # one white-space byte separates ID from the data
    end = END_OF_INLINE_IMAGE.search(data, start)
    stop = end.start() if end else len(data)
    return [{"settings": settings, "data": data[start:stop]}], (end.end() if end else len(data))
