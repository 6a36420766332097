import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.image.adjust_brightness"


@case(dtype=["float16", "bfloat16", "float32", "float64"], delta=[0.1, -0.25])
def floats_add_delta(bench, device, dtype, delta):
    # TF computes float64 images in float32 (convert_image_dtype): a float64 mismatch is data
    rng = np.random.default_rng(0)
    x = tf.cast(tf.constant(rng.uniform(0, 1, (2, 8, 8, 3))), dtype)
    out = bench.measure(tf.image.adjust_brightness, x, tf.constant(delta))
    assert out.dtype == x.dtype
    # delta is a float32 tensor: the reference adds its float32 value
    assert_close(tf.cast(out, tf.float64), tf.cast(x, tf.float64).numpy() + float(np.float32(delta)), dtype, scale=2)


@case(dtype=["uint8", "int32"], delta=[0.2, -0.5])
def integer_images_saturate(bench, device, dtype, delta):
    rng = np.random.default_rng(1)
    maxval = 255 if dtype == "uint8" else 2 ** 31 - 1
    v = rng.integers(0, 255, (4, 4, 3)) * (maxval // 255)
    x = tf.constant(v.astype(dtype))
    out = bench.measure(tf.image.adjust_brightness, x, tf.constant(delta))
    assert out.dtype == x.dtype
    # the float result is cast back saturating to the dtype's range (negative for int32)
    ref = np.clip(v / maxval + delta, np.iinfo(dtype).min / maxval, 1) * maxval
    # conversion back to integers rounds: allow one step (relative for int32)
    err = np.abs(out.numpy().astype(np.float64) - ref)
    assert np.all(err <= 1 + 1e-6 * maxval), f"max error {err.max():.3g} steps"


@case
def single_image_and_empty(bench, device):
    out = bench.measure(tf.image.adjust_brightness, tf.zeros((0, 5, 3)), tf.constant(0.3))
    assert out.shape == (0, 5, 3)


@case
def gradient_is_identity(bench, device):
    x = tf.constant(np.random.default_rng(2).uniform(size=(3, 3, 3)))

    def grads(x, d):
        with tf.GradientTape() as tape:
            tape.watch([x, d])
            y = tf.reduce_sum(tf.image.adjust_brightness(x, d))
        return tape.gradient(y, [x, d])

    gx, gd = bench.measure(grads, x, tf.constant(0.1, tf.float64))
    assert_close(gx, np.ones((3, 3, 3)), "float64")
    assert_close(gd, np.float64(27.0), "float64")
