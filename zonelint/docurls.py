"""Where a rule's documentation and its package's repository live, read from the providing
package's own metadata (``[project.urls]`` in its ``pyproject.toml``):

```toml
[project.urls]
Repository = "https://github.com/OWNER/zonelint"
"Rule documentation" = "https://github.com/OWNER/zonelint/blob/v{version}/docs/rules/{code}.md"
```

``{version}`` becomes the package's version, ``{code}`` the rule code and ``{name}`` the rule
name. zonelint and every plugin are treated alike; a package without such an entry gets no URL
(nothing is guessed). SARIF ``helpUri``/``informationUri``, ``zonelint explain`` and the language
server's ``codeDescription.href`` all come from here.
"""

from __future__ import annotations

import os
import re
from typing import Any

#: labels (normalized as PEP 753 does: lower case, no punctuation or spaces) of each kind of URL
RULE_DOC_LABELS = ("ruledocumentation", "ruledocs", "rules")
REPOSITORY_LABELS = ("repository", "source", "sourcecode", "code", "homepage")


def normalize_label(label: str) -> str:
    return re.sub(r"[^a-z0-9]", "", label.lower())


def _metadata_lines(dist: Any) -> list[str] | None:
    """The ``Project-URL`` header values of a distribution (entry-point scan or importlib)."""
    folder = getattr(dist, "folder", None)
    if folder is not None:
        for meta in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(folder, meta), encoding="utf-8", errors="replace") as f:
                    out = []
                    for line in f:
                        if not line.strip():
                            break  # end of the headers
                        if line.lower().startswith("project-url:"):
                            out.append(line.split(":", 1)[1].strip())
                    return out
            except OSError:
                continue
        return None
    meta = getattr(dist, "metadata", None)
    if meta is None:
        return None
    try:
        return list(meta.get_all("Project-URL") or [])
    except Exception:  # noqa: BLE001 - odd metadata must not break a run
        return None


def project_urls(dist: Any) -> dict[str, str]:
    """Normalized label -> URL of a distribution's ``Project-URL`` entries ({} when none)."""
    out: dict[str, str] = {}
    for entry in _metadata_lines(dist) or []:
        label, sep, url = entry.partition(",")
        if sep and url.strip():
            out.setdefault(normalize_label(label), url.strip())
    return out


def _first(urls: dict[str, str], labels: tuple[str, ...]) -> str | None:
    for label in labels:
        if label in urls:
            return urls[label]
    return None


class DocLinks:
    """URLs for the rules and plugins of one registry, read once per plugin."""

    def __init__(self, registry: Any) -> None:
        self._registry = registry
        self._cache: dict[str, dict[str, str]] = {}

    def _urls(self, plugin: str) -> dict[str, str]:
        if plugin not in self._cache:
            dist = (getattr(self._registry, "distributions", None) or {}).get(plugin)
            self._cache[plugin] = project_urls(dist) if dist is not None else {}
        return self._cache[plugin]

    def _version(self, plugin: str) -> str:
        if plugin == "builtin":
            from . import __version__

            return (getattr(self._registry, "plugins", {}) or {}).get(plugin) or __version__
        return (getattr(self._registry, "plugins", {}) or {}).get(plugin) or ""

    def rule_url(self, cls: Any) -> str | None:
        """The rule's documentation page, or None when its package declares no template."""
        return self.page_url(getattr(cls, "plugin", "") or "builtin", cls.code, cls.name)

    def page_url(self, plugin: str, code: str, name: str) -> str | None:
        """The page of rule ``code`` of ``plugin`` (``ZL000``, not a rule, has one too)."""
        template = _first(self._urls(plugin), RULE_DOC_LABELS)
        if not template:
            return None
        return (
            template.replace("{version}", self._version(plugin))
            .replace("{code}", code)
            .replace("{name}", name)
        )

    def repository_url(self, plugin: str = "builtin") -> str | None:
        """The package's repository (or home page), or None when its metadata has none."""
        return _first(self._urls(plugin), REPOSITORY_LABELS)
