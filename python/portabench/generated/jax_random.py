"""The ``jax-api`` suite, part 3: ``jax.random``: keys, and samplers checked for shape,
dtype and (loosely) distribution.

Random bits are JAX's own (no reference to compare them with), so a sampler's case draws
``N`` samples from a fixed key on the target and checks: the shape and dtype asked for;
every sample finite and inside the distribution's support; the sample mean within
``6·σ/√N`` (plus the dtype's rounding) of the distribution's mean, and the sample
variance within 20% of its variance. A wrong sampler (or one that returns a constant)
fails; a correct one fails with a probability far below 1e-6. Key functions (``key``,
``PRNGKey``, ``split``, ``fold_in``, ``key_data``) are checked for shape, dtype and that
different inputs give different keys.

One case per function × dtype, named ``random.<name>[dtype=…]`` (key functions have no
dtype), function ``jax.random.<name>``, params ``op`` (``random.<name>``) and ``dtype``.
The key is an input of the timed call (``bench.measure``; ``jax.jit`` in compiled mode).
"""
import math

import numpy as np

from .spec import CaseSpec

N = 4096
FLOATS = ("float32", "float16", "bfloat16", "float64")
INTS = ("int8", "int16", "int32", "int64", "uint8")
# float dtypes' relative rounding, added to the mean's bound
EPS = {"float32": 1e-6, "float16": 1e-3, "bfloat16": 8e-3, "float64": 1e-12}

# name -> (dtypes, sample(jax, key, dtype), mean, variance, support (lo, hi))
SAMPLERS = {
    "normal": (FLOATS, lambda j, k, d: j.random.normal(k, (N,), d), 0.0, 1.0, (-np.inf, np.inf)),
    "uniform": (FLOATS, lambda j, k, d: j.random.uniform(k, (N,), d), 0.5, 1 / 12, (0.0, 1.0)),
    "truncated_normal": (FLOATS, lambda j, k, d: j.random.truncated_normal(k, -1.0, 1.0, (N,), d), 0.0,
                         1 - 2 * math.exp(-0.5) / math.sqrt(2 * math.pi) / math.erf(1 / math.sqrt(2)), (-1.0, 1.0)),
    "exponential": (FLOATS, lambda j, k, d: j.random.exponential(k, (N,), d), 1.0, 1.0, (0.0, np.inf)),
    "laplace": (FLOATS, lambda j, k, d: j.random.laplace(k, (N,), d), 0.0, 2.0, (-np.inf, np.inf)),
    "logistic": (FLOATS, lambda j, k, d: j.random.logistic(k, (N,), d), 0.0, math.pi ** 2 / 3, (-np.inf, np.inf)),
    "gumbel": (FLOATS, lambda j, k, d: j.random.gumbel(k, (N,), d), 0.5772156649, math.pi ** 2 / 6, (-np.inf, np.inf)),
    "gamma": (FLOATS, lambda j, k, d: j.random.gamma(k, 2.0, (N,), d), 2.0, 2.0, (0.0, np.inf)),
    "beta": (FLOATS, lambda j, k, d: j.random.beta(k, 2.0, 3.0, (N,), d), 0.4, 0.04, (0.0, 1.0)),
    "rayleigh": (FLOATS, lambda j, k, d: j.random.rayleigh(k, 1.0, (N,), d), math.sqrt(math.pi / 2), (4 - math.pi) / 2, (0.0, np.inf)),
    "lognormal": (FLOATS, lambda j, k, d: j.random.lognormal(k, 0.5, (N,), d), math.exp(0.125),
                  (math.exp(0.25) - 1) * math.exp(0.25), (0.0, np.inf)),
    "chisquare": (FLOATS, lambda j, k, d: j.random.chisquare(k, 3.0, (N,), d), 3.0, 6.0, (0.0, np.inf)),
    "rademacher": (INTS[:4], lambda j, k, d: j.random.rademacher(k, (N,), d), 0.0, 1.0, (-1, 1)),
    "randint": (INTS, lambda j, k, d: j.random.randint(k, (N,), 0, 10, d), 4.5, 8.25, (0, 9)),
    "bernoulli": (("bool",), lambda j, k, d: j.random.bernoulli(k, 0.3, (N,)), 0.3, 0.21, (0, 1)),
    "poisson": (("int32", "int64"), lambda j, k, d: j.random.poisson(k, 3.0, (N,), d), 3.0, 3.0, (0, np.inf)),
    "categorical": (FLOATS, lambda j, k, d: j.random.categorical(k, j.numpy.log(j.numpy.array([0.2, 0.3, 0.5], d)), shape=(N,)),
                    1.3, 0.61, (0, 2)),
    "choice": (("int32", "float32"), lambda j, k, d: j.random.choice(k, j.numpy.arange(10, dtype=d), (N,)), 4.5, 8.25, (0, 9)),
}
# Results whose dtype is not the one asked for ("int": JAX's default integer, int64 in a 64-bit case).
RESULT_DTYPE = {"bernoulli": "bool", "categorical": "int"}


