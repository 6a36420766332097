"""The ``models`` suite on TensorFlow and JAX: every ``keras.applications`` constructor ×
workload, on Keras' back end for the framework the worker runs (``KERAS_BACKEND``:
``tensorflow`` in the TensorFlow worker, ``jax`` in the JAX worker; set before Keras is
first imported — a Keras already imported with another back end is an error saying so).

Models are built offline with random weights (``weights=None``: nothing is downloaded),
seeded (``keras.utils.set_random_seed(0)`` before building), on an input the architecture
accepts at its smallest usual size (``SMALL`` = 64×64 where any size from 32 up is taken;
``MIN_INPUT`` where the architecture needs more), batch 2, the model's own 1,000-class
head. Each case names its constructor as its public function
(``keras.applications.ResNet50`` on JAX; ``tf.keras.applications.ResNet50`` on TensorFlow,
where ``keras`` is ``tf.keras``) and has params ``library`` (``keras``), ``family``
(``classification``), ``model``, ``workload``, ``batch``, ``input`` (one sample's shape)
and ``backend``. Workloads, as for the PyTorch models (models.py):

- ``inference``: the model called with ``training=False``;
- ``training``: one step — forward with ``training=True``, the sparse categorical
  cross-entropy of its class probabilities against seeded labels as the loss, its gradient,
  one SGD update (learning rate ``LR``). (Not the mean of the outputs, as for PyTorch's
  models: the mean of a softmax is the constant 1/classes, whose gradient is zero.)

How each is called, so that ``compiled`` (``jax.jit``; ``tf.function(jit_compile=True)``)
and, on JAX, ``aot`` compile the whole step:

- JAX: a pure function of the model's trainable and non-trainable variables and the input
  (``model.stateless_call``; the training step under ``jax.value_and_grad``, returning the
  loss and the updated variables), the variables placed on the target device. Each timed
  call is a step from the same weights.
- TensorFlow: the model's own call and, for training, ``tf.GradientTape`` with
  ``keras.optimizers.SGD.apply`` (built before the first call, so a compiled step creates no
  variables): each timed call is a further step, as in PyTorch.

Where the device is not the CPU or the mode is compiled, the outputs (an inference's
probabilities; a training step's first loss) are compared with the same model's CPU eager
result (built again with the same seed on the CPU, or the same pure function on the CPU):
their maximum absolute and relative difference is stored with the result
(``results.analysis``: ``max_abs_diff``, ``max_rel_diff``); an inference whose outputs are
not within float32's tolerance × ``TOLERANCE_SCALE`` fails.

Filters (read when the cases are made): ``PORTABENCH_MODELS`` (``ResNet50`` or
``keras:ResNet50``), ``PORTABENCH_MODELS_WORKLOADS``, ``PORTABENCH_SLICE``.
"""
import os
import sys

import numpy as np

from .models import WORKLOADS, _names, cpu_reference
from .numpy_compare import as_array, compare_leaf, differences
from .select import from_environment
from .spec import CaseSpec

SMALL = 64
# architectures whose input must be larger than SMALL (keras' obtain_input_shape minimums)
MIN_INPUT = {"InceptionV3": 75, "InceptionResNetV2": 75, "Xception": 71}
BATCH = 2
LR = 1e-3
# an inference's outputs against the CPU eager one: rtol 1e-2, atol 1e-3 (float32's × 100;
# errors accumulate through the layers, as the PyTorch models' MODEL_TOL allows)
TOLERANCE_SCALE = 100.0


def keras_for(backend):
    """Keras on ``backend``: KERAS_BACKEND set before its first import; an error where Keras
    was already imported with another back end (it cannot change once imported)."""
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend
    try:
        import keras
    except ImportError as exc:
        raise ImportError(f"the models suite on {backend} needs keras, which this environment lacks: run 'portabench setup' "
                          f"(keras is part of the {backend} environment) ({exc})") from exc
    have = keras.backend.backend()
    if have != backend:
        raise RuntimeError(f"keras was imported with the {have} back end before the models suite set KERAS_BACKEND={backend}: "
                           f"run the suite in a worker of its own (or unset KERAS_BACKEND)")
    return keras


def constructors(keras):
    """The names of keras.applications' model constructors (ResNet50, MobileNetV3Small…), sorted."""
    apps = keras.applications
    return sorted(n for n in dir(apps) if n[:1].isupper() and callable(getattr(apps, n)))


def input_size(name):
    return MIN_INPUT.get(name, SMALL)


def build(keras, name, shape):
    keras.utils.set_random_seed(0)
    return getattr(keras.applications, name)(weights=None, input_shape=tuple(shape))


def make_input(batch, shape):
    return np.random.default_rng(1).standard_normal((batch, *shape)).astype(np.float32)


def make_labels(batch, classes=1000):
    return np.random.default_rng(2).integers(0, classes, size=(batch,)).astype(np.int32)


def _loss(keras, labels, probabilities):
    return keras.ops.mean(keras.losses.sparse_categorical_crossentropy(labels, keras.ops.cast(probabilities, "float32")))


