"""Start-up imports only what the chosen output needs: a plain run to stdout does not pay for
writing files (tempfile, random), argparse's terminal sizing (shutil, bz2, lzma, zlib) or a
hexadecimal decoding error it did not meet (binascii), nor what only some runs use: the fix engine
and the fix vocabulary (a run whose rules make no fix), datetime (ZL607's fix), rich (``--format
rich``), dnspython (a zone the fast scanner reads alone), the network package (``axfr://``,
``--resolve``), the lazily loaded graph (``-j``, the language server) and the fix planner."""

from __future__ import annotations

import os
import subprocess
import sys

ZONE = """$ORIGIN example.com.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@ IN NS ns1
ns1 IN A 192.0.2.1
"""

NOT_AT_START = (
    "shutil", "tempfile", "random", "bz2", "lzma", "binascii",
    "zonelint.fix", "zonelint.fix.apply", "datetime", "rich", "dns", "dns.zone", "zonelint.net",
    "zonelint.lazygraph", "zonelint.resolver", "multiprocessing", "ctypes",
)


def _run(tmp_path, code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, **(env or {})},
    )


def test_a_text_run_to_stdout_imports_no_file_writing_or_terminal_sizing(tmp_path):
    (tmp_path / "example.com.zone").write_text(ZONE)
    code = (
        "import sys\n"
        "from zonelint.cli import main\n"
        "code = main(['--no-config', '--no-progress', '--format', 'text', 'example.com.zone'])\n"
        f"bad = [m for m in {NOT_AT_START!r} if m in sys.modules]\n"
        "assert not bad, bad\n"
        "print('exit', code)\n"
    )
    proc = _run(tmp_path, code)
    assert proc.returncode == 0, proc.stderr
    assert "exit " in proc.stdout


#: what a run does not import (an editable install's import hook imports urllib.parse and
#: ipaddress before zonelint starts: they are dropped from ``sys.modules`` first, so that an
#: import by zonelint shows): pkgutil (the built-in rules are listed without it), dataclasses
#: (the public value types are dataclasses without it, zonelint.values), socket.py (its C part
#: ``_socket`` has the address functions), urllib.parse (ZL303's URLs) and ipaddress (an address
#: the plain readers leave). pluggy, and typing and inspect with it, are imported by every run: the
#: built-in rules register through pluggy like any plugin (tests/test_builtin_rules_through_pluggy.py)
NOT_IMPORTED_BY_ZONELINT = ("pkgutil", "dataclasses", "socket", "urllib.parse", "ipaddress")


def _imports_check_code(argv: list[str]) -> str:
    return (
        "import sys\n"
        f"for m in {NOT_IMPORTED_BY_ZONELINT!r}:\n"
        "    sys.modules.pop(m, None)\n"
        "from zonelint.cli import main\n"
        f"code = main({argv!r})\n"
        f"bad = [m for m in {NOT_IMPORTED_BY_ZONELINT!r} if m in sys.modules]\n"
        "assert not bad, bad\n"
        "print('exit', code, '_socket' in sys.modules)\n"
    )


def test_a_text_run_imports_no_pkgutil_socket_url_or_address_module(tmp_path):
    (tmp_path / "example.com.zone").write_text(ZONE)
    proc = _run(tmp_path, _imports_check_code(['--no-config', '--no-progress', '--format', 'text', 'example.com.zone']))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("exit ")


def test_a_large_zone_reads_addresses_by_the_c_library_without_socket_py(tmp_path):
    # past the scanner's first lines (the common-line path) and ZL108's first addresses, both read
    # addresses with inet_pton: from _socket, not socket.py
    lines = [ZONE]
    for i in range(1200):
        lines.append(f"h{i} IN A 198.51.{i // 250}.{i % 250 + 1}\n")
        lines.append(f"h{i} IN AAAA 2001:db8::{i:x}\n")
    (tmp_path / "example.com.zone").write_text("".join(lines))
    proc = _run(tmp_path, _imports_check_code(['--no-config', '--no-progress', '--format', 'json', 'example.com.zone']))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[-1] == "True"  # the C library's functions were used


def test_the_fix_vocabulary_imports_no_dataclasses(tmp_path):
    # a run whose rules make a fix imports zonelint.fix: its Fix and Change are dataclasses
    # without importing dataclasses (inspect comes with pluggy, which every run imports)
    code = (
        "import sys\n"
        "sys.modules.pop('dataclasses', None)\n"
        "from zonelint.fix import Change, Fix\n"
        "fix = Fix.of('raise the TTL', Change('replace', 'a.zone', 3, part='ttl', text='300'))\n"
        "hash(fix.for_zone('a.zone'))\n"
        "print(sorted(m for m in ('dataclasses',) if m in sys.modules))\n"
    )
    proc = _run(tmp_path, code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_output_file_still_written_atomically(tmp_path):
    (tmp_path / "example.com.zone").write_text(ZONE)
    code = (
        "import sys\n"
        "from zonelint.cli import main\n"
        "main(['--no-config', '--no-progress', '--format', 'json', '-o', 'out.json', 'example.com.zone'])\n"
        "assert 'tempfile' in sys.modules\n"
    )
    proc = _run(tmp_path, code)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.json").read_text().lstrip().startswith("{")


def test_help_is_sized_as_argparse_sizes_it(tmp_path):
    # the same help as argparse's own formatter gives (which sizes through shutil), whatever COLUMNS
    code = (
        "import argparse\n"
        "from zonelint.cli import build_parser\n"
        "ours = build_parser().format_help()\n"
        "p = build_parser()\n"
        "p.formatter_class = argparse.HelpFormatter\n"
        "assert ours == p.format_help(), (ours, p.format_help())\n"
        "print(max(len(line) for line in ours.splitlines()))\n"
    )
    widths = {}
    for columns in ("50", "200", "0", "x"):
        proc = _run(tmp_path, code, {"COLUMNS": columns})
        assert proc.returncode == 0, proc.stderr
        widths[columns] = int(proc.stdout)
    assert widths["50"] < widths["200"]


def test_the_fix_vocabulary_is_public_api_loaded_on_first_use(tmp_path):
    code = (
        "import sys\n"
        "import zonelint\n"
        "assert 'zonelint.fix' not in sys.modules\n"
        "from zonelint import Fix, OWNER, replace_field\n"
        "import zonelint.fix as fix\n"
        "assert Fix is fix.Fix and OWNER == fix.OWNER and replace_field is fix.replace_field\n"
        "ns = {}\n"
        "exec('from zonelint import *', ns)\n"
        "assert ns['delete_record'] is fix.delete_record and ns['Change'] is fix.Change\n"
        "try:\n"
        "    zonelint.no_such_name\n"
        "except AttributeError as e:\n"
        "    print('ok', e)\n"
    )
    proc = _run(tmp_path, code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok ") and "no_such_name" in proc.stdout
