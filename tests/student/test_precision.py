"""`student.precision`: bf16 by default only where the hardware computes it natively."""

from __future__ import annotations

import pytest

from student.precision import cpu_flags, cpu_has_fast_bf16, fast_bf16

AMX = "processor\t: 0\nflags\t\t: fpu sse avx512f amx_bf16 amx_tile\n\nprocessor\t: 1\nflags\t\t: fpu\n"
AVX512_BF16 = "processor\t: 0\nflags\t\t: fpu avx512f avx512_bf16\n"
PLAIN_AVX512 = "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512bw\n"
ARM = "processor\t: 0\nFeatures\t: fp asimd bf16\n"


def test_cpu_flags_reads_the_first_processor():
    assert cpu_flags(AMX) == {"fpu", "sse", "avx512f", "amx_bf16", "amx_tile"}
    assert cpu_flags(ARM) == frozenset()


@pytest.mark.parametrize(("cpuinfo", "fast"), [(AMX, True), (AVX512_BF16, True), (PLAIN_AVX512, False), (ARM, False),
                                               ("", False)])
def test_only_native_bf16_instructions_count(cpuinfo, fast):
    assert cpu_has_fast_bf16(cpuinfo) is fast


def test_fast_bf16_on_the_cpu_follows_the_cpu_flags(monkeypatch):
    import torch

    import student.precision as precision

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    for answer in (True, False):
        monkeypatch.setattr(precision, "cpu_has_fast_bf16", lambda answer=answer: answer)
        assert fast_bf16() is answer


def test_a_gpu_decides_unless_the_cpu_is_asked_for(monkeypatch):
    import torch

    import student.precision as precision

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: False)
    monkeypatch.setattr(precision, "cpu_has_fast_bf16", lambda: True)
    assert fast_bf16() is False
    assert fast_bf16(use_cpu=True) is True
