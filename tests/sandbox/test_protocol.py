"""The parent's parser of child bytes treats them as hostile (pure tests: no processes)."""

from __future__ import annotations

import json
import signal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.pool import Limits, finish
from sandbox.protocol import decode_job, decode_stream, encode_job, record_end, record_error, record_output
from sandbox.result import ErrorKind

OK_HEADER = {"status": 0, "timed_out": False, "oversize": False, "seconds": 0.01, "cpu": 0.01, "maxrss_kb": 1000}


def test_well_formed_stream_round_trips():
    data = record_output(0, [[1, 2]]) + record_error(1, ErrorKind.RUNTIME, "ValueError: x") + record_end(2)
    result = finish(OK_HEADER, data, 2, 1.0)
    assert result.program_error is None
    assert result.outputs == (((1, 2),), None)
    assert result.examples[1].error is ErrorKind.RUNTIME


@pytest.mark.parametrize("data", [
    b"not json\n",
    b'{"i": 0, "out": [[1, 2], [3]]}\n{"end": 1}\n',  # ragged
    b'{"i": 0, "out": [[10]]}\n{"end": 1}\n',  # colour out of range
    b'{"i": 0, "out": [[true]]}\n{"end": 1}\n',  # bool is not an int
    b'{"i": 0, "out": [[1.0]]}\n{"end": 1}\n',  # float
    b'{"i": 0, "out": [[NaN]]}\n{"end": 1}\n',
    b'{"i": 1, "out": [[1]]}\n{"end": 1}\n',  # index out of order
    b'{"i": true, "out": [[1]]}\n{"end": 1}\n',
    b'{"i": 0, "out": [[1]], "extra": 1}\n{"end": 1}\n',
    b'{"i": 0, "out": [[1]]}\n{"end": 1}\n{"end": 1}\n',  # records after the end
    b'{"i": 0, "out": [[1]]}\n{"end": 2}\n',
    b'{"i": 0, "err": "timeout", "msg": "x"}\n{"end": 1}\n',  # a kind the child may not claim
    b'{"fail": "policy", "msg": "x"}\n',
    b"[" * 100_000 + b"\n",  # nesting bomb
    b'{"i": 0, "out": [[' + b"9" * 5000 + b"]]}\n",  # integer too long to parse
    b'{"i": 0, "out": ' + b"[[1]," * 40 + b"[1]]}\n{\"end\": 1}\n",  # too many rows
    b'{"i": 0, "out": [[1]]}\n{"end": 1}\ntrailing',
])
def test_hostile_streams_become_bad_output(data):
    result = finish(OK_HEADER, data, 1, 1.0)
    assert result.program_error is ErrorKind.BAD_OUTPUT
    assert result.outputs == (None,)


def test_message_is_truncated():
    data = b'{"i": 0, "err": "runtime", "msg": "' + b"x" * 10_000 + b'"}\n{"end": 1}\n'
    assert len(finish(OK_HEADER, data, 1, 1.0).examples[0].message) <= 300


def test_oversize_is_bad_output():
    result = finish({**OK_HEADER, "oversize": True}, b"", 2, 1.0)
    assert result.program_error is ErrorKind.BAD_OUTPUT and len(result.examples) == 2


def test_timeout_keeps_finished_examples():
    result = finish({**OK_HEADER, "timed_out": True}, record_output(0, [[3]]), 3, 0.5)
    assert result.program_error is ErrorKind.TIMEOUT
    assert result.outputs == (((3,),), None, None)
    assert result.errors()[1:] == (ErrorKind.TIMEOUT, ErrorKind.TIMEOUT)


def test_sigxcpu_is_timeout():
    result = finish({**OK_HEADER, "status": signal.SIGXCPU}, b"", 1, 1.0)
    assert result.program_error is ErrorKind.TIMEOUT


def test_signal_death_is_killed():
    result = finish({**OK_HEADER, "status": signal.SIGSEGV}, b"", 1, 1.0)
    assert result.program_error is ErrorKind.KILLED and "SIGSEGV" in result.message


def test_death_near_the_memory_limit_is_memory():
    header = {**OK_HEADER, "status": signal.SIGKILL, "maxrss_kb": 500 * 1024}
    assert finish(header, b"", 1, 1.0, Limits(memory_mb=512)).program_error is ErrorKind.MEMORY


def test_early_exit_is_runtime():
    assert finish({**OK_HEADER, "status": 3 << 8}, b"", 1, 1.0).program_error is ErrorKind.RUNTIME


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_parser(data):
    result = finish(OK_HEADER, data, 2, 1.0)
    assert len(result.examples) == 2


def test_job_payload_round_trips_code_or_text_with_tuple_grids():
    from sandbox.runner import compile_program

    code, prepared = compile_program("from arc_dsl import *\ndef solve(I):\n    return I\n", prepared=True)
    grids = (((1, 2), (3, 4)), ((5,),))
    assert prepared is True
    assert decode_job(encode_job(code, prepared, grids)) == (code, True, grids)
    assert decode_job(encode_job("def solve(I):\n    return I\n", False, grids)) == (
        "def solve(I):\n    return I\n", False, grids)


def test_child_controlled_values_never_reach_a_message_uncapped():
    huge = "x" * 1_000_000
    for record in ({"i": huge, "out": [[1]]}, {"i": 0, "err": huge, "msg": "m"}, {"fail": huge, "msg": "m"},
                   {"i": 0, "err": "runtime", "msg": huge}, {huge: 1}):
        result = finish(OK_HEADER, json.dumps(record).encode() + b"\n", 1, 1.0)
        assert len(result.message) <= 400 and all(len(example.message) <= 400 for example in result.examples)


def test_decode_stream_reports_partial_records_as_incomplete():
    decoded = decode_stream(record_output(0, [[1]]) + b'{"i": 1, "ou', 2)
    assert decoded.malformed is None and decoded.terminal is None and len(decoded.examples) == 1
