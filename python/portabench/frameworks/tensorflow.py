import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

from ..knobs import Knob, on_off  # noqa: E402
from .base import BaseAdapter, cpu_model  # noqa: E402

_KIND = {"cpu": "CPU", "cuda": "GPU", "tpu": "TPU"}


def _context_flag(what, ctx, private, public, set_public, default):
    """A flag of TensorFlow's eager context. Its public getter builds a ConfigProto
    (~15 µs); the attribute its setter writes is read instead where this build has it
    (None until a setter ran: the default), and written back after the setter."""
    if not hasattr(ctx, private):
        return Knob(what, lambda: getattr(ctx, public), set_public, on_off)

    def put(v):
        set_public(default if v is None else v)
        setattr(ctx, private, v)

    return Knob(what, lambda: getattr(ctx, private), put, lambda v: on_off(default if v is None else v))


def tf_knobs():
    """TensorFlow's process-wide settings a case may change."""
    from tensorflow.python.eager import context
    from tensorflow.python.framework import config as tf_config

    ctx = context.context()
    experimental = tf.config.experimental
    return [
        Knob("tf.function run eagerly", tf.config.functions_run_eagerly, tf.config.run_functions_eagerly, on_off),
        _context_flag("soft device placement", ctx, "_soft_device_placement", "soft_device_placement", tf.config.set_soft_device_placement, True),
        Knob("TF32 execution", experimental.tensor_float_32_execution_enabled, experimental.enable_tensor_float_32_execution, on_off),
        Knob(
            "op determinism",
            lambda: tf_config.is_op_determinism_enabled(),
            lambda v: tf_config.enable_op_determinism() if v else tf_config.disable_op_determinism(),
            on_off,
        ),
        _context_flag("XLA auto-clustering (tf.config.optimizer jit)", ctx, "_optimizer_jit", "optimizer_jit", tf.config.optimizer.set_jit, False),
    ]


class Adapter(BaseAdapter):
    name = "tensorflow"
    compiled_with = "tf.function(jit_compile=True)"
    # the API namespaces whose replaced public attributes are put back (module_watch.py)
    state_modules = ("tensorflow", "tensorflow.math", "tensorflow.linalg", "tensorflow.nn", "tensorflow.random", "tensorflow.signal",
                     "tensorflow.experimental.numpy", "tensorflow.strings", "tensorflow.sets", "tensorflow.nest", "tensorflow.config", "tensorflow.Tensor")

    def state_knobs(self):
        return tf_knobs()

    def version(self):
        return tf.__version__

    def settings(self):
        from .settings import Setting

        tf32 = Setting(tf.config.experimental.tensor_float_32_execution_enabled, tf.config.experimental.enable_tensor_float_32_execution)
        return {"tf.config.experimental.tensor_float_32_execution": tf32}

    def devices(self):
        found = {}
        for name, kind in _KIND.items():
            devs = tf.config.list_physical_devices(kind)
            if not devs:
                continue
            if name == "cpu":
                names = [cpu_model()]
            else:
                names = []
                for d in devs:
                    try:
                        names.append(tf.config.experimental.get_device_details(d).get("device_name", d.name))
                    except Exception:
                        names.append(d.name)
            found[name] = {"count": len(devs), "names": names}
        return found

    def handle(self, device):
        return f"/{_KIND[device]}:0"

    def context(self, device):
        return tf.device(self.handle(device))

    def hardware(self, device):
        info = self.devices().get(device)
        return info["names"][0] if info else device

    def build_info(self):
        try:
            info = dict(tf.sysconfig.get_build_info())
        except Exception:
            info = {}
        return {k: (v if isinstance(v, (str, int, float, bool)) or v is None else str(v)) for k, v in info.items()}

    def sync(self, value):
        sync_devices = getattr(getattr(tf.test, "experimental", None), "sync_devices", None)
        if sync_devices is not None:
            try:
                sync_devices()
                return
            except Exception:
                pass
        for t in tf.nest.flatten(value) if value is not None else []:
            if hasattr(t, "numpy"):
                t.numpy()

    def before_case(self, device, mode):
        tf.random.set_seed(0)

    def health_check(self, device):
        with tf.device(device):
            self.expect_twelve(tf.reduce_sum(tf.range(4, dtype=tf.float32) * 2).numpy())

    def device_clock(self, device):
        return None, ("TensorFlow has no public per-call device timer (device time is only in tf.profiler traces): "
                      "wall clock after sync_devices")

    def cache_flusher(self, device, nbytes):
        with tf.device(device):
            buffer = tf.Variable(tf.zeros([nbytes], dtype=tf.int8), trainable=False)
        zeros = tf.zeros([nbytes], dtype=tf.int8)

        def write():
            with tf.device(device):
                return buffer.assign(zeros)

        return write

    def compile(self, fn):
        return tf.function(fn, jit_compile=True)
