"""The ``keras-layers`` suite, part 4: what a Keras model is assembled and trained with —
``keras.Sequential`` and ``keras.Model`` (and their ``keras.models`` spellings), the public
``keras.losses`` classes and functions, and the ``keras.optimizers`` — per dtype policy
(float32, float16, bfloat16, float64).

- Models: ``Sequential([Input, Dense(4, relu), Dense(2)])`` and the same graph as a
  functional ``Model``, called like a layer (``keras_layers.verify``: Keras' predicted
  shapes and dtypes, finite values, the CPU eager result off the CPU or compiled).
- Losses: called on ``(y_true, y_pred)`` of the kind each loss takes (class probabilities,
  binary labels, integer labels), checked the same way (the output's dtype: the inputs',
  or float32 for 16-bit ones — Keras' symbolic ``cosine_similarity`` says float32 whatever
  they are, ``mean_squared_logarithmic_error`` computes 16-bit inputs in float32); five of them (mean squared and
  absolute error, categorical, binary and sparse categorical cross-entropy, class and
  function) also against their NumPy formula, everywhere.
- Optimizers: one ``apply`` of a fixed gradient to a (4, 3) variable (timed: each timed
  repetition is a further step), the first step's result finite and (float32, float64:
  a 16-bit step may round away) moved, and off the CPU
  or compiled equal to a fresh optimizer's first step on the CPU; SGD and Adam also against
  their NumPy formula for that step.

Cases are named ``keras.<module>.<Name>[dtype=<dtype>]`` (``keras.Sequential``…), function
``tf.keras.<module>.<Name>``; params ``op`` (``losses.Huber``, ``Sequential``) and ``dtype``.
Names with no recipe (``CTC``, ``MultiOptimizer``…) are skips saying why.
"""
import numpy as np

from . import keras_layers
from .numpy_compare import compare_leaf
from .spec import CaseSpec

DTYPES = keras_layers.FLOAT_DTYPES
MODELS = {"Sequential": "Sequential", "Model": "Model", "models.Sequential": "Sequential", "models.Model": "Model"}
PROBS, BINARY, SPARSE = "probs", "binary", "sparse"
LOSS_KIND = {
    "BinaryCrossentropy": BINARY, "BinaryFocalCrossentropy": BINARY, "SparseCategoricalCrossentropy": SPARSE,
    "Circle": SPARSE, "CategoricalGeneralizedCrossEntropy": SPARSE,
}
LOSS_FUNCTIONS = {  # function name -> its class (same inputs)
    "binary_crossentropy": "BinaryCrossentropy", "binary_focal_crossentropy": "BinaryFocalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy", "categorical_focal_crossentropy": "CategoricalFocalCrossentropy",
    "categorical_generalized_cross_entropy": "CategoricalGeneralizedCrossEntropy", "categorical_hinge": "CategoricalHinge",
    "circle": "Circle", "cosine_similarity": "CosineSimilarity", "dice": "Dice", "hinge": "Hinge", "huber": "Huber",
    "kl_divergence": "KLDivergence", "log_cosh": "LogCosh", "mean_absolute_error": "MeanAbsoluteError",
    "mean_absolute_percentage_error": "MeanAbsolutePercentageError", "mean_squared_error": "MeanSquaredError",
    "mean_squared_logarithmic_error": "MeanSquaredLogarithmicError", "poisson": "Poisson",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy", "squared_hinge": "SquaredHinge", "tversky": "Tversky",
    # the tf.keras shim's own spellings
    "MAE": "MeanAbsoluteError", "mae": "MeanAbsoluteError", "MSE": "MeanSquaredError", "mse": "MeanSquaredError",
    "MAPE": "MeanAbsolutePercentageError", "mape": "MeanAbsolutePercentageError", "MSLE": "MeanSquaredLogarithmicError",
    "msle": "MeanSquaredLogarithmicError", "KLD": "KLDivergence", "kld": "KLDivergence",
    "kullback_leibler_divergence": "KLDivergence", "logcosh": "LogCosh",
}
LOSS_FN_KW = {"categorical_generalized_cross_entropy": {"q": 0.5}}
# losses Keras cannot call on symbolic tensors (Circle builds an eye of the batch size): not predicted
NOT_SYMBOLIC = {"Circle", "circle"}
_EPS = 1e-7
# class name -> per-sample NumPy formula of (y_true, y_pred); a class averages it over the batch
LOSS_FORMULAS = {
    "MeanSquaredError": lambda t, p: ((t - p) ** 2).mean(axis=-1),
    "MeanAbsoluteError": lambda t, p: np.abs(t - p).mean(axis=-1),
    "CategoricalCrossentropy": lambda t, p: -(t * np.log(p / p.sum(axis=-1, keepdims=True))).sum(axis=-1),
    "BinaryCrossentropy": lambda t, p: -(t * np.log(p + _EPS) + (1 - t) * np.log(1 - p + _EPS)).mean(axis=-1),
    "SparseCategoricalCrossentropy": lambda t, p: -np.log(p[np.arange(len(t)), t]),
}
# LossScaleOptimizer unscales the gradient it is given: a scale of 1 keeps the step visible
OPTIMIZER_KW = {"LossScaleOptimizer": {"inner_optimizer": "SGD", "initial_scale": 1.0}}
LR = 0.01
NOT_COVERED = {
    "losses.CTC": "takes label and logit sequences with their lengths: no generator for them",
    "losses.ctc": "takes label and logit sequences with their lengths: no generator for them",
    "losses.Loss": "the base class: nothing to compute until subclassed",
    "losses.Reduction": "an enum of reduction modes (the tf.keras shim): no computation",
    "optimizers.Optimizer": "the base class of the optimizers",
    "optimizers.MultiOptimizer": "assigns optimizers to layers of a model: no recipe",
    "optimizers.OptimizerMap": "maps variables to optimizers: no recipe",
}


