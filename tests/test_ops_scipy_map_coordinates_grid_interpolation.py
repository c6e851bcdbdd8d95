"""SciPy functions: ``scipy.ndimage.map_coordinates`` (order 0 and 1, every mode; in
``input``, ``coordinates`` and ``cval``) and ``scipy.interpolate``'s ``RegularGridInterpolator``
and ``interpn`` (linear and nearest; in ``values``, ``xi`` and the grid's points).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where a rule does not hold.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.interpolate as si  # noqa: E402
import scipy.ndimage as snd  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.interpolate as wsi  # noqa: E402
import wengert.scipy.ndimage as wnd  # noqa: E402
from opcheck import case, crand, gradient_test, listing_test, rand  # noqa: E402

MODES = ("constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap", "grid-wrap")


def _coordinates(shape, count, seed, low=-1.7, high=None):
    """Coordinates inside and around an input of ``shape``, each at least 0.05 from the
    integers and the half-integers (where the interpolants switch)."""
    rng = np.random.default_rng(seed)
    rows = []
    for n in shape:
        x = rng.uniform(low, (n + 0.7) if high is None else high, count)
        x = np.round(x * 4.0) / 4.0 + 0.125 * np.sign(rng.uniform(-1.0, 1.0, count))  # k/4 +- 1/8
        rows.append(x)
    return np.array(rows)


IMAGE_1D, IMAGE_2D, IMAGE_3D = rand((4,), seed=160), rand((3, 4), seed=161), rand((2, 3, 2), seed=162)
AT_1D, AT_2D, AT_3D = _coordinates((4,), 9, 163), _coordinates((3, 4), 8, 164), _coordinates((2, 3, 2), 5, 165)
INSIDE_2D = _coordinates((3, 4), 6, 166, low=0.0, high=1.9)

#: a rectilinear grid (uneven steps), its values (with a trailing axis) and query points
GRID = (np.array([-1.0, 0.0, 0.5, 2.0]), np.array([0.0, 1.0, 3.0]))
VALUES = rand((4, 3), seed=170)
VALUES_3 = rand((4, 3, 2), seed=171)
XI = np.array([[-0.7, 0.3], [0.2, 2.1], [1.3, 0.6], [1.9, 2.9]])
XI_AROUND = np.array([[-1.6, 0.3], [0.2, 3.4], [1.3, 0.6], [2.8, -0.5]])


def _interpolated(method="linear", **kwargs):
    return lambda values, xi: wsi.RegularGridInterpolator(GRID, values, method=method, **kwargs)(xi)

CASES = [
    # -- map_coordinates, order 1: every mode, 1-d to 3-d, in the input and the coordinates
    *[case(wnd.map_coordinates, lambda a, x, mode=mode: wnd.map_coordinates(a, x, order=1, mode=mode, cval=0.3),
           image, at, id=f"map_coordinates-{image.ndim}d-{mode}")
      for mode in MODES for image, at in ((IMAGE_1D, AT_1D), (IMAGE_2D, AT_2D))],
    case(wnd.map_coordinates, lambda a, x: wnd.map_coordinates(a, x, order=1, mode="reflect"), IMAGE_3D, AT_3D,
         id="map_coordinates-3d"),
    case(wnd.map_coordinates, lambda c: wnd.map_coordinates(IMAGE_2D, AT_2D, order=1, cval=c), 0.4,
         id="map_coordinates-cval"),
    case(wnd.map_coordinates, lambda c: wnd.map_coordinates(IMAGE_2D, AT_2D, order=1, mode="grid-constant", cval=c),
         0.4, id="map_coordinates-grid-constant-cval"),
    case(wnd.map_coordinates, lambda a, x: wnd.map_coordinates(a, x, order=1), rand((1, 3), seed=167),
         _coordinates((1, 3), 4, 168, low=-0.4, high=0.9), id="map_coordinates-size-1-axis"),
    case(wnd.map_coordinates, lambda a: wnd.map_coordinates(a, INSIDE_2D, order=1), crand((3, 4), seed=169),
         id="map_coordinates-complex"),
    case(wnd.map_coordinates, lambda a, x: wnd.map_coordinates(a, x, order=1), IMAGE_2D, INSIDE_2D.reshape(2, 2, 3),
         id="map_coordinates-coordinates-2d"),
    # -- order 0: a gather from the input (the coordinates get 0)
    *[case(wnd.map_coordinates, lambda a, x, mode=mode: wnd.map_coordinates(a, x, order=0, mode=mode, cval=0.3),
           IMAGE_2D, AT_2D + 0.13, id=f"map_coordinates-order0-{mode}") for mode in MODES],
    # -- RegularGridInterpolator and interpn: linear in values, xi, points; nearest in values
    case(wsi.RegularGridInterpolator, _interpolated(), VALUES, XI, id="RegularGridInterpolator-linear"),
    case(wsi.RegularGridInterpolator, _interpolated(), VALUES_3, XI, id="RegularGridInterpolator-trailing-axis"),
    case(wsi.RegularGridInterpolator, _interpolated(bounds_error=False, fill_value=None), VALUES, XI_AROUND,
         id="RegularGridInterpolator-extrapolated"),
    case(wsi.RegularGridInterpolator, _interpolated(bounds_error=False, fill_value=0.25), VALUES, XI_AROUND,
         id="RegularGridInterpolator-filled"),
    case(wsi.RegularGridInterpolator, _interpolated("nearest"), VALUES, XI, id="RegularGridInterpolator-nearest"),
    case(wsi.RegularGridInterpolator,
         lambda x0, x1: wsi.RegularGridInterpolator((x0, x1), VALUES)(XI * 0.9 + np.array([0.1, 0.15])),
         GRID[0], GRID[1], id="RegularGridInterpolator-points"),
    case(wsi.RegularGridInterpolator,
         lambda values, xi: wsi.RegularGridInterpolator((GRID[0][::-1],), values)(xi), VALUES[:, 0],
         np.array([-0.5, 0.25, 1.9]), id="RegularGridInterpolator-descending"),
    case(wsi.RegularGridInterpolator, lambda values: wsi.RegularGridInterpolator(GRID, values)(XI[0]), VALUES,
         id="RegularGridInterpolator-one-point"),
    case(wsi.RegularGridInterpolator, lambda values, x: wsi.RegularGridInterpolator(GRID, values)((x, 1.5)),
         VALUES, np.array([0.1, 1.2]), id="RegularGridInterpolator-tuple-xi"),
    case(wsi.interpn, lambda values, xi: wsi.interpn(GRID, values, xi), VALUES, XI, id="interpn"),
    case(wsi.interpn, lambda values, xi: wsi.interpn(GRID, values, xi, method="nearest"), VALUES, XI,
         id="interpn-nearest"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(["ndimage.map_coordinates", "interpolate.RegularGridInterpolator", "interpolate.interpn"],
                                                           [wnd.map_coordinates, wsi.RegularGridInterpolator, wsi.interpn], CASES)


# -- map_coordinates: SciPy's values, the side of the derivative, the refusals ---------------------

def _value_with_vars(f, *args):
    """``f(*args)`` computed with Vars (wengert's own formula, not SciPy's plain call)."""
    box = {}

    def record(*traced):
        out = f(*traced)
        box["value"] = np.asarray(wg.stop_gradient(out))
        return np.sum(np.real(out))
    wg.grad_bp(record, *args)
    return box["value"]


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape", [(4,), (1,), (2,), (3, 4), (2, 3, 2)])
def test_map_coordinates_is_scipys(shape, mode, order):
    """On a grid of coordinates through the samples, the half-integers and beyond both ends."""
    image = rand(shape, seed=len(shape))
    axes = [np.arange(-2.5, n + 1.75, 0.25) for n in shape]
    at = np.stack(np.meshgrid(*axes, indexing="ij")).reshape(len(shape), -1)
    want = snd.map_coordinates(image, at, order=order, mode=mode, cval=0.7)
    ours = _value_with_vars(lambda a: wnd.map_coordinates(a, at, order=order, mode=mode, cval=0.7), image)
    np.testing.assert_allclose(ours, want, rtol=1e-14, atol=1e-15)


def test_map_coordinates_plain_is_scipys_call():
    at = AT_2D
    for order in (0, 1, 3, 5):
        np.testing.assert_array_equal(wnd.map_coordinates(IMAGE_2D, at, order=order, mode="mirror"),
                                      snd.map_coordinates(IMAGE_2D, at, order=order, mode="mirror"))


def test_map_coordinates_at_a_sample_takes_the_right_hand_derivative():
    image = np.array([1.0, 2.0, 4.0, 3.0])
    for x, right_slope in ((1.0, 2.0), (2.0, -1.0), (0.0, 1.0)):
        g = wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1)[0], np.array([[x]]))
        assert g[0, 0] == right_slope
    # 'nearest' at the first sample: the right-hand one (inside), not the 0 of the clamped left
    g = wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1, mode="nearest")[0], np.array([[0.0]]))
    assert g[0, 0] == 1.0
    # in 2-d, the cell to the right along each axis
    g = wg.grad_bp(lambda x: wnd.map_coordinates(IMAGE_2D, x, order=1)[0], np.array([[1.0], [2.0]]))
    np.testing.assert_allclose(g[:, 0], [IMAGE_2D[2, 2] - IMAGE_2D[1, 2], IMAGE_2D[1, 3] - IMAGE_2D[1, 2]], rtol=1e-15)


def test_map_coordinates_refusals():
    image = np.array([1.0, 2.0, 4.0, 3.0])
    # constant: beyond the last sample the value is cval (a jump just right of it)
    with pytest.raises(wg.NoGradientRule, match="jumps just right"):
        wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1)[0], np.array([[3.0]]))
    with pytest.raises(wg.NoGradientRule, match="jumps just right"):
        wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1, mode="wrap")[0], np.array([[-3.0]]))
    with pytest.raises(wg.NoGradientRule, match="nearest sample switches"):
        wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=0)[0], np.array([[1.5]]))
    with pytest.raises(RuntimeError, match="spline order not supported"):  # (orders 2 to 5 are: tests/test_ops_scipy_gennorm_splines.py)
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[1.2]]), order=6)[0], image)
    # the input alone is differentiable there (linear in it); the coordinates, held, are not traced
    np.testing.assert_array_equal(
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[3.0, 1.5]]), order=1)[0], image), [0, 0, 0, 1])
    with pytest.raises(RuntimeError, match="boundary mode"):
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[1.2]]), order=1, mode="edge")[0], image)
    with pytest.raises(RuntimeError, match="invalid shape"):
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[1.2]]), order=1)[0], IMAGE_2D)
    # order 0: the coordinates' derivative is 0 away from the switches
    np.testing.assert_array_equal(
        wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=0)[0], np.array([[1.3]])), [[0.0]])


# -- RegularGridInterpolator and interpn: SciPy's values, the side of the derivative, refusals ----

@pytest.mark.parametrize("method", ["linear", "nearest"])
@pytest.mark.parametrize("options", [{}, {"bounds_error": False}, {"bounds_error": False, "fill_value": None},
                                     {"bounds_error": False, "fill_value": -2.0}], ids=repr)
def test_regular_grid_interpolator_is_scipys(method, options):
    nodes = np.stack(np.meshgrid(*GRID, indexing="ij"), axis=-1).reshape(-1, 2)
    midpoints = np.stack(np.meshgrid(*(0.5 * (p[1:] + p[:-1]) for p in GRID), indexing="ij"), axis=-1).reshape(-1, 2)
    inside = np.concatenate([nodes, midpoints, XI])
    xi = inside if options == {} else np.concatenate([inside, XI_AROUND, [[np.nan, 0.5]]])
    for values in (VALUES, VALUES_3, VALUES + 1j * VALUES[::-1]):
        want = si.RegularGridInterpolator(GRID, values, method=method, **options)(xi)
        ours = _value_with_vars(lambda v: wsi.RegularGridInterpolator(GRID, v, method=method, **options)(xi), values)
        assert ours.shape == want.shape
        np.testing.assert_allclose(ours, want, rtol=1e-14, atol=1e-15)
    want = si.interpn(GRID, VALUES, xi, method=method, **options)
    np.testing.assert_allclose(_value_with_vars(lambda v: wsi.interpn(GRID, v, xi, method=method, **options), VALUES),
                               want, rtol=1e-14, atol=1e-15)
    if method == "linear":  # (nearest refuses a traced xi at the midpoints)
        ours = _value_with_vars(lambda x: wsi.interpn(GRID, VALUES, x, method=method, **options), xi)
        np.testing.assert_allclose(ours, want, rtol=1e-14, atol=1e-15)


def test_regular_grid_interpolator_plain_is_scipys_call():
    for method in ("linear", "nearest", "slinear_legacy"):
        np.testing.assert_array_equal(wsi.RegularGridInterpolator(GRID, VALUES, method=method)(XI),
                                      si.RegularGridInterpolator(GRID, VALUES, method=method)(XI))
    np.testing.assert_array_equal(wsi.interpn(GRID, VALUES, XI), si.interpn(GRID, VALUES, XI))


def test_regular_grid_interpolator_at_a_grid_point_takes_the_cell_scipy_takes():
    """The cell to the right at every grid point but the last, to the left at the last."""
    values = np.array([0.0, 2.0, 3.0, 7.0])
    interpolant = wsi.RegularGridInterpolator((GRID[0],), values)  # steps 1, 0.5, 1.5
    slopes = [wg.grad_bp(lambda x: interpolant(x)[0], np.array([[x]]))[0, 0] for x in GRID[0]]
    np.testing.assert_allclose(slopes, [2.0, 2.0, 8.0 / 3.0, 8.0 / 3.0], rtol=1e-15)


def test_regular_grid_interpolator_refusals():
    nearest = wsi.RegularGridInterpolator(GRID, VALUES, method="nearest")
    with pytest.raises(wg.NoGradientRule, match="halfway"):
        wg.grad_bp(lambda x: nearest(x)[0], np.array([[-0.5, 0.3]]))
    # away from the midpoints: 0 in xi
    np.testing.assert_array_equal(wg.grad_bp(lambda x: nearest(x)[0], np.array([[-0.4, 0.3]])), [[0.0, 0.0]])
    # (the splines slinear, cubic, quintic are differentiated; pchip, not linear in the values, is not)
    with pytest.raises(wg.NoGradientRule, match="'quintic' only"):
        wg.grad_bp(lambda v: wsi.RegularGridInterpolator(GRID[:1], v, method="pchip")(XI[:, :1])[0], VALUES[:, 0])
    with pytest.raises(wg.NoGradientRule, match="'quintic' only"):
        wg.grad_bp(lambda x: wsi.RegularGridInterpolator(GRID[:1], VALUES[:, 0], method="pchip")(x)[0], XI[:, :1])
    with pytest.raises(ValueError, match="out of bounds"):
        wg.grad_bp(lambda x: wsi.RegularGridInterpolator(GRID, VALUES)(x)[0], XI_AROUND)
    with pytest.raises(ValueError, match="strictly ascending"):
        wg.grad_bp(lambda v: wsi.RegularGridInterpolator((np.array([0.0, 2.0, 1.0, 3.0]), GRID[1]), v)(XI)[0], VALUES)
    with pytest.raises(ValueError, match="dimension"):
        wg.grad_bp(lambda v: wsi.RegularGridInterpolator(GRID, v)(np.ones((2, 3)))[0], VALUES)
