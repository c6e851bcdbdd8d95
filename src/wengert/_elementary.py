"""The elementary functions with a scalar fast path, each declared once: one row of
:data:`ELEMENTARY` (internal; use ``wengert.exp`` & co.).

A row is everything wengert knows about one of them: its name (``wengert.<name>``, and
its op code's name on the tape), its value and its derivative as expressions of ``x``
(and of ``ans``, the value), where it raises on floats (as Python's ``math`` module does),
the NumPy function its arrays go to, and its docstring's first line and example. The
derivative is written once, here; everything else is derived from the table:

- the compiled core: setup.py renders ``csrc/wengert/_scalar.pyx`` from its template
  (``_scalar.pyx.tp``, with :func:`cython_context`): each row becomes a C function, its
  partial, its domain check and a row of the scalar op table, at op code
  ``OP_ELEMENTARY + k`` (``k``: the row's position), and the ``def`` users call;
- the pure-Python twin ``wengert._scalar_py`` compiles the same expressions at import,
  with Python's ``math`` functions computing as C's libm does (:func:`compile_expression`);
- the tape's op-code names (``wengert._tape.OPCODE_NAMES``), and ``wengert.jit``'s replay,
  which recomputes a node from its row;
- the NumPy rule of each function (``wengert.ops.elementwise``): ``g * partial``
  (:func:`vjp_expression`), written with NumPy's functions, so differentiable again.

Expressions are Python syntax, and mean the same in C, in the twin and in NumPy: numbers,
``x`` and ``ans``, ``+ - * /``, comparisons, ``and``/``or``, and calls of :data:`FUNCTIONS`
(and of ``logistic`` and ``hypot1``: :func:`value_functions`).
The values follow ``math`` on floats: a row raises ``ValueError("math domain error")``
where ``domain_error`` holds, and ``OverflowError("math range error")`` for a finite ``x``
with an infinite value if it ``overflows`` (``tests/test_core_twins.py`` checks that both
cores agree, bit for bit, at zeros, infinities, NaN and overflow).

This module imports nothing of wengert: setup.py reads it without importing the package.
"""
import ast
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

#: The functions an expression may call, by C's (and Python's ``math``) name: libm's in the
#: compiled core, ``math``'s in the twin (NaN where ``math`` raises ValueError and C gives
#: NaN: ``sin(inf)``), NumPy's (``np.<name>``) in the array rules. ``logistic``
#: (``1 / (1 + exp(-x))`` without overflow) and ``hypot1`` (``sqrt(1 + x * x)`` without
#: overflow) are wengert's own (:func:`value_functions`).
FUNCTIONS = ("exp", "expm1", "log", "log1p", "sin", "cos", "tan", "sinh", "cosh", "tanh",
             "asinh", "atan", "sqrt", "fabs")


class Elementary(NamedTuple):
    """One elementary function: a row of :data:`ELEMENTARY`."""
    name: str                  # wengert.<name>; its op code is called <name> on the tape
    value: str                 # its value, an expression of x
    partial: str               # d value / d x, an expression of x and ans (the value)
    numpy: Optional[str]       # np.<numpy> computes it on arrays (None: ops.elementwise's own)
    doc: str                   # the first line of its docstring
    example: Tuple[str, str]   # wengert.<name>(example[0]) gives example[1] (a doctest)
    domain_error: Optional[str] = None  # ValueError("math domain error") where this holds
    overflows: bool = False    # OverflowError("math range error"): finite x, infinite value
    # The NumPy rule's derivatives (second order and up) differentiate this expression, equal
    # to ``partial`` but written so that its own derivative is exact (``partial`` gives the
    # value): the exact partial's derivative may cancel where this one's does not. For real
    # and complex x; without it, ``partial`` (``complex_partial`` for complex x) is differentiated.
    differentiated: Optional[str] = None
    complex_partial: Optional[str] = None  # the partial for complex x (NumPy rule), if not partial
    # (condition, cheaper partial): the scalar cores (C and the twin) compute this one where
    # the condition holds, where it equals ``partial`` to about an ulp (:func:`scalar_partial`)
    shortcut: Optional[Tuple[str, str]] = None
    # An int (a subclass too, a bool, an IntEnum member) is taken at its integer value, as
    # math.<name> takes it (math.log's int path, whatever the subclass's __float__ says, a huge
    # int through its exponent: math.log(10**400) is 921.03): the cores call math.<name> on it.
    # Without it an int subclass is the float its __float__ gives, as math.exp takes it.
    int_value: bool = False
    # Where the scalar partial (a condition of x and ans), though right, is out of the normal range while a cotangent
    # or tangent times it may be a normal number: the scalar cores send such a point to the NumPy rule, which forms the
    # product apart (exp's e^x below 2^-1022: grad of 1e300 * exp(x) at -744 was 9.88e-24, the truth 7.67e-24), and a
    # replay records it afresh (the partial there is below 4 2^-1022, which the compiled replay tests first)
    far: Optional[str] = None


