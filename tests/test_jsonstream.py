"""The JSON stream reader gives what json.loads gives, wherever the stream's reads cut the text."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.bulk import batch
from docgen.bulk.jsonstream import (
    NOT_UTF8_OR_FINITE,
    TOO_DEEP,
    JsonReader,
    position_message,
    refuse_constant,
)
from docgen.errors import CaseValidationError, MalformedJSONError, OversizedValueError


class Trickle(io.RawIOBase):
    """A stream that gives at most a few bytes per read, as a slow network does."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self.data, self.sizes, self.at, self.reads = data, sizes or [1], 0, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        step = self.sizes[self.reads % len(self.sizes)]
        self.reads += 1
        chunk = self.data[self.at : self.at + min(step, size)]
        self.at += len(chunk)
        return chunk


def reference(body: bytes):
    """What the request-wide parse (json.loads, then parse_request) says of a body."""
    try:
        parsed = json.loads(body, parse_float=Decimal, parse_constant=refuse_constant)
    except RecursionError:
        return ("malformed", TOO_DEEP)
    except json.JSONDecodeError as exc:
        return ("malformed", position_message(exc.lineno, exc.colno))
    except ValueError:
        return ("malformed", NOT_UTF8_OR_FINITE)
    try:
        formats = batch.request_formats(parsed)
    except CaseValidationError as exc:
        return ("invalid", exc.errors)
    return ("ok", parsed["items"], formats)


def streamed(body: bytes, sizes: list[int], max_item: int = 10**6):
    items: list = []
    keep = lambda index, raw: items.append((index, raw))  # noqa: E731
    try:
        count, formats = batch.read_request(Trickle(body, sizes), keep, max_item)
    except MalformedJSONError as exc:
        return ("malformed", str(exc))
    except CaseValidationError as exc:
        return ("invalid", exc.errors)
    assert [index for index, _raw in items] == list(range(count))
    return ("ok", [raw for _index, raw in items], formats)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.decimals(allow_nan=False, allow_infinity=False, places=3)
    | st.text(max_size=12)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
requests = st.fixed_dictionaries(
    {"items": st.lists(values, max_size=5)},
    optional={
        "formats": st.lists(st.sampled_from(["docx", "pdf", "odt"]), max_size=3),
        "x": values,
    },
)


def _text(value, indent):
    marked = json.dumps(value, default=lambda d: f"@{d}@", indent=indent, ensure_ascii=False)
    return marked.replace('"@', "").replace('@"', "").encode()


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    request=requests,
    indent=st.sampled_from([None, 0, 2]),
    sizes=st.lists(st.integers(1, 9), min_size=1, max_size=4),
    cut=st.integers(0, 10**6),
    mutation=st.sampled_from([None, "cut", "byte", "insert"]),
    byte=st.sampled_from(list(b'{}[],:" \n\\0-.eE9tnfx\xc3\xa9\xff')),
)
def test_the_reader_agrees_with_json_loads(request, indent, sizes, cut, mutation, byte):
    body = _text(request, indent)
    at = cut % (len(body) + 1)
    if mutation == "cut":
        body = body[:at]
    elif mutation == "byte" and at < len(body):
        body = body[:at] + bytes([byte]) + body[at + 1 :]
    elif mutation == "insert":
        body = body[:at] + bytes([byte]) + body[at:]
    expected = reference(body)
    if expected[0] == "ok" and body.count(b'"items"') > 1:
        return  # a key twice: json.loads keeps the last, the reader refuses (tested below)
    assert streamed(body, sizes) == expected


def test_text_that_is_not_utf8_after_a_syntax_error_is_refused_as_json_loads_refuses_it():
    """json.loads decodes the whole text before it parses it: a byte that is not UTF-8, even
    past the first syntax error, is what it reports. (Found by the property test above.)"""
    body = b'{"items": [null, ["\n], []' + b" " * 100_000 + b"\xc3 ]}"
    expected = reference(body)
    assert expected == ("malformed", NOT_UTF8_OR_FINITE)
    for sizes in ([1], [3, 7], [10**6]):
        assert streamed(body, sizes) == expected
    assert streamed(body.replace(b"\xc3", b" "), [1]) == reference(body.replace(b"\xc3", b" "))
    assert "ligne 1" in reference(body.replace(b"\xc3", b" "))[1]


def test_a_byte_order_mark_and_long_lines_are_read_like_json_loads():
    text = json.dumps({"items": ["é" * 200_000, 1.5]}, ensure_ascii=False)
    body = b"\xef\xbb\xbf" + text.encode()
    assert streamed(body, [70_000]) == reference(body)
    broken = body.replace(b"1.5", b"1.5.")
    assert (
        streamed(broken, [4096]) == reference(broken) == ("malformed", position_message(1, 200_019))
    )


def test_a_key_given_twice_is_refused():
    kind, errors = streamed(b'{"items": [1], "formats": ["pdf"], "items": [2]}', [5])
    assert kind == "invalid"
    assert [(e.path, e.message) for e in errors] == [("items", "champ en double")]


def test_a_value_larger_than_the_reader_holds_is_refused():
    body = json.dumps({"items": ["x" * 5000]}).encode()
    with pytest.raises(OversizedValueError, match="4\u202f096 caractères au plus"):
        batch.read_request(io.BytesIO(body), lambda *_: None, 4096)
    assert streamed(body, [100], max_item=5010)[0] == "ok"


def test_the_reader_holds_one_item_at_a_time():
    """A long request is read in a window: the text held never grows with the request."""
    item = {"type": "mise_en_demeure", "case": {"texte": "x" * 1000}}
    body = json.dumps({"items": [item] * 2000}).encode()  # 2 MB
    reader = JsonReader(io.BytesIO(body), 10_000)
    largest = 0
    for key in reader.members():
        assert key == "items"
        for raw in reader.elements():
            assert raw == item
            largest = max(largest, len(reader._text))
    reader.end()
    assert largest < 2 * 65_536 + 2_000
