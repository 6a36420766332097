"""The ``jax-api`` suite, part 4: the transformations and control flow (``jax.jit``,
``grad``, ``value_and_grad``, ``vmap``, ``jacfwd``/``jacrev``, ``hessian``, ``jvp``/``vjp``,
``checkpoint``, ``jax.lax.scan``/``cond``/``switch``/``fori_loop``/``while_loop``/``map``,
``jax.tree.map``, ``jax.device_put``) applied to small functions whose answer is known in
closed form (the gradient of ``sum(x**2)`` is ``2x``).

One case per transformation × float dtype, named ``<op>[dtype=…]`` (``grad``,
``lax.scan``), function ``jax.<op>``, params ``op`` and ``dtype``. The transformed call is
timed with ``bench.measure`` on a seeded 3×4 input (a 4-vector for the Jacobians) put on
the target — under ``jax.jit`` as well in compiled mode — and compared with the NumPy
answer in float64 at the dtype's tolerance (×4: a few operations each).
"""
import numpy as np

from .numpy_compare import compare_leaves
from .spec import CaseSpec
from .tf_numpy import np_dtype
from .tf_numpy_recipes import array

FLOATS = ("float32", "float16", "bfloat16", "float64")


def _sq(j):
    return lambda x: j.numpy.sum(x ** 2)


# op -> (input shape, call(jax, x), numpy answer(x) as a list of outputs)
TABLE = {
    "jit": ((3, 4), lambda j, x: j.jit(lambda v: j.numpy.sin(v) * 2)(x), lambda x: [np.sin(x) * 2]),
    "grad": ((3, 4), lambda j, x: j.grad(_sq(j))(x), lambda x: [2 * x]),
    "value_and_grad": ((3, 4), lambda j, x: j.value_and_grad(_sq(j))(x), lambda x: [(x ** 2).sum(), 2 * x]),
    "vmap": ((3, 4), lambda j, x: j.vmap(lambda r: j.numpy.dot(r, r))(x), lambda x: [(x * x).sum(axis=1)]),
    "jacfwd": ((4,), lambda j, x: j.jacfwd(lambda v: v ** 2)(x), lambda x: [np.diag(2 * x)]),
    "jacrev": ((4,), lambda j, x: j.jacrev(lambda v: v ** 2)(x), lambda x: [np.diag(2 * x)]),
    "hessian": ((4,), lambda j, x: j.hessian(lambda v: j.numpy.sum(v ** 3))(x), lambda x: [np.diag(6 * x)]),
    "jvp": ((3, 4), lambda j, x: j.jvp(j.numpy.sin, (x,), (j.numpy.ones_like(x),)), lambda x: [np.sin(x), np.cos(x)]),
    "vjp": ((3, 4), lambda j, x: j.vjp(j.numpy.sin, x)[1](j.numpy.ones_like(x)), lambda x: [np.cos(x)]),
    "checkpoint": ((3, 4), lambda j, x: j.grad(j.checkpoint(lambda v: j.numpy.sum(j.numpy.sin(v))))(x), lambda x: [np.cos(x)]),
    "lax.scan": ((3, 4), lambda j, x: j.lax.scan(lambda c, r: (c + r, c + r), j.numpy.zeros_like(x[0]), x),
                 lambda x: [x.sum(axis=0), x.cumsum(axis=0)]),
    "lax.cond": ((3, 4), lambda j, x: j.lax.cond(x.sum() > 0, lambda v: v * 2, lambda v: -v, x),
                 lambda x: [x * 2 if x.sum() > 0 else -x]),
    "lax.switch": ((3, 4), lambda j, x: j.lax.switch(1, [lambda v: v, lambda v: v * 3, lambda v: -v], x), lambda x: [x * 3]),
    "lax.fori_loop": ((3, 4), lambda j, x: j.lax.fori_loop(0, 5, lambda i, a: a + x, j.numpy.zeros_like(x)), lambda x: [5 * x]),
    "lax.while_loop": ((3, 4), lambda j, x: j.lax.while_loop(lambda c: c[0] < 3, lambda c: (c[0] + 1, c[1] * 2), (0, x))[1],
                       lambda x: [x * 8]),
    "lax.map": ((3, 4), lambda j, x: j.lax.map(lambda r: r.sum(), x), lambda x: [x.sum(axis=1)]),
    "tree.map": ((3, 4), lambda j, x: j.tree.map(lambda a: a * 2, {"a": x, "b": [x, x]}), lambda x: [2 * x, 2 * x, 2 * x]),
    "device_put": ((3, 4), lambda j, x: j.device_put(x * 1), lambda x: [x]),
}


def cases():
    return [CaseSpec(f"{op}[dtype={dtype}]", run_case, {"op": op, "dtype": dtype}, f"jax.{op}")
            for op in TABLE for dtype in FLOATS]


def run_case(bench, device, op, dtype, **_params):
    import jax

    shape, call, answer = TABLE[op]
    x = array(np_dtype(dtype), shape)
    actual = bench.measure(lambda v: call(jax, v), jax.device_put(x, device))
    leaves = [np.asarray(a) for a in jax.tree_util.tree_leaves(actual)]
    expected = answer(x.astype(np.float64))
    compare_leaves(leaves, [np.asarray(e) for e in expected], dtype_name=dtype, scale=4, what=f"jax.{op} vs NumPy")
