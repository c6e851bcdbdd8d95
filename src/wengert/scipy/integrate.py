"""``scipy.integrate``, as wengert differentiates it: ``odeint``.

``odeint(func, y0, t, args)`` takes SciPy's arguments and gives SciPy's values. It is
differentiable in the initial state ``y0``, the times ``t`` and every Var among ``args``
(arrays, floats, or any structure of them that wengert walks: dicts, tuples,
dataclasses), to any order. ``func`` itself is an ordinary function of plain values
written with NumPy calls, as for SciPy; wengert differentiates it where the gradient
needs it.

The gradient is computed by the adjoint method (Pontryagin; as in autograd's
``odeint`` and the neural-ODE paper of Chen et al., 2018): from the last output time back
to the first, the state, its adjoint ``a`` (``da/ds = -J_y^T a``) and the parameters'
adjoint (``-J_p^T a``) are integrated together by ``odeint`` itself, restarting the state
from the recorded output at every output time, and each output time's cotangent is added
as it is passed. The time gradients are ``<g_i, f(y_i, t_i)>`` for the later times and
``-<a(t_0), f(y_0, t_0)>`` for the first. That backward solve is differentiable again
(it is this primitive, on the augmented system), which is how higher derivatives come.

The gradient is therefore as accurate as the solver, not exact to rounding: it solves
another ODE with the same ``rtol``/``atol`` (tighten them for tighter gradients; SciPy's
defaults are 1.5e-8). Refused with a clear error: ``full_output=True`` with Vars (the
solver's statistics have no gradient: call without it), a ``func`` whose result holds a
Var of the caller's tape (it closes over a Var; pass that value through ``args`` so that
its gradient is computed), and complex states (``odeint`` is real).

>>> import numpy as np, wengert as wg, wengert.scipy.integrate as wsi
>>> decay = lambda y, t, k: -k * y
>>> grad = wg.grad(lambda k: wsi.odeint(decay, 1.0, np.array([0.0, 1.0]), args=(k,),
...                                     rtol=1e-10, atol=1e-10)[1, 0])
>>> round(float(grad(2.0)), 6), round(float(-np.exp(-2.0)), 6)  # d/dk e^(-k) = -e^(-k)
(-0.135335, -0.135335)

.. versionadded:: 0.1
"""
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np
import scipy.integrate as _si

from .. import numpy as _wnp
from .. import tree as _tree
from ..primitive import OwnPrimitive as _Primitive
from ..primitive import defcomposite as _defcomposite
from ..primitive import defvjp as _defvjp
from .. import structured as _structured
from ..structured import is_traced as _is_traced
from ..structured import plain_numbers as _plain
from ..transforms import vjp as _vjp

__all__ = ["cumulative_trapezoid", "odeint", "trapezoid"]

#: odeint's keywords that only steer the solver of the forward problem (Dfun and the
#: Jacobian's layout, critical times): the backward solve of the adjoint does not take them.
_FORWARD_ONLY = ("Dfun", "col_deriv", "ml", "mu", "tcrit")


#: SciPy's messages for a solve that succeeded (istate 2, and 1 for a single time).
_SUCCESS = ("Integration successful.", "Nothing was done; the integration time was 0.")
_ADVICE = "Raise mxstep, loosen rtol/atol, or check func for a blow-up."
_ADJOINT_ADVICE = (
    "It integrates the state backward in time between output times, which grows fast for a "
    "stiff, strongly damped problem: pass more output times t (the state restarts from the "
    "recorded solution at each), or raise mxstep.")


