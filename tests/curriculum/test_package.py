"""The curriculum stays framework-free (curriculum/ never imports TRL; grpo/ wires it into the trainer)."""

import subprocess
import sys


def test_the_curriculum_package_imports_no_training_framework():
    code = "import sys, curriculum; print(sorted({'trl', 'torch', 'transformers'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout.strip()
    assert out == "[]"
