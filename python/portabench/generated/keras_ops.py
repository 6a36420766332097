"""The ``keras-layers`` suite, part 3: ``keras.ops`` (Keras 3's backend-neutral ops, what
Keras 3 code calls instead of ``tf.*``) and ``keras.activations``, against NumPy.

- ``keras.ops`` functions NumPy also has and ``tf_numpy_recipes`` has inputs for: the same
  calls and the same NumPy reference as the tf-numpy suite (``tf_numpy.against_numpy``),
  with its ``numpy_accepts`` declaration; one whose signature does not take the recipe's
  arguments (``clip``'s ``x_min``, ``tile``'s ``repeats``) is a skip saying so, and so is
  one no recipe covers.
- ``keras.ops`` and ``keras.activations`` functions without a NumPy namesake (``relu``,
  ``softmax``, ``conv``, ``categorical_crossentropy``…) where a formula of
  ``tf_functions.TABLE`` applies: the same inputs and NumPy formula
  (``tf_functions.against_formula``).

Cases are named ``keras.<module>.<name>[dtype=<dtype>]``, function
``tf.keras.<module>.<name>`` (how ``check`` spells ``keras.ops.add``); params ``op``
(``ops.add``, ``activations.relu``) and ``dtype``; NumPy-namesake cases also ``numpy``
(the NumPy name), ``kind`` and ``numpy_accepts``.
"""
import functools
import inspect

import numpy as np

from .. import vocabulary
from . import tf_functions, tf_numpy, tf_numpy_recipes
from .spec import CaseSpec

DTYPES = ("bool", "int32", "float16", "bfloat16", "float32", "float64")


def _ops(name, *extra, **kw):
    return lambda k, *xs: getattr(k.ops, name)(*xs, *extra, **kw)


def _act(name, **kw):
    return lambda k, x: getattr(k.activations, name)(x, **kw)


# op -> (the tf_functions.TABLE entry whose inputs and NumPy formula apply, call(keras, *inputs))
FORMULAS = {
    "ops.relu": ("nn.relu", _ops("relu")),
    "ops.relu6": ("nn.relu6", lambda k, x: k.ops.relu6(x * 4)),
    "ops.elu": ("nn.elu", _ops("elu")),
    "ops.selu": ("nn.selu", _ops("selu")),
    "ops.gelu": ("nn.gelu", _ops("gelu", approximate=False)),
    "ops.silu": ("nn.silu", _ops("silu")),
    "ops.swish": ("nn.silu", _ops("swish")),
    "ops.sigmoid": ("nn.sigmoid", _ops("sigmoid")),
    "ops.softplus": ("nn.softplus", _ops("softplus")),
    "ops.softsign": ("nn.softsign", _ops("softsign")),
    "ops.leaky_relu": ("nn.leaky_relu", _ops("leaky_relu", negative_slope=0.2)),
    "ops.softmax": ("nn.softmax", _ops("softmax")),
    "ops.log_softmax": ("nn.log_softmax", _ops("log_softmax")),
    "ops.logsumexp": ("reduce_logsumexp", _ops("logsumexp", axis=1)),
    "ops.rsqrt": ("math.rsqrt", _ops("rsqrt")),
    "ops.top_k": ("math.top_k", lambda k, x: k.ops.top_k(x, 2)[0]),
    "ops.segment_sum": ("math.segment_sum", _ops("segment_sum")),
    "ops.norm": ("norm", _ops("norm")),
    "ops.moments": ("nn.moments", _ops("moments", axes=[0])),
    "ops.slice": ("slice", _ops("slice", [1, 1], [2, 2])),
    "ops.conv": ("nn.conv2d", _ops("conv", padding="valid")),
    "ops.max_pool": ("nn.max_pool2d", _ops("max_pool", 2, 2)),
    "ops.average_pool": ("nn.avg_pool2d", _ops("average_pool", 2, 2)),
    "ops.categorical_crossentropy": ("nn.softmax_cross_entropy_with_logits",
                                     lambda k, y, x: k.ops.categorical_crossentropy(k.ops.softmax(y), x, from_logits=True)),
    "ops.sparse_categorical_crossentropy": ("nn.sparse_softmax_cross_entropy_with_logits", _ops("sparse_categorical_crossentropy", from_logits=True)),
    "ops.binary_crossentropy": ("nn.sigmoid_cross_entropy_with_logits", lambda k, z, x: k.ops.binary_crossentropy(z / 3, x, from_logits=True)),
    "activations.relu": ("nn.relu", _act("relu")),
    "activations.relu6": ("nn.relu6", lambda k, x: k.activations.relu6(x * 4)),
    "activations.elu": ("nn.elu", _act("elu")),
    "activations.selu": ("nn.selu", _act("selu")),
    "activations.gelu": ("nn.gelu", _act("gelu", approximate=False)),
    "activations.silu": ("nn.silu", _act("silu")),
    "activations.swish": ("nn.silu", _act("swish")),
    "activations.sigmoid": ("nn.sigmoid", _act("sigmoid")),
    "activations.tanh": ("nn.tanh", _act("tanh")),
    "activations.softplus": ("nn.softplus", _act("softplus")),
    "activations.softsign": ("nn.softsign", _act("softsign")),
    "activations.leaky_relu": ("nn.leaky_relu", _act("leaky_relu", negative_slope=0.2)),
    "activations.softmax": ("nn.softmax", _act("softmax")),
    "activations.log_softmax": ("nn.log_softmax", _act("log_softmax")),
    "activations.exponential": ("exp", _act("exponential")),
}