def _public(module, want):
    """Public names of ``keras.<module>`` and of the tf.keras shim's ``<module>`` (its legacy spellings)."""
    import keras
    import tensorflow as tf

    names = set()
    for mod in (getattr(keras, module), getattr(tf.keras, module)):
        names.update(n for n in dir(mod) if not n.startswith("_") and want(n, getattr(mod, n)))
    return sorted(names)


def _attr(module, name):
    import keras
    import tensorflow as tf

    found = getattr(getattr(keras, module), name, None)
    return found if found is not None else getattr(getattr(tf.keras, module), name)


def names():
    """``op`` names: the model classes, every public loss class and function, every optimizer class."""
    losses = _public("losses", lambda n, o: callable(o) and n not in ("get", "serialize", "deserialize"))
    optimizers = _public("optimizers", lambda n, o: isinstance(o, type))
    return list(MODELS) + [f"losses.{n}" for n in losses] + [f"optimizers.{n}" for n in optimizers]


def cases(dtypes=DTYPES):
    out = []
    for op in names():
        for dtype in dtypes:
            out.append(CaseSpec(f"keras.{op}[dtype={dtype}]", run_case, {"op": op, "dtype": dtype}, f"tf.keras.{op}"))
    return out


def _model(kind, dtype):
    import keras

    inp = keras.Input(shape=(8,), dtype=dtype)
    hidden = keras.layers.Dense(4, activation="relu", dtype=dtype)
    head = keras.layers.Dense(2, dtype=dtype)
    if kind == "Sequential":
        return keras.Sequential([inp, hidden, head])
    return keras.Model(inp, head(hidden(inp)))


def loss_inputs(name, dtype):
    """``(y_true, y_pred)`` for a loss class, at ``dtype``."""
    from .tf_numpy import np_dtype

    rng = np.random.RandomState(keras_layers.SEED)
    dt = np_dtype(dtype)
    kind = LOSS_KIND.get(name, PROBS)
    logits = rng.uniform(-1, 1, size=(4, 3))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    if kind == BINARY:
        return (rng.rand(4, 3) > 0.5).astype(dt), rng.uniform(0.05, 0.95, size=(4, 3)).astype(dt)
    if kind == SPARSE:
        return rng.randint(0, 3, size=(4,)).astype(np.int32), probs.astype(dt)
    target = np.exp(2 * rng.uniform(-1, 1, size=(4, 3)))
    return (target / target.sum(axis=1, keepdims=True)).astype(dt), probs.astype(dt)


