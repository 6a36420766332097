"""The ``keras-layers`` suite, part 1: every public ``keras.layers`` class and function
of the installed Keras (3, on the TensorFlow backend), built and called on seeded inputs.

The tf.keras shim's own legacy names (``ThresholdedReLU``, ``RandomHeight``,
``RandomWidth``) are cases too. One case per name × dtype, named ``<Name>[dtype=<dtype>]`` (``<Name>`` alone for layers
whose ``dtype`` is not a compute policy), function ``tf.keras.layers.<Name>``: the
spelling ``check`` resolves ``from tensorflow import keras; keras.layers.Dense`` and
``tf.keras.layers.Dense`` to (src/mining/frameworks.ts; in TensorFlow 2.16+ ``tf.keras``
is Keras 3, the same objects as ``keras.layers``). Aliases (``MaxPool2D`` for
``MaxPooling2D``, ``Convolution2D`` for ``Conv2D``) are their own cases, since users
call them by name. Inputs and constructor kwargs come from ``keras_layer_recipes``;
names with no recipe are still cases, skips saying why (``NOT_COVERED``, or "no recipe"
for a layer this Keras added since).

Running a case (the worker has entered ``tf.device`` for the target): the layer is built
with the dtype as its policy (``dtype=``) and called once symbolically on
``keras.KerasTensor``s, which builds its weights on the target and gives the shapes and
dtypes Keras itself predicts; then it is called on the tensors (timed with
``bench.measure``, so under ``tf.function(jit_compile=True)`` in compiled mode) and
checked: every output has the predicted shape and dtype and is finite, and — where the
target is not the CPU, or the mode is compiled — agrees with the same layer (same
weights) called eagerly on the CPU, at the dtype's tolerance (``numpy_compare``, ×10:
layers chain several ops; where the CPU eager call itself fails — AvgPool3D has no
float16 CPU kernel, while XLA compiles it — the case says so in its output and is not
compared). Layers called in training mode (dropout, noise, random
augmentation) are random: not compared, only shape, dtype and finiteness.

Params: ``op`` (the keras.layers name), ``recipe`` (the name whose recipe is used: the
canonical class for an alias), ``dtype`` (where the layer takes one). No framework
declaration exists for Keras layers: no declaration key.
"""
import numpy as np

from . import keras_layer_recipes as recipes
from .numpy_compare import compare_leaf
from .spec import CaseSpec

FLOAT_DTYPES = ("float32", "float16", "bfloat16", "float64")
SEED = 0
WORDS = np.array(["a", "b", "c", "d"])


def public_names():
    """The public classes and functions of ``keras.layers``, and those only the ``tf.keras``
    shim has (legacy layers such as ``ThresholdedReLU``), sorted."""
    import keras
    import tensorflow as tf

    names = set()
    for mod in (keras.layers, tf.keras.layers):
        names.update(n for n in dir(mod) if not n.startswith("_") and callable(getattr(mod, n)))
    return sorted(names)


def layers_attr(name):
    """``keras.layers.<name>``, or ``tf.keras.layers.<name>`` for a name only the shim has."""
    import keras
    import tensorflow as tf

    found = getattr(keras.layers, name, None)
    return found if found is not None else getattr(tf.keras.layers, name)


def recipe_name(name):
    """The name whose recipe applies to ``name`` (itself, or the class it is an alias of)."""
    if name in recipes.RECIPES:
        return name
    obj = layers_attr(name)
    for other in sorted(recipes.RECIPES):
        if layers_attr(other) is obj:
            return other
    return None


def dtypes_of(r):
    kind = r.get("dtypes", "float")
    return FLOAT_DTYPES if kind == "float" else ("float32",) if kind == "float32" else (None,)


def cases(names=None, dtypes=FLOAT_DTYPES):
    names = public_names() if names is None else names
    out = []
    for name in names:
        of = recipe_name(name)
        fn_name = f"tf.keras.layers.{name}"
        if of is None:
            params = {"op": name, "recipe": "none"}
            out.append(CaseSpec(name, run_case, params, fn_name))
            continue
        for dtype in dtypes_of(recipes.RECIPES[of]):
            if dtype is not None and dtype not in dtypes:
                continue
            params = {"op": name, "recipe": of, **({"dtype": dtype} if dtype else {})}
            out.append(CaseSpec(f"{name}[dtype={dtype}]" if dtype else name, run_case, params, fn_name))
    return out


def make_input(spec, dtype, seed):
    """A deterministic NumPy input for one recipe input spec (see keras_layer_recipes)."""
    from .tf_numpy import np_dtype

    if not isinstance(spec, dict):
        spec = {"shape": spec}
    shape, kind = tuple(spec["shape"]), spec.get("kind", "float")
    rng = np.random.RandomState(seed)
    if kind == "int":
        return rng.randint(0, spec["high"], size=shape).astype(np.int32)
    if kind == "str":
        return WORDS[rng.randint(0, len(WORDS), size=shape)]
    lo, hi = (0.0, 255.0) if kind == "image" else (-1.0, 1.0)
    return rng.uniform(lo, hi, size=shape).astype(np_dtype(dtype or "float32"))


