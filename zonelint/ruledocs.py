"""Rule documentation rendered from the rules' own metadata: the README rule table (checked by a
test so it cannot drift) and section extraction for SARIF ``fullDescription``.

Regenerate the README table with ``python -m zonelint.ruledocs --write README.md``.
"""

from __future__ import annotations

import re
import sys

START = "<!-- rules:start -->"
END = "<!-- rules:end -->"


def section(doc: str, heading: str) -> str:
    """The text under ``## heading`` in a rule's documentation ('' when absent)."""
    m = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^##\s|\Z)", doc, re.M | re.S)
    return m.group(1).strip() if m else ""


def rule_table(rules) -> str:
    """A Markdown table of the given rule classes (code, name, severity, summary)."""
    lines = ["| code | name | severity | what it reports |", "|---|---|---|---|"]
    for r in rules:
        summary = r.summary.replace("|", "\\|")
        lines.append(f"| {r.code} | `{r.name}` | {r.severity} | {summary} |")
    return "\n".join(lines)


def builtin_table() -> str:
    from .plugins import load_registry

    reg = load_registry()
    return rule_table([r for r in reg.sorted() if r.plugin == "builtin"])


def replace_table(readme: str, table: str) -> str:
    i, j = readme.index(START), readme.index(END)
    return readme[: i + len(START)] + "\n" + table + "\n" + readme[j:]


def main(argv: list[str]) -> int:
    table = builtin_table()
    if argv[:1] == ["--write"] and len(argv) == 2:
        path = argv[1]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(replace_table(text, table))
        return 0
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
