import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

from .base import BaseAdapter, cpu_model  # noqa: E402

_KIND = {"cpu": "CPU", "cuda": "GPU", "tpu": "TPU"}


class Adapter(BaseAdapter):
    name = "tensorflow"
    compiled_with = "tf.function(jit_compile=True)"

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
