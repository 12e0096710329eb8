"""The import structure of zonelint, read from the source with ``ast`` (nothing is imported).

Three house rules, checked over every module of ``zonelint/`` and ``rules/`` (``zonelint.rules``):

- **No private reach-ins.** No module imports an underscore name of another zonelint module
  (``from .loader import _Loader``), imports an underscore module, or reads one as an attribute
  (``scanner._scan``, ``getattr(loader, "_x")``), including through a class or function it
  imported (``_Loader._push``). An attribute read on any other object (``record._text``,
  ``self._read_file`` inherited from another module's class) counts when the underscore name is
  defined in another zonelint module and nowhere in this one. A module's own underscore names
  are its own business.
- **Nothing private of dnspython.** No ``from dns.tokenizer import _DELIMITERS``, no
  ``dns.zonefile._generate_text``, no ``import dns._something``, and no attribute read of an
  underscore name that dnspython defines and this module does not (``tok._get_char()``), and no
  override of a dnspython class's private method in a subclass (``def _get_char`` in a
  ``dns.tokenizer.Tokenizer`` subclass):
  zonelint must work with every dnspython that ``pyproject.toml`` allows, and private names come
  and go between releases.
- **No import cycles** among the modules of ``zonelint/`` and ``rules/``. Every import counts,
  also one inside a function (a lazy import still ties the two modules together), except imports
  under ``if TYPE_CHECKING:``.
- **Rules use the public API.** A module of ``rules/`` imports zonelint only through the package
  itself (``from zonelint import Rule, ROOT, ConfigError, ...``) and shares helpers with other rule
  modules only through the one helper package, ``zonelint.rules.helpers`` (whose parts import
  each other and the package namespace only); it never imports
  another rule module or an inner zonelint module (``zonelint.model``, ``zonelint.graph``, ...).

The core rework (issue 12) removed every violation that existed (they were listed here while it
was done); there is no list of tolerated ones any more.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: the public helper module rule modules may share code through
RULE_HELPERS = "zonelint.rules.helpers"


def _modules() -> dict[str, Path]:
    """Module name -> file, for ``zonelint/**.py`` and ``rules/**.py`` (as ``zonelint.rules``)."""
    found: dict[str, Path] = {}
    for top, package in (("zonelint", "zonelint"), ("rules", "zonelint.rules")):
        base = REPO / top
        for path in sorted(base.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join([package, *parts])] = path
    return found


MODULES = _modules()
TREES = {m: ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for m, p in MODULES.items()}


def _own_names(tree: ast.AST) -> set[str]:
    """The identifiers a module defines or spells out: functions, classes, assigned names and
    attributes, parameters, keyword arguments, and identifier-like strings (``__slots__``)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.keyword) and node.arg:
            names.add(node.arg)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            names.add(node.value)
        elif isinstance(node, ast.alias) and node.asname:
            names.add(node.asname)
    return names


def _private_index() -> dict[str, set[str]]:
    """Underscore name -> the zonelint modules that define it."""
    index: dict[str, set[str]] = {}
    for module, tree in TREES.items():
        for name in _own_names(tree):
            if _is_private(name):
                index.setdefault(name, set()).add(module)
    return index


def _dns_private() -> set[str]:
    """The underscore names the installed dnspython defines (read from its source)."""
    import importlib.util

    spec = importlib.util.find_spec("dns")
    names: set[str] = set()
    for folder in spec.submodule_search_locations or ():
        for path in Path(folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            names |= {n for n in _own_names(tree) if _is_private(n)}
    return names


def _is_private(name: str) -> bool:
    return len(name) > 1 and name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


PRIVATE_INDEX = _private_index()
DNS_PRIVATE = _dns_private()


def _is_package(module: str) -> bool:
    return module in MODULES and MODULES[module].name == "__init__.py"


def _resolve(module: str, level: int, target: str | None) -> str:
    """The absolute module name of ``from <level dots><target> import ...`` inside ``module``."""
    if level == 0:
        return target or ""
    base = module.split(".")
    if not _is_package(module):
        base.pop()
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_dns(name: str) -> bool:
    return name == "dns" or name.startswith("dns.")


class _Reader(ast.NodeVisitor):
    """Collects one module's imports (edges), and its private and dnspython reach-ins."""

    def __init__(self, module: str, tree: ast.AST | None = None) -> None:
        self.module = module
        #: every identifier this module defines or names (its own underscore names are fine)
        self.own: set[str] = _own_names(tree) if tree is not None else set()
        self.edges: set[str] = set()  # internal modules imported (outside TYPE_CHECKING)
        self.imported_modules: set[str] = set()  # every module named by an import (rules check)
        self.problems: set[str] = set()
        #: local name -> the dotted object it is bound to by an import (``dns.zonefile``,
        #: ``zonelint.loader``, ``zonelint.loader.Loader``)
        self.bindings: dict[str, str] = {}
        self.type_checking = 0

    # -- imports ----------------------------------------------------------------------------

    def _edge(self, target: str) -> None:
        self.imported_modules.add(target)
        if target in MODULES and target != self.module and not self.type_checking:
            self.edges.add(target)

    def _check_dotted(self, dotted: str, how: str) -> None:
        """An underscore part of a dotted name imported or read from elsewhere."""
        parts = dotted.split(".")
        for i, part in enumerate(parts):
            if not _is_private(part):
                continue
            prefix = ".".join(parts[:i])
            if _is_dns(dotted):
                self.problems.add(f"dnspython {self.module} {how} {dotted}")
            elif prefix != self.module and (prefix in MODULES or self._inside_other(prefix)):
                self.problems.add(f"private {self.module} {how} {dotted}")
            return

    def _inside_other(self, prefix: str) -> bool:
        """``prefix`` is an object defined in another zonelint module (``zonelint.loader.Loader``)."""
        parts = prefix.split(".")
        for i in range(len(parts) - 1, 0, -1):
            owner = ".".join(parts[:i])
            if owner in MODULES:
                return owner != self.module
        return False

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self.type_checking += 1
            for child in node.body:
                self.visit(child)
            self.type_checking -= 1
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """A class derived from a dnspython class may not override its private methods (they
        are dnspython's internals, renamed or dropped between releases)."""
        for base in node.bases:
            dotted = self._dotted(base)
            if dotted is None or not _is_dns(dotted):
                continue
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in DNS_PRIVATE:
                    self.problems.add(f"dnspython {self.module} overrides {dotted}.{item.name}")
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_dotted(alias.name, "imports")
            self._edge(alias.name)
            if alias.asname:
                self.bindings[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                self.bindings.setdefault(top, top)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        source = _resolve(self.module, node.level, node.module)
        self._check_dotted(source, "imports")
        for alias in node.names:
            if alias.name == "*":
                self._edge(source)
                continue
            full = f"{source}.{alias.name}"
            if full in MODULES:  # from package import submodule
                self._edge(full)
            else:
                self._edge(source)
            self._check_dotted(full, "imports")
            self.bindings[alias.asname or alias.name] = full

    # -- attribute reads --------------------------------------------------------------------

    def _dotted(self, node: ast.expr) -> str | None:
        attrs = []
        while isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.bindings:
            return None
        return ".".join([self.bindings[node.id], *reversed(attrs)])

    def _check_attribute(self, name: str) -> None:
        """``obj._name`` on an object of unknown origin: a reach-in when ``_name`` is defined in
        another zonelint module (or in dnspython) and nowhere in this one."""
        if not _is_private(name) or name in self.own:
            return
        owners = sorted(m for m in PRIVATE_INDEX.get(name, ()) if m != self.module)
        if owners:
            self.problems.add(f"private {self.module} reads .{name} of {', '.join(owners)}")
        elif name in DNS_PRIVATE:
            self.problems.add(f"dnspython {self.module} reads .{name}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = self._dotted(node)
        if dotted is not None:
            self._check_dotted(dotted, "reads")
            return
        self._check_attribute(node.attr)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Name)
            and func.id in ("getattr", "hasattr", "setattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            base = self._dotted(node.args[0])
            if base is not None:
                self._check_dotted(f"{base}.{node.args[1].value}", "reads")
            else:
                self._check_attribute(node.args[1].value)
        self.generic_visit(node)


def _read_all() -> dict[str, _Reader]:
    readers = {}
    for module, tree in TREES.items():
        reader = _Reader(module, tree)
        reader.visit(tree)
        readers[module] = reader
    return readers


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
    return out


def _rule_api_problems(readers: dict[str, _Reader]) -> set[str]:
    problems = set()
    for module, reader in readers.items():
        if not module.startswith("zonelint.rules") or module in ("zonelint.rules", RULE_HELPERS):
            continue
        if module.startswith(RULE_HELPERS + "."):
            continue  # a part of the helper package: judged with it below
        for target in reader.imported_modules:
            if target == "zonelint" or target == RULE_HELPERS:
                continue
            if target == "zonelint.rules" or target.startswith("zonelint."):
                problems.add(f"rule-api {module} imports {target}")
    # the helper package is public API too: it and its parts may not lean on inner zonelint
    # modules either (its parts import each other; rule modules import only the package)
    for module, reader in readers.items():
        if module != RULE_HELPERS and not module.startswith(RULE_HELPERS + "."):
            continue
        for target in reader.imported_modules:
            if target == "zonelint" or target == RULE_HELPERS or target.startswith(RULE_HELPERS + "."):
                continue
            if target.startswith("zonelint"):
                problems.add(f"rule-api {module} imports {target}")
    return problems


def violations() -> set[str]:
    readers = _read_all()
    found: set[str] = set()
    for reader in readers.values():
        found |= reader.problems
    for component in _cycles({m: r.edges for m, r in readers.items()}):
        found.add("cycle " + " ".join(component))
    found |= _rule_api_problems(readers)
    return found


def test_no_private_reach_ins_cycles_or_inner_imports_in_rules():
    found = sorted(violations())
    assert not found, "import-structure violations (see this test's docstring):\n  " + "\n  ".join(found)


# -- the checker itself: each kind of violation is seen, and allowed forms are not -------------


def _check_source(module: str, source: str) -> set[str]:
    tree = ast.parse(source)
    reader = _Reader(module, tree)
    reader.visit(tree)
    return reader.problems


def test_checker_sees_private_reach_ins():
    mod = "zonelint.runner"
    assert _check_source(mod, "from .engine import _helper\n") == {
        "private zonelint.runner imports zonelint.engine._helper"
    }
    assert _check_source(mod, "from zonelint import engine\nengine._helper()\n") == {
        "private zonelint.runner reads zonelint.engine._helper"
    }
    assert _check_source(mod, "from . import engine as e\ngetattr(e, '_x')\n") == {
        "private zonelint.runner reads zonelint.engine._x"
    }
    assert _check_source(mod, "from .engine import Engine\nEngine._private\n") == {
        "private zonelint.runner reads zonelint.engine.Engine._private"
    }
    assert _check_source(mod, "import zonelint.engine\nzonelint.engine._x\n") == {
        "private zonelint.runner reads zonelint.engine._x"
    }
    # its own private names, dunders and underscore names of non-zonelint modules are fine
    assert _check_source(mod, "_x = 1\nprint(_x)\nfrom . import engine\nengine.__doc__\n") == set()
    assert _check_source(mod, "import os\nos._exit(0)\n") == set()


def test_checker_sees_private_names_read_on_objects():
    """``obj._name`` where ``_name`` belongs to another zonelint module (or to dnspython)."""
    index = PRIVATE_INDEX.copy()
    try:
        PRIVATE_INDEX["_zl_test_private"] = {"zonelint.model"}
        reach = "def f(record):\n    return record._zl_test_private\n"
        assert _check_source("zonelint.shard", reach) == {
            "private zonelint.shard reads ._zl_test_private of zonelint.model"
        }
        # defined here too (an attribute this module sets, a __slots__ entry): its own business
        own = reach + "class C:\n    __slots__ = ('_zl_test_private',)\n"
        assert _check_source("zonelint.shard", own) == set()
        # inherited from another module's class and used through self
        inherit = "class B(Base):\n    def f(self):\n        return self._zl_test_private\n"
        assert _check_source("zonelint.shard", inherit) == {
            "private zonelint.shard reads ._zl_test_private of zonelint.model"
        }
        assert _check_source("zonelint.model", reach) == set()
    finally:
        PRIVATE_INDEX.clear()
        PRIVATE_INDEX.update(index)
    some_dns_private = sorted(DNS_PRIVATE - set(PRIVATE_INDEX))[0]
    assert _check_source("zonelint.loader", f"def f(tok):\n    return tok.{some_dns_private}\n") == {
        f"dnspython zonelint.loader reads .{some_dns_private}"
    }


def test_checker_sees_dnspython_private_names():
    mod = "zonelint.loader"
    assert _check_source(mod, "from dns.tokenizer import _DELIMITERS\n") == {
        "dnspython zonelint.loader imports dns.tokenizer._DELIMITERS"
    }
    assert _check_source(mod, "import dns.zonefile\ndns.zonefile._generate_text('x')\n") == {
        "dnspython zonelint.loader reads dns.zonefile._generate_text"
    }
    assert _check_source(mod, "from dns.zonefile import Reader\nReader._rr_line\n") == {
        "dnspython zonelint.loader reads dns.zonefile.Reader._rr_line"
    }
    assert _check_source(mod, "import dns.name\ndns.name.from_text('a.')\n") == set()
    subclass = "import dns.tokenizer\nclass T(dns.tokenizer.Tokenizer):\n    def {}(self):\n        pass\n"
    assert _check_source(mod, subclass.format("_get_char")) == {
        "dnspython zonelint.loader overrides dns.tokenizer.Tokenizer._get_char"
    }
    assert _check_source(mod, subclass.format("get")) == set()
    assert _check_source(mod, subclass.format("_own_helper_zl")) == set()


def test_checker_sees_cycles_but_not_type_checking_imports():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]
    reader = _Reader("zonelint.model")
    reader.visit(ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .graph import Zone\n"))
    assert reader.edges == set()
    reader = _Reader("zonelint.model")
    reader.visit(ast.parse("def f():\n    from .graph import Zone\n"))
    assert reader.edges == {"zonelint.graph"}


def test_every_module_is_read():
    assert "zonelint.rules" in MODULES and "zonelint.rules.xmpp" in MODULES
    assert "zonelint.report" in MODULES and "zonelint" in MODULES
    assert len(MODULES) >= 30


def test_checker_sees_rules_reaching_past_the_public_api():
    source = (
        "from zonelint import ROOT, Rule\n"
        "from zonelint.model import name_key\n"
        "from .xmpp import child\n"
        "from .helpers import where\n"
        "from zonelint.rules.helpers import two_labels\n"
        "import re\n"
    )
    tree = ast.parse(source)
    reader = _Reader("zonelint.rules.fake", tree)
    reader.visit(tree)
    assert _rule_api_problems({"zonelint.rules.fake": reader}) == {
        "rule-api zonelint.rules.fake imports zonelint.model",
        "rule-api zonelint.rules.fake imports zonelint.rules.xmpp",
    }


def test_example_plugin_uses_only_the_public_api():
    """The example third-party plugin imports zonelint the way docs/plugins.md says: the package
    namespace for rules, ``zonelint.testing`` in its tests, nothing inner."""
    example = REPO / "fixtures" / "plugins" / "zonelint-example-plugin"
    files = sorted(example.rglob("*.py"))
    assert files
    wrong = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("zonelint.") and name != "zonelint.testing":
                    wrong.append(f"{path.relative_to(REPO)}: {name}")
    assert wrong == []
