"""The ``jax-api`` suite: what JAX users call, as one list of cases, in this order:

1. ``jax.numpy`` against NumPy (``jax_numpy``);
2. ``jax.nn`` against NumPy formulas (``jax_nn``);
3. ``jax.random``: shapes, dtypes and loose distribution checks (``jax_random``);
4. the transformations (``jax.jit``, ``grad``, ``vmap``, ``jax.lax.scan``…) on functions
   with known answers (``jax_transforms``);
5. ``jax.scipy`` against SciPy, when SciPy is importable (``jax_scipy``).

Every case names its public function (``jax.numpy.sum``, ``jax.nn.relu``,
``jax.random.normal``, ``jax.grad``) and has an ``op`` param, its name below ``jax.``
(``numpy.sum``, ``nn.relu``, ``random.normal``, ``grad``, ``lax.scan``,
``scipy.special.erf``); jax.numpy cases also carry ``numpy`` (``sum``), so
``PORTABENCH_OPS`` takes the qualified name, the op, or the bare NumPy name.
"""
from . import jax_nn, jax_numpy, jax_random, jax_scipy, jax_transforms


def _short(specs):
    """Let ``PORTABENCH_OPS=sum`` select ``jax.numpy.sum`` as it does in tf-numpy: the
    filter reads ``op`` or ``group``; a jax.numpy case's ``group`` is its NumPy name."""
    for s in specs:
        if "numpy" in s.params:
            s.params.setdefault("group", s.params["numpy"])
    return specs


def cases():
    out = _short(jax_numpy.cases())
    for module in (jax_nn, jax_random, jax_transforms, jax_scipy):
        out.extend(module.cases())
    return out