def _loss_case(bench, op, dtype):
    import keras

    name = op.split(".", 1)[1]
    cls = LOSS_FUNCTIONS.get(name, name)
    fn = _attr("losses", name)
    kw = LOSS_FN_KW.get(name, {})
    call = (lambda *xs: fn(*xs, **kw)) if name in LOSS_FUNCTIONS else fn(dtype=dtype)
    arrays = list(loss_inputs(cls, dtype))
    # Shapes as Keras predicts them; dtypes those of the inputs (Keras' symbolic cosine_similarity says float32 for any)
    out = keras_layers.verify(bench, call, arrays, dtype, f"keras.{op}", predict=False)
    if name not in NOT_SYMBOLIC:
        spec = call(*[keras.KerasTensor(a.shape, dtype=str(a.dtype) if a.dtype.kind != "i" else "int32") for a in arrays])
        if tuple(spec.shape) != tuple(out.shape):
            raise AssertionError(f"Wrong result: keras.{op} has shape {tuple(out.shape)}, Keras predicts {tuple(spec.shape)}")
    if out.dtype.name not in (dtype, "float32" if dtype in ("float16", "bfloat16") else dtype):
        raise AssertionError(f"Wrong result: keras.{op} gives {out.dtype.name} for {dtype} inputs")
    formula = LOSS_FORMULAS.get(cls)
    if formula is not None:
        t, p = (a.astype(np.float64) if a.dtype.kind == "f" or a.dtype.name == "bfloat16" else a for a in arrays)
        expected = formula(t, p)
        compare_leaf(out, expected if name in LOSS_FUNCTIONS else expected.mean(), dtype_name=dtype, scale=4.0, what=f"keras.{op} vs NumPy")


def _optimizer(name, dtype):
    import keras

    kw = dict(OPTIMIZER_KW.get(name, {}))
    if "inner_optimizer" in kw:
        kw["inner_optimizer"] = getattr(keras.optimizers, kw["inner_optimizer"])(learning_rate=LR)
    else:
        kw["learning_rate"] = LR
    return getattr(keras.optimizers, name)(**kw)


def _optimizer_case(bench, op, dtype):
    import keras
    import tensorflow as tf

    from .tf_numpy import np_dtype

    name = op.split(".", 1)[1]
    rng = np.random.RandomState(keras_layers.SEED)
    w0 = rng.uniform(-1, 1, size=(4, 3)).astype(np_dtype(dtype))
    g = rng.uniform(-1, 1, size=(4, 3)).astype(np_dtype(dtype))

    def first_step():
        opt, var = _optimizer(name, dtype), keras.Variable(w0, dtype=dtype)
        opt.build([var])
        return opt, var

    opt, var = first_step()

    def step(grad):
        opt.apply([grad], [var])
        return tf.identity(var.value)

    what = f"keras.{op}" + (" (compiled)" if bench.compiled else "")
    out = bench.measure(step, tf.constant(g))
    values = np.asarray(out.numpy(), dtype=np.float64)
    if not np.isfinite(values).all():
        raise AssertionError(f"Wrong result: {what}: the first step gave non-finite values")
    if dtype in ("float32", "float64") and np.array_equal(values, w0.astype(np.float64)):  # a 16-bit step may round away
        raise AssertionError(f"Wrong result: {what}: the first step left the variable unchanged")
    w, gr = w0.astype(np.float64), g.astype(np.float64)
    adam = w - LR * np.sqrt(1 - 0.999) / (1 - 0.9) * (0.1 * gr) / (np.sqrt(0.001 * gr * gr) + 1e-7)
    formula = {"SGD": w - LR * gr, "Adam": adam}.get(name)
    if formula is not None:
        # Keras keeps hyperparameters (learning rate, beta powers) in float32: no closer than that
        compare_leaf(out, formula, dtype_name="float32" if dtype == "float64" else dtype, scale=4.0, what=f"{what} first step vs NumPy")
    if bench.device_name != "cpu" or bench.compiled:
        def reference():
            o, v = first_step()
            o.apply([tf.constant(g)], [v])
            return v.value

        keras_layers.compare_with_cpu(out, reference, dtype, f"{what} first step")


def run_case(bench, device, op, dtype, **_params):
    from portabench.cases import Skip

    if op in NOT_COVERED:
        raise Skip(NOT_COVERED[op])
    if op in MODELS:
        model = _model(MODELS[op], dtype)
        x = keras_layers.make_input([2, 8], dtype, keras_layers.SEED)
        keras_layers.verify(bench, model, [x], dtype, f"keras.{op}")
    elif op.startswith("losses."):
        _loss_case(bench, op, dtype)
    elif op.startswith("optimizers."):
        _optimizer_case(bench, op, dtype)
    else:
        raise Skip(f"keras.{op}: no recipe")
