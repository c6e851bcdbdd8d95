"""``python -m wengert``: a short tour of what wengert does, each step's code beside its output.

The code printed is the code run: each step is executed from the text shown, in one
namespace, so later steps use what earlier ones defined.
"""
import textwrap

import wengert as wg

STEPS = [
    ("The gradient of a function of floats: backprop gives the value and the gradients", """
value, (da, db) = wg.backprop(lambda a, b: a * (a + b), 4.0, 3.0)
print(f"d = {value}, dd/da = {da}, dd/db = {db}")
"""),
    ("A network whose parameters are a dataclass: the gradient is a Net too", """
import numpy as np
from wengert.examples.network import init_net  # @dataclass class Net: w1, b1, w2, b2 (arrays)

def run_net(net, x):
    h = wg.logistic(x @ net.w1 + net.b1)        # attribute access on a Var records a view
    z = h @ net.w2 + net.b2
    e = np.exp(z - np.max(wg.stop_gradient(z))) # plain NumPy calls work on Vars
    return e / np.sum(e)

def net_err(x, target, net):
    return -(np.log(run_net(net, x)) @ target)

rng = np.random.default_rng(0)
net = init_net(rng, inputs=8, hidden=20, outputs=4)
x, target = rng.normal(size=8), np.eye(4)[2]
loss, g = wg.backprop(lambda n: net_err(x, target, n), net)
print(f"loss {loss:.4f}; gradient: a {type(g).__name__} with fields",
      ", ".join(f"{k}{getattr(g, k).shape}" for k in vars(g)))
"""),
    ("A chain of 400,000 scalar operations, recorded and swept on the compiled tape", """
import time

def chain(a):
    for _ in range(100_000):
        a = a + wg.sin(a) * 1e-5 - 1e-6
    return a

start = time.perf_counter()
slope = wg.grad_bp(chain, 0.5)
elapsed = time.perf_counter() - start
print(f"gradient {slope:.6g} in {elapsed * 1e3:.0f} ms ({elapsed / 4e5 * 1e9:.0f} ns per op)")
"""),
]


def main():
    """Run the tour, printing each step's code and then what it prints."""
    print(f"wengert {wg.__version__} ({wg.IMPLEMENTATION} tape): a tour. Each step's code, "
          "then its output.")
    namespace = {"wg": wg, "__name__": "wengert_tour"}
    for number, (title, code) in enumerate(STEPS, 1):
        code = code.strip("\n")
        print(f"\n{number}. {title}\n")
        print(textwrap.indent(code, "    "))
        print("\n  ->", end=" ")
        exec(compile(code, f"<wengert tour, step {number}>", "exec"), namespace)


if __name__ == "__main__":
    main()