class _Problem:
    """An initial value problem with its state, times and parameters packed in one vector
    ``z = [y0 (n), t (T), p (P)]``: ``rhs(y, s, p) -> dy/ds`` (n,) on plain values or Vars."""

    def __init__(self, rhs: Callable[..., Any], n: int, times: int, size_p: int,
                 options: Dict[str, Any], jacobian: Optional[Callable[..., Any]] = None,
                 adjoint: bool = False) -> None:
        self.rhs, self.n, self.times, self.size_p = rhs, n, times, size_p
        self.options, self.jacobian, self.adjoint = options, jacobian, adjoint

    def unpack(self, z: Any) -> Tuple[Any, Any, Any]:
        n, times = self.n, self.times
        return z[:n], z[n:n + times], z[n + times:]

    def solve(self, z: np.ndarray) -> np.ndarray:
        """The states at the times, (T, n), by SciPy on plain values."""
        y0, t, p = self.unpack(z)

        plain_rhs = _refusing_traced(lambda y, s: self.rhs(y, s, p))
        options = dict(self.options)
        if self.jacobian is not None:
            options["Dfun"] = lambda y, s: self.jacobian(y, s, p)
        ys, info = _si.odeint(plain_rhs, y0, t, full_output=True, **options)
        if info["message"] not in _SUCCESS:  # SciPy only warns, and returns what it has
            raise RuntimeError(
                f"wengert.scipy.integrate.odeint: {'the backward solve of the gradient' if self.adjoint else 'the solve'} "
                f"failed ({info['message']}), so {'the gradient' if self.adjoint else 'the solution, and its gradient,'} "
                f"would be wrong. {_ADJOINT_ADVICE if self.adjoint else _ADVICE}")
        return ys

    def backward(self) -> "_Problem":
        """The augmented problem of the adjoint: state [y, a, a_p], the same parameters."""
        n, size_p = self.n, self.size_p

        def augmented(w, s, p):
            (f, pullback) = _vjp(lambda y, q: self.rhs(y, s, q), w[:n], p)
            g_y, g_p = pullback(w[n:2 * n])
            return _wnp.concatenate([f, -g_y, -g_p])
        options = {k: v for k, v in self.options.items() if k not in _FORWARD_ONLY}
        return _Problem(augmented, 2 * n + size_p, 2, size_p, options, adjoint=True)


def _solve(z: Any, problem: _Problem) -> np.ndarray:
    return problem.solve(np.asarray(z, dtype=float))




def _adjoint(ans: Any, z: Any, problem: _Problem) -> Callable[[Any], Any]:
    n, times = problem.n, problem.times

    def pullback(g):
        y0, t, p = problem.unpack(z)
        a, a_p = g[times - 1], np.zeros(problem.size_p)
        grad_t: List[Any] = [0.0] * times
        backward = problem.backward()
        for i in range(times - 1, 0, -1):
            grad_t[i] = np.sum(g[i] * problem.rhs(ans[i], t[i], p))
            start = _wnp.concatenate([ans[i], a, a_p, _wnp.stack([t[i], t[i - 1]]), p])
            end = _solve_prim(start, problem=backward)[1]
            a, a_p = end[n:2 * n] + g[i - 1], end[2 * n:]
        if times > 1:  # moving t_0 moves the whole trajectory, not y(t_0) = y0
            grad_t[0] = -np.sum((a - g[0]) * problem.rhs(y0, t[0], p))
        return _wnp.concatenate([a, _wnp.stack(grad_t), a_p])
    return pullback



def _peek(x: Any) -> Any:
    """The plain value of ``x`` for reading its structure (shape, dtype, fields) only: no
    ``wengert.jit`` guard on its numbers."""
    return _plain(_structured.peek(x))


def _has_traced(x: Any) -> bool:
    return any(_is_traced(leaf) for leaf in _tree.leaves(x))


