"""Method documentation generated from the method registry.

``docs/inventory/input-format.md`` holds one example input row per method between
markers; :func:`method_examples_markdown` renders that block and a test checks
the document is current, so the docs cannot drift from the code.
"""

from __future__ import annotations

import csv
import io

from climateplan.inventory.methods import methods

START = "<!-- method-examples:start -->"
END = "<!-- method-examples:end -->"
BASE_FIELDS = ("gpc_ref", "method", "activity", "amount", "unit", "activity_year")


def method_examples_markdown() -> str:
    """One CSV example (header and row) per method, as markdown."""
    parts = []
    for name, spec in sorted(methods().items()):
        example = dict(spec.example)
        for key, value in (example.pop("params", None) or {}).items():
            example[key if key.startswith("param_") else f"param_{key}"] = value
        example.setdefault("method", name)
        fields = [f for f in BASE_FIELDS if f in example]
        fields += sorted(k for k in example if k not in fields)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(fields)
        writer.writerow([example[f] for f in fields])
        parts.append(
            f"### `{name}` — {spec.title_en} / {spec.title_th}\n\n"
            f"{spec.equation}\n\n```csv\n{buffer.getvalue()}```\n"
        )
    return "\n".join(parts)


def render_into(text: str) -> str:
    """``text`` with the block between the markers replaced by the current examples."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{method_examples_markdown()}{END}{tail}"
