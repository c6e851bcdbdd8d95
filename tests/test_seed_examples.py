"""The Core issue's seed examples, exactly."""
import pytest

import wengert as wg


def test_sum_then_product():
    def d_of(a, b):
        c = a + b
        return a * c

    value, (da, db) = wg.backprop(d_of, 4.0, 3.0)
    assert value == 28.0
    assert (da, db) == (11.0, 4.0)
    # dd/dc = a = 4, read through a function of c with a held constant.
    assert wg.grad_bp(lambda c: 4.0 * c, 7.0) == 4.0


def test_rational_function():
    def f(a, b):
        return (a / b - a) * (b / a + a + b) * (a - b)

    da, db = wg.grad_bp(f, 230.3, 33.2)
    assert da == pytest.approx(-153284.83150602411, rel=1e-9, abs=0)
    assert db == pytest.approx(3815.0389441500993, rel=1e-9, abs=0)


def test_log_of_square():
    def y(a, b, c):
        f = wg.sin(a * b) + wg.exp(c - a / b)
        return wg.log(f * f) * c

    grads = wg.grad_bp(y, 43.0, 3.0, 2.0)
    expected = (60.85353612046653, 872.2331479536114, -3.2853671032530305)
    assert grads == pytest.approx(expected, rel=1e-9, abs=0)


def test_neuron():
    def neuron(a, b, c, x, y):
        return wg.logistic(a * x + b * y + c)

    value, grads = wg.backprop(neuron, 1.0, 2.0, -3.0, -1.0, 3.0)
    assert value == pytest.approx(0.8807970779778823, rel=1e-12, abs=0)
    expected = [-0.1049935854035065, 0.3149807562105195, 0.1049935854035065,
                0.1049935854035065, 0.209987170807013]
    assert grads == pytest.approx(expected, rel=1e-9, abs=0)
    assert all(type(g) is float for g in grads)


def test_seed_examples_pass_the_gradient_checker():
    from wengert.testing import check_grads
    check_grads(lambda a, b: (a / b - a) * (b / a + a + b) * (a - b), 230.3, 33.2, rtol=1e-6)
    check_grads(lambda a, b, c: wg.log((wg.sin(a * b) + wg.exp(c - a / b)) ** 2) * c, 43.0, 3.0, 2.0)
