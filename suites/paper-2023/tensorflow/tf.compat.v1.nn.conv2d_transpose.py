import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.compat.v1.nn.conv2d_transpose"


def reference(x, w, out_shape, stride):
    # x NHWC, w [kh, kw, out_channels, in_channels]; VALID-style scatter, then crop
    n, h, wd, c = x.shape
    kh, kw, o, _ = w.shape
    full = np.zeros((n, (h - 1) * stride + kh, (wd - 1) * stride + kw, o))
    for i in range(h):
        for j in range(wd):
            full[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :] += np.einsum("nc,hwoc->nhwo", x[:, i, j, :], w)
    return full


def same_crop(full, out_shape, k, stride, in_size):
    total = max((in_size - 1) * stride + k - out_shape, 0)
    start = total // 2
    return full[start:start + out_shape]


@case(dtype=["float32", "float16", "bfloat16", "float64"], stride=[1, 2])
def valid(bench, device, dtype, stride):
    rng = np.random.default_rng(0)
    x = tf.cast(tf.constant(rng.standard_normal((2, 5, 6, 4))), dtype)
    w = tf.cast(tf.constant(rng.standard_normal((3, 3, 3, 4))), dtype)
    shape = [2, (5 - 1) * stride + 3, (6 - 1) * stride + 3, 3]
    out = bench.measure(tf.compat.v1.nn.conv2d_transpose, x, w, output_shape=shape, strides=[1, stride, stride, 1], padding="VALID")
    ref = reference(tf.cast(x, tf.float64).numpy(), tf.cast(w, tf.float64).numpy(), shape, stride)
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=8)


@case(stride=[1, 2])
def same_padding(bench, device, stride):
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 4, 4, 2)), rng.standard_normal((3, 3, 5, 2))
    shape = [1, 4 * stride, 4 * stride, 5]
    out = bench.measure(tf.compat.v1.nn.conv2d_transpose, tf.constant(x), tf.constant(w), output_shape=shape, strides=[1, stride, stride, 1], padding="SAME")
    full = reference(x, w, shape, stride)
    total = max((4 - 1) * stride + 3 - 4 * stride, 0)
    s = total // 2
    assert_close(out, full[:, s:s + 4 * stride, s:s + 4 * stride, :], "float64")


@case
def is_gradient_of_conv2d(bench, device):
    # conv2d_transpose(y, w) equals the gradient of <conv2d(x, w), y> with respect to x
    rng = np.random.default_rng(2)
    x = tf.constant(rng.standard_normal((1, 7, 7, 3)))
    w = tf.constant(rng.standard_normal((3, 3, 3, 4)))
    y = tf.constant(rng.standard_normal((1, 4, 4, 4)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(tf.nn.conv2d(x, w, strides=2, padding="SAME") * y)
    ref = tape.gradient(loss, x).numpy()
    out = bench.measure(tf.compat.v1.nn.conv2d_transpose, y, w, output_shape=[1, 7, 7, 3], strides=[1, 2, 2, 1], padding="SAME")
    assert_close(out, ref, "float64")