#: The elementary functions, in op-code order (row k has op code OP_ELEMENTARY + k).
ELEMENTARY = (
    Elementary("exp", "exp(x)", "ans", "exp",
               "Exponential of a float, scalar Var, array or array Var.", ("0.0", "1.0"),
               overflows=True, far="x < -708.3964185322641 and x > -1500.0"),
    Elementary("log", "log(x)", "1.0 / x", "log",
               "Natural logarithm (``ValueError`` for a float ``x <= 0``, as ``math.log``).",
               ("1.0", "0.0"), domain_error="x <= 0.0", int_value=True),
    Elementary("sin", "sin(x)", "cos(x)", "sin", "Sine.", ("0.0", "0.0")),
    Elementary("cos", "cos(x)", "-sin(x)", "cos", "Cosine.", ("0.0", "1.0")),
    Elementary("tan", "tan(x)", "1.0 + ans * ans", "tan", "Tangent.", ("0.0", "0.0")),
    # (1 - ans * ans cancels as |ans| nears 1: 3e-8 off at x = 10 and 0 from x = 19.1 on,
    # where the truth is 4 e^-2|x|. Exact: sech^2 = (1 - |t|)(1 + |t|) with 1 - |t| =
    # e (1 + |t|), e = exp(-2|x|): one exp. Its derivative is 1 - ans * ans's, exact at tiny x.)
    # On floats 1 - ans * ans where it does not cancel, |ans| < 0.625 (1.6 ulp at most).)
    Elementary("tanh", "tanh(x)", "exp(-2.0 * fabs(x)) * (1.0 + fabs(ans)) * (1.0 + fabs(ans))",
               "tanh", "Hyperbolic tangent.", ("0.0", "0.0"),
               differentiated="1.0 - ans * ans", shortcut=("fabs(ans) < 0.8", "1.0 - ans * ans"),
               complex_partial="4.0 * logistic(2.0 * x) * logistic(-2.0 * x)",
               far="fabs(x) > 354.19820926613205 and fabs(x) < 750.0"),
    # (+ 0.0: sqrt(-0.0) is -0.0, and the derivative there is +inf too, the one-sided one)
    Elementary("sqrt", "sqrt(x)", "0.5 / (ans + 0.0)", "sqrt",
               "Square root (``ValueError`` for a negative float, as ``math.sqrt``).",
               ("4.0", "2.0"), domain_error="x < 0.0"),
    # (ans * (1 - ans) cancels as ans nears 1: 1e-3 off at x = 30, 0 from x = 37 on, where
    # the truth is e^-x. Exact: e m^2 with e = exp(-|x|) and m = logistic(|x|) = max(ans,
    # 1 - ans), without cancellation (1 - ans only where ans < 0.5): one exp. Its derivative
    # is that of (1 - tanh(x / 2)^2) / 4, exact at tiny x, where ans * logistic(-x)'s cancels.
    # On floats ans * (1 - ans) where it does not cancel, x < 0.5 (1 - ans > 0.377).)
    # far (tanh's too): where e^-|x| (e^-2|x|) is below the normal range, the partial that e^-|x| times
    # m^2 = 1 (4 e^-2|x|) to the last bit: ops.elementwise forms g times it as scaled_exp (grad of
    # 1e300 * logistic(x) at -745 was 4.94e-24, the truth 2.82e-24; of 1e300 * tanh(x) at 400 0 for 1.47e-47)
    Elementary("logistic", "logistic(x)",
               "exp(-fabs(x)) * (0.5 + fabs(ans - 0.5)) * (0.5 + fabs(ans - 0.5))", None,
               "The logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow.",
               ("0.0", "0.5"),
               differentiated="0.25 - 0.25 * tanh(0.5 * x) * tanh(0.5 * x)",
               shortcut=("x < 0.75", "ans * (1.0 - ans)"),
               complex_partial="ans * logistic(-x)", far="fabs(x) > 708.3964185322641 and fabs(x) < 1500.0"),
    # (1 / sqrt(1 + x * x), with hypot1(x) = sqrt(1 + x * x) without the overflow of x * x
    # from |x| = 1.3e154 on (the derivative was 0 at 1e200, the truth 1e-200): 2 ulp at
    # every magnitude, where 1 / cosh(ans) was 1.6e-13 off at 1e308 (ans, 710, is rounded).
    # For complex x 1 / cosh(ans): on arcsinh's cut (-+0 + 2j) cosh of the value is on the
    # side NumPy's value is on, by construction.)
    Elementary("arcsinh", "asinh(x)", "1.0 / hypot1(x)", "arcsinh",
               "Inverse hyperbolic sine.", ("0.0", "0.0"), complex_partial="1.0 / cosh(ans)"),
)