def _leaves(out):
    if isinstance(out, (list, tuple)):
        return [x for o in out for x in _leaves(o)]
    return [out]


def _check(bench, out, expected, workload, model):
    """Store the differences from the CPU eager result; fail an inference outside tolerance."""
    got = [as_array(x) for x in _leaves(out)]
    bench.analysis.update(differences(got, expected))
    if workload == "inference":
        for i, (a, e) in enumerate(zip(got, expected)):
            compare_leaf(a, e, "float32", scale=TOLERANCE_SCALE, what=f"keras.applications.{model} output {i} vs the CPU, eager")


# -- JAX ---------------------------------------------------------------------
def _jax_steps(keras, model):
    import jax

    def inference(tv, ntv, x):
        y, _ = model.stateless_call(tv, ntv, x, training=False)
        return y

    def loss(tv, ntv, x, labels):
        y, ntv2 = model.stateless_call(tv, ntv, x, training=True)
        return _loss(keras, labels, y), ntv2

    grad = jax.value_and_grad(loss, has_aux=True)

    def training(tv, ntv, x, labels):
        (value, ntv2), grads = grad(tv, ntv, x, labels)
        return value, [w - LR * g for w, g in zip(tv, grads)], ntv2

    return {"inference": inference, "training": training}


def run_jax(bench, device, model, workload, batch, input):
    import jax

    keras = keras_for("jax")
    net = build(keras, model, input)
    step = _jax_steps(keras, net)[workload]
    tv = [v.value for v in net.trainable_variables]
    ntv = [v.value for v in net.non_trainable_variables]
    args = (tv, ntv, make_input(batch, input)) + ((make_labels(batch),) if workload == "training" else ())
    compare_here = getattr(device, "platform", "cpu") != "cpu" or bench.compiled
    expected = None
    if compare_here:  # the same pure function, eagerly, on the CPU
        cpu = jax.devices("cpu")[0]

        def reference():
            with jax.default_device(cpu):
                first = step(*jax.device_put(args, cpu))
            return [as_array(first[0] if workload == "training" else first)]

        expected = cpu_reference(model, reference)
    out = bench.measure(step, *jax.device_put(args, device))
    if compare_here:
        _check(bench, out[0] if workload == "training" else out, expected, workload, model)


# -- TensorFlow --------------------------------------------------------------
def _tf_step(keras, model, workload):
    import tensorflow as tf

    if workload == "inference":
        return lambda x: model(x, training=False)
    optimizer = keras.optimizers.SGD(LR)
    optimizer.build(model.trainable_variables)

    def training(x, labels):
        with tf.GradientTape() as tape:
            loss = _loss(keras, labels, model(x, training=True))
        optimizer.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
        return loss

    return training


def run_tensorflow(bench, device, model, workload, batch, input):
    import tensorflow as tf

    keras = keras_for("tensorflow")
    args = (make_input(batch, input),) + ((make_labels(batch),) if workload == "training" else ())
    compare_here = bench.device_name != "cpu" or bench.compiled
    expected = None
    if compare_here:  # the same model built again with the same seed, eagerly, on the CPU
        def reference():
            with tf.device("/CPU:0"):
                ref = build(keras, model, input)
                return [as_array(o) for o in _leaves(_tf_step(keras, ref, workload)(*[tf.constant(a) for a in args]))]

        expected = cpu_reference(model, reference)
    net = build(keras, model, input)  # on the target: the worker has entered its tf.device
    out = bench.measure(_tf_step(keras, net, workload), *[tf.constant(a) for a in args])
    if compare_here:
        _check(bench, out, expected, workload, model)


RUNNERS = {"jax": run_jax, "tensorflow": run_tensorflow}
# the public function a case names: on TensorFlow, keras is tf.keras (the vocabulary's module_aliases)
PREFIX = {"jax": "keras.applications", "tensorflow": "tf.keras.applications"}


def run_case(bench, device, backend, model, workload, batch, input, **_params):
    RUNNERS[backend](bench, device, model, workload, batch, input)


# -- cases -------------------------------------------------------------------
def cases(backend, environ=None):
    """One case per keras.applications constructor × workload, for Keras on ``backend``."""
    env = os.environ if environ is None else environ
    keras = keras_for(backend)
    wanted = set(_names(env.get("PORTABENCH_MODELS")))
    workloads = _names(env.get("PORTABENCH_MODELS_WORKLOADS")) or list(WORKLOADS)
    out = []
    for name in constructors(keras):
        if wanted and name not in wanted and f"keras:{name}" not in wanted:
            continue
        size = input_size(name)
        for workload in workloads:
            params = {"library": "keras", "family": "classification", "model": name, "workload": workload,
                      "batch": BATCH, "input": [size, size, 3], "backend": backend}
            out.append(CaseSpec(f"keras:{name}[{workload}]", run_case, params, f"{PREFIX[backend]}.{name}", x64=False))
    return from_environment(out, env)
