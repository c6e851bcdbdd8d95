"""A picture of the computation: the tape of a call rendered as a Graphviz DOT graph.

Nodes are labelled with their op and the value's shape (or the value itself for a
float); edges go from each input to the node that uses it, in the direction of the
dependency, as the seed article draws ``d = a * (a + b)``. Render the text with
Graphviz (``dot -Tpng graph.dot -o graph.png``) or any DOT viewer.

.. versionadded:: 0.1
"""
import inspect
from typing import Any, Callable, Dict, Optional

from .runners import Recording

__all__ = ["to_dot"]


def _describe(value):
    if type(value) is float:
        return f"{value:.6g}"
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"{type(value).__name__} {tuple(shape)}"
    return type(value).__name__


def _quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _argument_names(f, n):
    try:
        params = list(inspect.signature(f).parameters)
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"arg{i}" for i in range(n)]


def _name_parts(leaf, name, names, part_of):
    """Name the part leaves read from the argument ``leaf`` (``net.w1``, ``d['w']``), nested."""
    for key, part in leaf.parts.items():
        names[part.index] = part_name = f"{name}.{key}" if leaf.is_record else f"{name}[{key!r}]"
        part_of[part.index] = leaf.index
        _name_parts(part, part_name, names, part_of)


def to_dot(f: Callable[..., Any], *args: Any, title: Optional[str] = None) -> str:
    """Record ``f(*args)`` and return its tape as Graphviz DOT text.

    >>> import wengert as wg
    >>> print(wg.viz.to_dot(lambda a, b: a * (a + b), 4.0, 3.0))  # doctest: +ELLIPSIS
    digraph wengert {
    ...
      n0 -> n2;
    ...
    }

    .. versionadded:: 0.1
    """
    rec = Recording(f, args, range(len(args)), {}, keep_values=True).keep_no_vars()
    tape = rec.tape
    try:
        names = {leaf.index: name for leaf, name in zip(rec.leaves, _argument_names(f, len(args)))}
        part_of: Dict[int, int] = {}  # a part leaf (net.w1) -> the argument it was read from, drawn as an edge
        for leaf in rec.leaves:
            _name_parts(leaf, names[leaf.index], names, part_of)
        lines = ["digraph wengert {", "  rankdir=LR;",
                 '  node [shape=box, style=rounded, fontname="Helvetica"];']
        if title:
            lines.append(f"  label={_quote(title)};")
        for i in range(len(tape)):
            node = tape.node(i)
            value = tape.value(i)
            op = names.get(i, node["op"])
            shape = "ellipse" if i in names else "box"
            style = ', penwidth=2' if i == rec.root else ""
            label = f"{op}\n{_describe(value)}"
            lines.append(f"  n{i} [label={_quote(label)}, shape={shape}{style}];")
            for p in node["parents"]:
                lines.append(f"  n{p} -> n{i};")
            if i in part_of:
                lines.append(f"  n{part_of[i]} -> n{i} [style=dashed];")
        lines.append("}")
        return "\n".join(lines)
    finally:
        tape.close()


