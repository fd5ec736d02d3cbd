"""The engine must stay importable without the web stack, so the CLI and bench run anywhere."""

import subprocess
import sys


def test_engine_imports_neither_flask_nor_sqlalchemy():
    code = (
        "import sys, partnerhub.matching, partnerhub.matching.bench, partnerhub.matching.__main__\n"
        "web = {'flask', 'sqlalchemy', 'flask_sqlalchemy'}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in web)\n"
        "print(','.join(bad))\n"
    )
    # our own interpreter running a constant snippet
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == ""