def _refusing_traced(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` for SciPy's solver: it must return plain numbers."""
    def plain_func(*args):
        out = func(*args)
        if _has_traced(out):
            raise ValueError(
                "wengert.scipy.integrate.odeint: func returned a Var (or a forward-mode Dual): "
                "it closes over a value being differentiated, which the solver cannot see; "
                "pass that value through args=(...) instead, and its gradient is computed")
        return out
    return plain_func


_SLOT = object()  # where a differentiated leaf of args goes in its skeleton


def _skeleton(x: Any, found: List[Any]) -> Any:
    """``x`` as plain containers, each differentiated leaf (a Var or Dual holding a number
    or array, also inside a Var holding a dict or record) replaced by ``_SLOT`` and
    appended, in order, to ``found``."""
    if _is_traced(x):
        kids = _tree.children(_peek(x))
        if kids is None:
            found.append(x)
            return _SLOT
        part = (lambda key: x[key]) if type(_peek(x)) in (dict, list, tuple) else (lambda key: getattr(x, key))
        return _tree.rebuild(_peek(x), [_skeleton(part(key), found) for key, _ in kids])
    kids = _tree.children(x)
    return x if kids is None else _tree.rebuild(x, [_skeleton(kid, found) for _, kid in kids])


#: odeint's solver options between full_output and tfirst, in SciPy's order, with its
#: defaults: the signature is SciPy's, so that options passed by position land where they do
#: in SciPy (a ninth positional argument is ml there: it was tfirst here, which swapped func's
#: arguments). Only those given other than their default are passed on.
_SOLVER_OPTIONS = (("ml", None), ("mu", None), ("rtol", None), ("atol", None), ("tcrit", None),
                   ("h0", 0.0), ("hmax", 0.0), ("hmin", 0.0), ("ixpr", 0), ("mxstep", 0),
                   ("mxhnil", 0), ("mxordn", 12), ("mxords", 5), ("printmessg", 0))


def _given(values: Tuple[Any, ...]) -> Dict[str, Any]:
    """The solver options of ``values`` (in :data:`_SOLVER_OPTIONS`' order) that are not
    SciPy's defaults."""
    return {name: value for (name, default), value in zip(_SOLVER_OPTIONS, values)
            if value is not default and not (default is not None and np.ndim(value) == 0 and value == default)}


def odeint(func: Callable[..., Any], y0: Any, t: Any, args: Any = (), Dfun: Any = None,
           col_deriv: int = 0, full_output: int = 0, ml: Any = None, mu: Any = None, rtol: Any = None,
           atol: Any = None, tcrit: Any = None, h0: float = 0.0, hmax: float = 0.0, hmin: float = 0.0,
           ixpr: int = 0, mxstep: int = 0, mxhnil: int = 0, mxordn: int = 12, mxords: int = 5,
           printmessg: int = 0, tfirst: bool = False) -> Any:
    """Integrate ``dy/dt = func(y, t, *args)`` from ``y0`` at ``t[0]``, as
    ``scipy.integrate.odeint``, differentiable in ``y0``, ``t`` and the Vars among ``args``.

    Takes SciPy's arguments (``rtol``, ``atol``, ``mxstep``, ``hmax``, ``tfirst``, ``Dfun``,
    ...) and returns SciPy's array of shape ``(len(t), len(y0))``. The gradient comes
    from a backward solve of the adjoint system with the same tolerances (see the module's
    documentation): as accurate as the solver.

    >>> import numpy as np, wengert as wg, wengert.scipy.integrate as wsi
    >>> t = np.linspace(0.0, 1.0, 3)
    >>> final = lambda y0: np.sum(wsi.odeint(lambda y, s: -y, y0, t, rtol=1e-10, atol=1e-10)[-1])
    >>> np.round(wg.grad(final)(np.array([1.0, 2.0])), 6)  # d e^(-1) y0 / d y0
    array([0.367879, 0.367879])

    .. versionadded:: 0.1
    """
    options = _given((ml, mu, rtol, atol, tcrit, h0, hmax, hmin, ixpr, mxstep, mxhnil, mxordn, mxords,
                      printmessg))
    args = args if isinstance(args, tuple) else (args,)
    if not (_has_traced(y0) or _has_traced(t) or _has_traced(args)):
        return _si.odeint(_refusing_traced(func), y0, t, args=args, Dfun=Dfun, col_deriv=col_deriv,
                          full_output=full_output, tfirst=tfirst, **options)
    if full_output:
        raise ValueError("wengert.scipy.integrate.odeint: full_output=True returns the solver's "
                         "statistics, which have no gradient; call it without full_output")
    if np.ndim(_peek(y0)) > 1 or np.ndim(_peek(t)) != 1:
        raise ValueError("wengert.scipy.integrate.odeint: y0 must be a number or a 1-d array and t "
                         f"a 1-d array (got shapes {np.shape(_peek(y0))} and {np.shape(_peek(t))})")
    if np.iscomplexobj(_peek(y0)):
        raise TypeError("wengert.scipy.integrate.odeint: the state is complex; odeint integrates "
                        "real states (split it into real and imaginary parts)")
    leaves: List[Any] = []
    skeleton = _skeleton(args, leaves)
    shapes = [np.shape(_peek(leaf)) for leaf in leaves]
    bounds = np.cumsum([0] + [int(np.prod(shape)) for shape in shapes])

    def call_args(p):
        """``args`` with its differentiated leaves taken, in order, from the flat ``p``."""
        values = iter([_wnp.reshape(p[bounds[k]:bounds[k + 1]], shape) for k, shape in enumerate(shapes)])
        return _tree.map_leaves(lambda leaf: next(values) if leaf is _SLOT else leaf, skeleton)

    def rhs(y, s, p):
        built = call_args(p)
        out = func(s, y, *built) if tfirst else func(y, s, *built)
        return _wnp.reshape(_wnp.array(out) if isinstance(out, (list, tuple)) else out, (n,))

    jacobian = None
    if Dfun is not None:
        def jacobian(y, s, p):
            built = call_args(p)
            return Dfun(s, y, *built) if tfirst else Dfun(y, s, *built)
        options["col_deriv"] = col_deriv
    n = int(np.size(_peek(y0)))
    times = int(np.size(_peek(t)))
    z = _wnp.concatenate([_wnp.ravel(x) for x in (y0, t, *leaves)])
    return _solve_prim(z, problem=_Problem(rhs, n, times, int(bounds[-1]), options, jacobian))


# The packed problem's primitive, declared under SciPy's name and exposed as odeint above.
# wengert.jit replays it with the recorded func and non-differentiated args, as it replays
# any value a function closes over (they come from its signature or its own code).
_solve_prim = _Primitive(_solve, name="scipy.integrate.odeint", names=("scipy.integrate.odeint",),
                         exposed=odeint, reenters="any")
_defvjp(_solve_prim, _adjoint)


# -- the trapezoidal rule -------------------------------------------------------------

def trapezoid(y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1) -> Any:
    """The integral of ``y`` along ``axis`` by the trapezoidal rule, as
    ``scipy.integrate.trapezoid``: ``np.trapezoid``, differentiable in ``y``, ``x`` and ``dx``
    (to any order; linear in ``y``).

    >>> import numpy as np, wengert as wg, wengert.scipy.integrate as wsi
    >>> wg.grad_bp(lambda y: wsi.trapezoid(y, dx=0.5), np.ones(4))
    array([0.25, 0.5 , 0.5 , 0.25])

    .. versionadded:: 0.1
    """
    return np.trapezoid(y, x=x, dx=dx, axis=axis)


def cumulative_trapezoid(y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1, initial: Any = None) -> Any:
    """The running integral of ``y`` along ``axis`` by the trapezoidal rule, as
    ``scipy.integrate.cumulative_trapezoid``: the cumulative sum of the trapezoids
    ``d * (y[1:] + y[:-1]) / 2``, with ``initial=0`` a zero in front (SciPy's only other
    value of ``initial``). Differentiable in ``y``, ``x`` and ``dx``, to any order.

    >>> import numpy as np, wengert as wg, wengert.scipy.integrate as wsi
    >>> wsi.cumulative_trapezoid(np.array([0.0, 1.0, 2.0]), initial=0)
    array([0. , 0.5, 2. ])

    .. versionadded:: 0.1
    """
    if initial is not None and (_is_traced(initial) or not np.isscalar(initial) or initial != 0):
        raise ValueError("scipy.integrate.cumulative_trapezoid: `initial` must be None or 0 "
                         "(SciPy's other values are deprecated and then refused); add a constant "
                         "to the result instead")
    y = y if _is_traced(y) else np.asarray(y)
    ndim = np.ndim(_peek(y))
    axis = axis + ndim if axis < 0 else axis
    if np.shape(_peek(y))[axis] == 0:  # SciPy's refusal (the slices below would give [] or [0.])
        raise ValueError("At least one point is required along `axis`.")
    if x is None:
        d = dx
    elif np.ndim(_peek(x)) == 1:
        d = np.diff(x)
        if np.shape(_peek(d))[0] != np.shape(_peek(y))[axis] - 1:
            raise ValueError("If given, length of x along axis must be the same as y.")
        d = _wnp.reshape(d, tuple(-1 if k == axis else 1 for k in range(ndim)))
    elif np.ndim(_peek(x)) != ndim:
        raise ValueError("If given, shape of x must be 1-D or the same as y.")
    else:
        d = np.diff(x, axis=axis)
    upper = tuple(slice(1, None) if k == axis else slice(None) for k in range(ndim))
    lower = tuple(slice(None, -1) if k == axis else slice(None) for k in range(ndim))
    out = np.cumsum(d * (y[upper] + y[lower]) / 2.0, axis=axis)
    if initial is None:
        return out
    shape = list(np.shape(_peek(out)))
    shape[axis] = 1
    return np.concatenate([np.zeros(shape, dtype=np.result_type(_peek(out))), out], axis=axis)


for _fn in (trapezoid, cumulative_trapezoid):
    _defcomposite(_fn, _fn, names=(f"scipy.integrate.{_fn.__name__}",))
del _fn