_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd, ast.Lt, ast.LtE,
              ast.Gt, ast.GtE, ast.Eq, ast.NotEq, ast.And, ast.Or, ast.Load)
_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.Call,
          ast.Name, ast.Constant) + _OPERATORS


def parse(expression: str, variables: Sequence[str], functions: Sequence[str] = FUNCTIONS,
          conditional: bool = False) -> ast.Expression:
    """``expression`` parsed, after checking that it is one the three cores read alike
    (``a if c else b`` too given ``conditional``: the scalar cores only, see :func:`scalar_partial`).

    >>> ast.unparse(parse("1.0 / sqrt(x * x + 1.0)", ("x",)))
    '1.0 / sqrt(x * x + 1.0)'
    """
    tree = ast.parse(expression, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.IfExp) and conditional:
            problem = ""
        elif not isinstance(node, _NODES):
            problem = f"{type(node).__name__} is not allowed (only + - * /, comparisons, and, or)"
        elif isinstance(node, ast.Call):
            problem = ("" if isinstance(node.func, ast.Name) and node.func.id in functions
                       and len(node.args) == 1 and not node.keywords
                       else f"only calls of one argument of {', '.join(functions)}")
        elif isinstance(node, ast.Name):
            problem = "" if node.id in variables or node.id in functions else f"unknown name {node.id!r}"
        elif isinstance(node, ast.Constant):
            problem = "" if type(node.value) in (int, float) else f"constant {node.value!r}"
        else:
            problem = ""
        if problem:
            raise ValueError(f"wengert._elementary: {expression!r}: {problem}")
    return tree


class _Renamed(ast.NodeTransformer):
    """Calls renamed (``exp`` -> ``c_exp``) and, optionally, ``a / b`` -> ``divide(a, b)``."""
    def __init__(self, prefix: str, divide: Optional[str]) -> None:
        self.prefix, self.divide = prefix, divide

    def visit_Call(self, node: ast.Call) -> Any:
        self.generic_visit(node)
        assert isinstance(node.func, ast.Name)
        node.func = ast.Name(id=self.prefix + node.func.id, ctx=ast.Load())
        return node

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        self.generic_visit(node)
        if self.divide is None or not isinstance(node.op, ast.Div):
            return node
        return ast.Call(func=ast.Name(id=self.divide, ctx=ast.Load()), args=[node.left, node.right],
                        keywords=[])


def render(expression: str, variables: Sequence[str], prefix: str = "", divide: Optional[str] = None,
           functions: Sequence[str] = FUNCTIONS, conditional: bool = False) -> str:
    """``expression`` checked and written out again, its calls prefixed (``c_exp(x)``) and
    its divisions, given ``divide``, as calls of it."""
    tree = _Renamed(prefix, divide).visit(parse(expression, variables, functions, conditional))
    return ast.unparse(ast.fix_missing_locations(tree))


def compile_expression(expression: str, variables: Sequence[str], namespace: Dict[str, Any],
                       divide: Optional[Callable[[float, float], float]] = None,
                       functions: Sequence[str] = FUNCTIONS, conditional: bool = False) -> Callable[..., Any]:
    """``lambda *variables: expression``, its calls bound to ``namespace``'s functions and,
    given ``divide``, its divisions computed by it (C's division on floats, in the twin).

    >>> import math
    >>> compile_expression("cos(x) + ans", ("x", "ans"), {"cos": math.cos})(0.0, 1.0)
    2.0
    """
    scope = {"f_" + name: namespace[name] for name in functions if name in namespace}
    scope["divide"] = divide
    body = render(expression, variables, "f_", "divide" if divide is not None else None, functions, conditional)
    return eval(f"lambda {', '.join(variables)}: {body}", scope)  # noqa: S307  (our own table)