def _permutation(j, k, d):
    return j.random.permutation(k, j.numpy.arange(100, dtype=d))


KEYS = ("key", "PRNGKey", "split", "fold_in", "key_data", "permutation")


def cases():
    out = [CaseSpec(f"random.{name}", run_key_case, {"op": f"random.{name}"}, f"jax.random.{name}") for name in KEYS[:-1]]
    for dtype in ("int32", "int64", "float32"):
        out.append(CaseSpec(f"random.permutation[dtype={dtype}]", run_key_case, {"op": "random.permutation", "dtype": dtype},
                            "jax.random.permutation"))
    for name, (dtypes, *_rest) in SAMPLERS.items():
        for dtype in dtypes:
            out.append(CaseSpec(f"random.{name}[dtype={dtype}]", run_sampler, {"op": f"random.{name}", "dtype": dtype},
                                f"jax.random.{name}"))
    return out


def _key(device, seed=0):
    import jax

    return jax.device_put(jax.random.key(seed), device)


def run_sampler(bench, device, op, dtype, **_params):
    """Draw N samples at ``dtype`` and check them (see the module docstring)."""
    import jax
    import jax.numpy as jnp

    name = op.split(".", 1)[1]
    _, sample, mean, var, (lo, hi) = SAMPLERS[name]
    d = jnp.dtype(dtype)
    x = bench.measure(lambda k: sample(jax, k, d), _key(device))
    want = RESULT_DTYPE.get(name, dtype)
    if want == "int":
        want = np.dtype(jnp.zeros((), int).dtype).name
    if x.shape != (N,) or np.dtype(x.dtype).name != want:
        raise AssertionError(f"Wrong result: jax.random.{name} gave {x.dtype}{list(x.shape)}, asked for {want}[{N}]")
    s = np.asarray(x).astype(np.float64)
    if not np.isfinite(s).all() or s.min() < lo or s.max() > hi:
        raise AssertionError(f"Wrong result: jax.random.{name} samples outside its support [{lo}, {hi}] "
                             f"(min {s.min()!r}, max {s.max()!r}, finite: {bool(np.isfinite(s).all())})")
    bound = 6 * math.sqrt(var / N) + EPS.get(dtype, 0) * (abs(mean) + math.sqrt(var))
    if abs(s.mean() - mean) > bound or abs(s.var() - var) > 0.2 * var:
        raise AssertionError(f"Wrong result: jax.random.{name} at {dtype}: sample mean {s.mean():.4g} (expected {mean:.4g} ± {bound:.2g}), "
                             f"variance {s.var():.4g} (expected {var:.4g} ± 20%) over {N} samples")


def run_key_case(bench, device, op, dtype=None, **_params):
    import jax
    import jax.numpy as jnp

    name = op.split(".", 1)[1]
    if name in ("key", "PRNGKey"):
        make = getattr(jax.random, name)
        seeds = jax.device_put(jnp.array([0, 1], dtype=jnp.uint32), device)
        k = bench.measure(lambda s: jax.vmap(make)(s), seeds)
        data = np.asarray(jax.random.key_data(k) if name == "key" else k)
        _expect(data.shape == (2, 2) and data.dtype == np.uint32, f"jax.random.{name} of 2 seeds gave key data {data.dtype}{list(data.shape)}, expected uint32[2, 2]")
        _expect(not np.array_equal(data[0], data[1]), f"jax.random.{name}: seeds 0 and 1 gave the same key")
        return
    if name == "permutation":
        p = bench.measure(lambda k: _permutation(jax, k, jnp.dtype(dtype)), _key(device))
        got = np.asarray(p)
        _expect(np.array_equal(np.sort(got), np.arange(100)) and not np.array_equal(got, np.arange(100)),
                "jax.random.permutation of arange(100) is not a shuffled permutation of it")
        return
    fns = {"split": lambda k: jax.random.key_data(jax.random.split(k, 3)),
           "fold_in": lambda k: jax.random.key_data(jnp.stack([jax.random.fold_in(k, 1), jax.random.fold_in(k, 2)])),
           "key_data": lambda k: jax.random.key_data(jnp.stack([k, jax.random.split(k)[0]]))}
    data = np.asarray(bench.measure(fns[name], _key(device)))
    rows = data.reshape(data.shape[0], -1)
    _expect(data.dtype == np.uint32 and data.shape[0] in (2, 3), f"jax.random.{name} gave key data {data.dtype}{list(data.shape)}")
    _expect(len({r.tobytes() for r in rows}) == len(rows), f"jax.random.{name} gave equal keys")


def _expect(ok, message):
    if not ok:
        raise AssertionError(f"Wrong result: {message}")
