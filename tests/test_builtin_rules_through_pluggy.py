"""The design fixes it: the built-in rules (``zonelint.rules``) are registered through pluggy
exactly like a third-party plugin: the ``builtin`` entry point's module is registered with a
``pluggy.PluginManager`` and its rules come from the ``zonelint_rules`` hook that pluggy calls.
A start-up shortcut that registers the built-in rules some other way (and imports pluggy only
when a third-party plugin is installed) breaks that contract, even when it finds the same rules.
"""
import subprocess
import sys

import pluggy

from zonelint.plugins import BUILTIN, load_registry


def test_builtin_rules_are_registered_with_a_pluggy_plugin_manager(monkeypatch):
    registered, hooks_called = [], []
    real_register = pluggy.PluginManager.register

    def spy_register(self, plugin, name=None):
        registered.append(name)
        return real_register(self, plugin, name=name)

    monkeypatch.setattr(pluggy.PluginManager, "register", spy_register)
    real_impls = pluggy.HookCaller.get_hookimpls

    def spy_impls(self):
        hooks_called.append(self.name)
        return real_impls(self)

    monkeypatch.setattr(pluggy.HookCaller, "get_hookimpls", spy_impls)
    reg = load_registry(installed=False)
    assert BUILTIN in registered
    assert "zonelint_rules" in hooks_called
    assert any(cls.plugin == BUILTIN for cls in reg.sorted())


def test_a_command_line_run_registers_the_builtin_rules_through_pluggy(tmp_path):
    zone = tmp_path / "example.test.zone"
    zone.write_text("$ORIGIN example.test.\n$TTL 3600\n@ SOA ns1 host 1 7200 3600 1209600 3600\n"
                    "@ NS ns1\nns1 A 192.0.2.1\n")
    code = (
        "import sys, pluggy\n"
        "seen = []\n"
        "real = pluggy.PluginManager.register\n"
        "def spy(self, plugin, name=None):\n"
        "    seen.append(name)\n"
        "    return real(self, plugin, name=name)\n"
        "pluggy.PluginManager.register = spy\n"
        "from zonelint.cli import main\n"
        "rc = main(['--no-config', '--format', 'text', 'example.test.zone'])\n"
        "print('registered:', ','.join(str(n) for n in seen))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "registered: " in out.stdout, out.stderr
    assert BUILTIN in out.stdout.rsplit("registered: ", 1)[1].strip().split(","), out.stdout + out.stderr
