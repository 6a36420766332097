"""The ``jax-api`` suite, part 2: ``jax.nn`` against NumPy formulas.

Where ``tf_functions.TABLE`` (the keras-layers suite's table of ``tf.*`` functions) has
the same function, its inputs and NumPy formula are used (``jax.nn.relu`` ↔ ``nn.relu``);
the others have their own entry in ``OWN`` (same layout: dtypes, input shapes, the JAX
call, the NumPy formula, a tolerance scale). ``one_hot`` is a function of a dtype.
Functions without a plain NumPy formula (``dot_product_attention``, the scaled-matmul
helpers, ``initializers``) are left out, not faked.

One case per function × dtype, named ``nn.<name>[dtype=…]``, function ``jax.nn.<name>``,
params ``op`` (``nn.<name>``) and ``dtype``. The call is timed with ``bench.measure``
(``jax.jit`` in compiled mode) on inputs put on the target, and compared with the
formula on the same inputs upcast to float64, at the dtype's tolerance.
"""
import numpy as np

from . import tf_functions
from .numpy_compare import compare_leaves
from .spec import CaseSpec
from .tf_functions import FLOATS, SHAPE, TABLE

# jax.nn name -> (tf_functions.TABLE op, call(jax, *inputs))
SHARED = {
    "relu": ("nn.relu", lambda j, x: j.nn.relu(x)),
    "relu6": ("nn.relu6", lambda j, x: j.nn.relu6(x * 4)),
    "elu": ("nn.elu", lambda j, x: j.nn.elu(x)),
    "selu": ("nn.selu", lambda j, x: j.nn.selu(x)),
    "gelu": ("nn.gelu", lambda j, x: j.nn.gelu(x, approximate=False)),
    "silu": ("nn.silu", lambda j, x: j.nn.silu(x)),
    "swish": ("nn.silu", lambda j, x: j.nn.swish(x)),
    "sigmoid": ("nn.sigmoid", lambda j, x: j.nn.sigmoid(x)),
    "tanh": ("nn.tanh", lambda j, x: j.nn.tanh(x)),
    "softplus": ("nn.softplus", lambda j, x: j.nn.softplus(x)),
    "soft_sign": ("nn.softsign", lambda j, x: j.nn.soft_sign(x)),
    "leaky_relu": ("nn.leaky_relu", lambda j, x: j.nn.leaky_relu(x, negative_slope=0.2)),
    "softmax": ("nn.softmax", lambda j, x: j.nn.softmax(x)),
    "log_softmax": ("nn.log_softmax", lambda j, x: j.nn.log_softmax(x)),
    "logsumexp": ("reduce_logsumexp", lambda j, x: j.nn.logsumexp(x, axis=1)),
}


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


OWN = {
    "celu": (FLOATS, [SHAPE], lambda j, x: j.nn.celu(x), lambda x: np.where(x > 0, x, np.expm1(x))),
    "hard_tanh": (FLOATS, [SHAPE], lambda j, x: j.nn.hard_tanh(x), lambda x: np.clip(x, -1, 1)),
    "hard_sigmoid": (FLOATS, [SHAPE], lambda j, x: j.nn.hard_sigmoid(x), lambda x: np.clip(x + 3, 0, 6) / 6),
    "hard_silu": (FLOATS, [SHAPE], lambda j, x: j.nn.hard_silu(x), lambda x: x * np.clip(x + 3, 0, 6) / 6),
    "hard_swish": (FLOATS, [SHAPE], lambda j, x: j.nn.hard_swish(x), lambda x: x * np.clip(x + 3, 0, 6) / 6),
    "log_sigmoid": (FLOATS, [SHAPE], lambda j, x: j.nn.log_sigmoid(x), lambda x: np.log(_sigmoid(x))),
    "mish": (FLOATS, [SHAPE], lambda j, x: j.nn.mish(x), lambda x: x * np.tanh(np.log1p(np.exp(x)))),
    "squareplus": (FLOATS, [SHAPE], lambda j, x: j.nn.squareplus(x), lambda x: (x + np.sqrt(x * x + 4)) / 2),
    "sparse_plus": (FLOATS, [SHAPE], lambda j, x: j.nn.sparse_plus(x),
                    lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4))),
    "sparse_sigmoid": (FLOATS, [SHAPE], lambda j, x: j.nn.sparse_sigmoid(x), lambda x: np.clip((x + 1) / 2, 0, 1)),
    "glu": (FLOATS, [SHAPE], lambda j, x: j.nn.glu(x), lambda x: x[:, :2] * _sigmoid(x[:, 2:])),
    "identity": (FLOATS, [SHAPE], lambda j, x: j.nn.identity(x), lambda x: x),
    "log1mexp": (FLOATS, [("pos", SHAPE)], lambda j, x: j.nn.log1mexp(x), lambda x: np.log(-np.expm1(-x))),
    "logmeanexp": (FLOATS, [SHAPE], lambda j, x: j.nn.logmeanexp(x, axis=1), lambda x: np.log(np.exp(x).mean(axis=1)), 4),
    "standardize": (FLOATS, [SHAPE], lambda j, x: j.nn.standardize(x, axis=1),
                    lambda x: (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + 1e-5), 4),
}
ONE_HOT_DTYPES = FLOATS + ("int32", "int64")
LABELS = tf_functions.LABELS


def table():
    """``OWN`` plus the shared entries, with JAX's calls: ``{name: (dtypes, inputs, call, numpy[, scale])}``."""
    out = {name: (TABLE[ref][0], TABLE[ref][1], call) + tuple(TABLE[ref][3:]) for name, (ref, call) in SHARED.items()}
    out.update(OWN)
    return out


def cases():
    out = []
    for name, entry in table().items():
        for dtype in entry[0]:
            out.append(CaseSpec(f"nn.{name}[dtype={dtype}]", run_case, {"op": f"nn.{name}", "dtype": dtype}, f"jax.nn.{name}"))
    for dtype in ONE_HOT_DTYPES:
        out.append(CaseSpec(f"nn.one_hot[dtype={dtype}]", run_case, {"op": "nn.one_hot", "dtype": dtype}, "jax.nn.one_hot"))
    return out


def run_case(bench, device, op, dtype, **_params):
    import jax
    import jax.numpy as jnp

    name = op.split(".", 1)[1]
    if name == "one_hot":
        labels = jax.device_put(LABELS, device)
        actual = bench.measure(lambda k: jax.nn.one_hot(k, 4, dtype=jnp.dtype(dtype)), labels)
        compare_leaves([actual], [np.eye(4)[LABELS]], dtype_name=dtype, what="jax.nn.one_hot vs NumPy")
        return
    call = table()[name][2]
    tf_functions.against_formula(lambda *xs: call(jax, *xs), bench, name, dtype, f"jax.nn.{name}",
                                 table=table(), put=lambda a: jax.device_put(a, device))