def numpy_names():
    """``keras.ops`` callables that NumPy also has (minus dtype and introspection helpers)."""
    import keras

    return [n for n in sorted(dir(keras.ops)) if not n.startswith("_") and callable(getattr(keras.ops, n))
            and not isinstance(getattr(keras.ops, n), type) and hasattr(np, n) and n not in tf_numpy_recipes.NOT_FUNCTIONS]


def unbound(name):
    """Why ``keras.ops.<name>`` cannot take its recipe's calls (None when it can)."""
    import keras

    sig = inspect.signature(getattr(keras.ops, name))
    for args, kwargs in tf_numpy_recipes.calls(name, np.dtype("float32")):
        try:
            sig.bind(*args, **kwargs)
        except TypeError as exc:
            return f"keras.ops.{name} does not take NumPy's arguments ({exc}): not generated"
    return None


def cases(dtypes=DTYPES):
    out = []
    accepts = vocabulary.declaration_key("numpy_accepts")
    for name in numpy_names():
        kind = tf_numpy_recipes.kind_of(name) or "none"
        why = unbound(name) if kind != "none" else None
        for dtype in dtypes:
            ok = kind != "none" and why is None and tf_numpy.numpy_accepts(name, dtype)
            params = {"op": f"ops.{name}", "numpy": name, "dtype": dtype, "kind": kind if why is None else "none", accepts: ok}
            out.append(CaseSpec(f"keras.ops.{name}[dtype={dtype}]", functools.partial(run_numpy_case, why), params, f"tf.keras.ops.{name}"))
    for op, (ref, _call) in FORMULAS.items():
        for dtype in tf_functions.TABLE[ref][0]:
            if dtype in dtypes:
                out.append(CaseSpec(f"keras.{op}[dtype={dtype}]", run_formula_case, {"op": op, "dtype": dtype}, f"tf.keras.{op}"))
    return out


def run_numpy_case(why, bench, device, op, numpy, dtype, kind, numpy_accepts, **_params):
    import keras

    from portabench.cases import Skip

    if kind == "none":
        raise Skip(why or tf_numpy_recipes.SKIP.get(numpy, "no input generator for this signature"))
    tf_numpy.against_numpy(getattr(keras.ops, numpy), bench, numpy, dtype, numpy_accepts)


def run_formula_case(bench, device, op, dtype, **_params):
    import keras

    ref, call = FORMULAS[op]
    tf_functions.against_formula(lambda *xs: call(keras, *xs), bench, ref, dtype, f"keras.{op}")
