"""The names a report template uses without defining them (for context-contract tests)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import meta, nodes

from assessment.report.render import environment


def template_names(path: Path) -> set[str]:
    """The top-level names a template uses without defining them itself.

    A child template's own top-level {% set %} and {% import %} reach its blocks at render
    time, but find_undeclared_variables sees each block alone, so those names are taken out.
    """
    tree = environment().parse(path.read_text(encoding="utf-8"))
    targets = [a.target for a in tree.find_all(nodes.Assign)]
    own = {
        n.name for t in targets for n in [t, *t.find_all(nodes.Name)] if isinstance(n, nodes.Name)
    }
    own |= {i.target for i in tree.find_all(nodes.Import)}
    return set(meta.find_undeclared_variables(tree)) - own