def _resolve(value, dtype):
    """Recipe kwargs with ``{"$layer": [name, kwargs]}`` built as layers (same dtype)."""
    if isinstance(value, dict) and "$layer" in value:
        name, kw = value["$layer"]
        return build(name, kw, dtype)
    if isinstance(value, list):
        return [_resolve(v, dtype) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, dtype) for k, v in value.items()}
    return value


def build(name, kw, dtype):
    kwargs = _resolve(dict(kw), dtype)
    if dtype is not None:
        kwargs["dtype"] = dtype
    return layers_attr(name)(**kwargs)


def caller(name, r, dtype):
    """``call(*inputs)``: the layer (or keras.layers function) applied as users apply it."""
    import keras

    if r.get("functional"):
        fn = layers_attr(name)
        kw = dict(r.get("kw", {}))
        return lambda *xs: fn(list(xs), **kw)
    obj = build(name, r.get("kw", {}), dtype)
    if r.get("via_rnn"):
        obj = keras.layers.RNN(obj, **({"dtype": dtype} if dtype else {}))
    call_kw = {"training": True} if r.get("train") else {}
    pack = r.get("pack", "args")
    if pack == "list":
        return lambda *xs: obj(list(xs), **call_kw)
    if pack == "tuple":
        return lambda *xs: obj(tuple(xs), **call_kw)
    return lambda *xs: obj(*xs, **call_kw)


def _leaves(x):
    import tensorflow as tf

    return tf.nest.flatten(x)


def check_outputs(out, spec, what):
    """Each output has Keras' predicted shape and dtype, and is finite."""
    got, want = _leaves(out), _leaves(spec)
    if len(got) != len(want):
        raise AssertionError(f"Wrong result: {what} gave {len(got)} outputs, Keras predicts {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        shape = tuple(int(d) for d in g.shape)
        if len(shape) != len(w.shape) or any(s is not None and s != d for s, d in zip(w.shape, shape)):
            raise AssertionError(f"Wrong result: {what} output {i} has shape {shape}, Keras predicts {tuple(w.shape)}")
        if g.dtype.name != getattr(w.dtype, "name", str(w.dtype)):
            raise AssertionError(f"Wrong result: {what} output {i} is {g.dtype.name}, Keras predicts {w.dtype}")
        if g.dtype.is_floating:
            values = np.asarray(g.numpy(), dtype=np.float64)
            if not np.isfinite(values).all():
                raise AssertionError(f"Wrong result: {what} output {i} has {int((~np.isfinite(values)).sum())} non-finite values of {values.size}")


def run_case(bench, device, op, recipe, dtype=None, **_params):
    """Build ``keras.layers.<op>``, call it on the target, check it (see the module docstring)."""
    from portabench.cases import Skip

    if recipe == "none":
        raise Skip(recipes.NOT_COVERED.get(op, f"keras.layers.{op}: no recipe (constructor arguments and inputs) in keras_layer_recipes"))
    r = recipes.RECIPES[recipe]
    if r.get("needs"):
        try:
            __import__(r["needs"])
        except ImportError:
            raise Skip(f"keras.layers.{op} needs {r['needs']}, which this environment lacks: install it to test this layer") from None
    arrays = [make_input(s, dtype, SEED + i) for i, s in enumerate(r["inputs"])]
    verify(bench, caller(op, r, dtype), arrays, dtype, f"keras.layers.{op}", compare=not r.get("train"))


def verify(bench, call, arrays, dtype, what, compare=True, predict=True):
    """Call ``call`` symbolically (Keras' prediction of its outputs; builds its weights on the
    target), then on ``arrays`` placed on the target (timed), and check the outputs: shapes,
    dtypes, finite values, and — off the CPU or compiled, where ``compare`` — the CPU eager result.
    ``predict=False``: for what Keras cannot call symbolically — its outputs' own shapes and
    dtypes stand in for the prediction. Returns the first call's outputs."""
    import keras
    import tensorflow as tf

    symbolic = [keras.KerasTensor(a.shape, dtype="string" if a.dtype.kind == "U" else str(tf.as_dtype(a.dtype).name)) for a in arrays]
    spec = call(*symbolic) if predict else None
    tensors = [tf.constant(a) for a in arrays]
    out = bench.measure(call, *tensors)
    what = what + (" (compiled)" if bench.compiled else "")
    check_outputs(out, spec if predict else out, what)
    if compare and (bench.device_name != "cpu" or bench.compiled):
        compare_with_cpu(out, lambda: call(*[tf.identity(t) for t in tensors]), dtype, what)
    return out


def compare_with_cpu(out, reference, dtype, what):
    """``out`` against ``reference()`` run eagerly on the CPU; a reference that fails is noted, not compared."""
    import tensorflow as tf

    try:
        with tf.device("/CPU:0"):
            expected = reference()
    except Exception as exc:  # the reference's own failure says nothing about the target
        print(f"portabench: not compared: the CPU eager reference failed: {type(exc).__name__}: {str(exc).strip().splitlines()[0][:200]}")
        return
    for i, (a, e) in enumerate(zip(_leaves(out), _leaves(expected))):
        compare_leaf(a, e.numpy() if hasattr(e, "numpy") else e, dtype_name=dtype or a.dtype.name, scale=10.0, what=f"{what} output {i} vs the CPU, eager")