def value_functions() -> Tuple[str, ...]:
    """The functions a value or a partial may call: :data:`FUNCTIONS`, ``logistic`` and
    ``hypot1`` (``hypot(1, x)``; in the scalar cores ``sqrt(1 + x * x)`` below ``|x| = 2^27``
    and ``|x|`` above, where ``1 + x * x`` rounds to ``x * x``: the same in C and in Python)."""
    return FUNCTIONS + ("logistic", "hypot1")


def scalar_partial(row: Elementary) -> str:
    """The partial the scalar cores compute (C and the twin, on floats): ``partial``, or
    ``cheaper if condition else partial`` given the row's ``shortcut``.

    >>> scalar_partial(ELEMENTARY[1])
    '1.0 / x'
    """
    if row.shortcut is None:
        return row.partial
    condition, cheaper = row.shortcut
    return f"({cheaper}) if ({condition}) else ({row.partial})"


def uses(row: Elementary) -> str:
    """What the row's partial reads: ``"a"`` the value, ``"x"`` the argument (the NumPy
    rule keeps only that alive).

    >>> uses(ELEMENTARY[0]), uses(ELEMENTARY[1])
    ('a', 'x')
    """
    names = {node.id for expression in (row.partial, row.differentiated, row.complex_partial) if expression
             for node in ast.walk(parse(expression, ("x", "ans"), value_functions()))
             if isinstance(node, ast.Name)}
    return ("a" if "ans" in names else "") + ("x" if "x" in names else "")


def vjp_expression(row: Elementary) -> str:
    """The row's NumPy rule as an expression of ``g``, ``ans`` and ``x``: ``g * (partial)``,
    and ``g / (b)`` for a partial ``1.0 / b`` (one array operation, not two).

    >>> vjp_expression(ELEMENTARY[1]), vjp_expression(ELEMENTARY[2])
    ('g / x', 'g * cos(x)')
    """
    body = parse(row.partial, ("x", "ans"), value_functions()).body
    if (isinstance(body, ast.BinOp) and isinstance(body.op, ast.Div)
            and isinstance(body.left, ast.Constant) and body.left.value == 1.0):
        return f"g / {_operand(body.right)}"
    return f"g * {_operand(body)}"


def _operand(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if isinstance(node, (ast.Name, ast.Call, ast.Constant)) else f"({text})"


def docstring(row: Elementary, indent: str = "") -> str:
    """The docstring of ``wengert.<name>``: its first line and its example."""
    lines = [row.doc, "", ">>> import wengert as wg", f">>> wg.{row.name}({row.example[0]})",
             row.example[1]]
    return f"\n{indent}".join(lines) + f"\n{indent}"


def cython_context() -> Dict[str, Any]:
    """What ``csrc/wengert/_scalar.pyx.tp`` is rendered with (by setup.py): per row, its C
    expressions (libm's functions as ``c_<name>``) and docstring; the libm functions to cimport."""
    rows: List[Dict[str, Any]] = []
    libm = {"exp", "fabs", "sqrt"}  # (the logistic and hypot1 helpers')
    for k, row in enumerate(ELEMENTARY):
        shortcut = row.shortcut[0] if row.shortcut is not None else None
        for expression, variables in ((row.value, ("x",)), (scalar_partial(row), ("x", "ans")),
                                      (row.domain_error or "0", ("x",)), (shortcut or "0", ("x", "ans"))):
            tree = parse(expression, variables, value_functions(), conditional=True)
            libm |= {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Name) and n.func.id in FUNCTIONS}
        rows.append({
            "k": k, "name": row.name, "overflows": row.overflows, "int_value": row.int_value,
            "value": render(row.value, ("x",), "c_", functions=value_functions()),
            "partial": render(scalar_partial(row), ("x", "ans"), "c_", functions=value_functions(),
                              conditional=True),
            "domain_error": row.domain_error and render(row.domain_error, ("x",), "c_"),
            "checked": bool(row.domain_error) or row.overflows,
            "shortcut": shortcut and render(shortcut, ("x", "ans"), "c_", functions=value_functions(),
                                           conditional=True),
            "far": row.far and render(row.far, ("x", "ans"), "c_", functions=value_functions()),
            "doc": docstring(row, "    "),
        })
    return {"rows": rows, "libm": sorted(libm), "names": tuple(row.name for row in ELEMENTARY)}
