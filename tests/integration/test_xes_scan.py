"""The vectorised XES scanner gives the expat reader's frame, or declines (None) and leaves the
file to it: on the sample log, on random logs, on BPI 2012, and on each layout it must decline."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.integration import xes
from journey_utils.integration.xes_scan import scan_xes

from .test_xes import XES, _write

BPI = Path(__file__).resolve().parents[3] / "shared" / "data" / "bpic2012"
BPI_XES = BPI / "BPI_Challenge_2012.xes.gz"


def _expat(path: Path, typed: bool, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    with monkeypatch.context() as patch:
        patch.setattr(xes, "scan_xes", lambda data, check: None)
        return xes.read_xes(path, typed=typed)


def _scanned(text: str) -> bool:
    """Whether the scanner reads the document itself (rather than declining)."""
    data = text.encode()
    return scan_xes(data, lambda outer: xes._outer_ok(Path("x.xes"), outer)) is not None


def _same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for typed in (False, True):
        pd.testing.assert_frame_equal(
            xes.read_xes(path, typed=typed), _expat(path, typed, monkeypatch)
        )


def test_sample_log_is_scanned_and_equals_the_expat_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _scanned(XES)
    _same(_write(tmp_path, XES), monkeypatch)


def _random_log(rng: random.Random) -> str:
    """A canonical-layout log with the awkward parts: trace attributes before and after events,
    repeated keys (the last wins), empty events and traces, nested and list attributes, entities,
    a key used with two types, an event attribute named like a trace one, non-ASCII text."""
    keys = ["concept:name", "org:resource", "amount", "note", "case:x"]
    kinds = ["string", "int", "date", "float", "boolean", "id"]
    values = ["A", "B &amp; C", "7", "2011-10-01T00:38:44.546+02:00", "true", "审批", "", "x&lt;y"]

    def attribute(indent: str) -> str:
        kind, key, value = rng.choice(kinds), rng.choice(keys), rng.choice(values)
        roll = rng.random()
        if roll < 0.1:
            inner = f'<string key="{rng.choice(keys)}" value="in"/>'
            return f'{indent}<{kind} key="{key}" value="{value}">{inner}</{kind}>\n'
        if roll < 0.15:
            return f'{indent}<list key="{key}"><values><int key="v" value="1"/></values></list>\n'
        return f'{indent}<{kind} key="{key}" value="{value}"/>\n'

    parts = ['<?xml version="1.0" encoding="UTF-8" ?>\n<!-- made by a test -->\n']
    parts.append('<log xes.version="1.0">\n  <string key="concept:name" value="log"/>\n')
    for _ in range(rng.randint(1, 8)):
        if rng.random() < 0.1:
            parts.append("  <trace/>\n")
            continue
        parts.append("  <trace>\n")
        for _ in range(rng.randint(0, 6)):
            if rng.random() < 0.3:
                parts.append(attribute("    "))
            elif rng.random() < 0.1:
                parts.append("    <event/>\n")
            else:
                inner = "".join(attribute("      ") for _ in range(rng.randint(0, 5)))
                parts.append(f"    <event>\n{inner}    </event>\n")
        parts.append("  </trace>\n")
    parts.append('  <string key="after" value="log level"/>\n</log>\n')
    return "".join(parts)


@pytest.mark.parametrize("seed", range(40))
def test_random_logs_equal_the_expat_reader(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _random_log(random.Random(seed))
    path = _write(tmp_path, text)
    if "<event" not in text:
        return  # no event at all: both readers give an empty frame, checked elsewhere
    assert _scanned(text)
    _same(path, monkeypatch)


DECLINED = {
    "value before key": (
        '<string key="concept:name" value="A"/>',
        '<string value="A" key="concept:name"/>',
    ),
    "single quotes": (
        '<string key="org:resource" value="112"/>',
        "<string key='org:resource' value='112'/>",
    ),
    "comment among traces": ("</trace>\n  <trace>", "</trace><!-- note -->\n  <trace>"),
    "character reference": ('value="A"/>', 'value="&#65;"/>'),
    "tab inside a value": ('value="A"/>', 'value="A\tB"/>'),
    "space before the close": ("</event>", "</event >"),
    "prefixed tag": ("<event>", "<xes:event>"),
    "another encoding": ('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
}


@pytest.mark.parametrize("case", sorted(DECLINED))
def test_other_layouts_are_left_to_the_expat_reader(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = DECLINED[case]
    assert old in XES
    text = XES.replace(old, new, 1)
    assert not _scanned(text)
    path = _write(tmp_path, text)
    try:
        expected = _expat(path, False, monkeypatch)
    except Exception as exc:  # the expat reader's own error stands: same type, same text
        with pytest.raises(type(exc), match=re.escape(str(exc))):
            xes.read_xes(path, typed=False)
        return
    pd.testing.assert_frame_equal(xes.read_xes(path, typed=False), expected)


def test_malformed_body_is_declined_and_the_error_names_the_line(tmp_path: Path) -> None:
    broken = XES.replace("</event>\n    <event>", "</evnt>\n    <event>", 1)
    assert not _scanned(broken)
    with pytest.raises(xes.InputError, match=r"malformed XML at line 13"):
        xes.read_xes(_write(tmp_path, broken))


def test_event_outside_a_trace_is_declined(tmp_path: Path) -> None:
    text = XES.replace("</log>", "<event><string key='a' value='b'/></event>\n</log>")
    assert not _scanned(text)
    with pytest.raises(xes.InputError, match="outside any <trace>"):
        xes.read_xes(_write(tmp_path, text))


@pytest.mark.skipif(not BPI_XES.is_file(), reason="BPI 2012 log not beside the project")
def test_bpi_2012_is_scanned_and_equals_the_expat_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    assert _scanned(gzip.decompress(BPI_XES.read_bytes()).decode())
    pd.testing.assert_frame_equal(
        xes.read_xes(BPI_XES, typed=False), _expat(BPI_XES, False, monkeypatch)
    )
