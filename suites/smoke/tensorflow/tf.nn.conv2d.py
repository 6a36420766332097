import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.nn.conv2d"


def same_padding(size, k, stride):
    # TensorFlow's SAME: output ceil(size / stride); any odd padding goes after
    total = max((-(-size // stride) - 1) * stride + k - size, 0)
    return total // 2, total - total // 2


def reference(x, w, stride=1):
    # NHWC input, HWIO filter, SAME padding
    kh, kw = w.shape[:2]
    x = np.pad(x, ((0, 0), same_padding(x.shape[1], kh, stride), same_padding(x.shape[2], kw, stride), (0, 0)))
    n, h, wd, c = x.shape
    kh, kw, _, o = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, oh, ow, o))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :]
            out += np.einsum("nhwc,co->nhwo", patch, w[i, j])
    return out


@case(dtype=["float32", "float16", "bfloat16", "float64"], stride=[1, 2])
def image(bench, device, dtype, stride):
    rng = np.random.default_rng(0)
    x = tf.cast(tf.constant(rng.standard_normal((2, 32, 32, 3))), dtype)
    w = tf.cast(tf.constant(rng.standard_normal((3, 3, 3, 8))), dtype)
    out = bench.measure(tf.nn.conv2d, x, w, strides=stride, padding="SAME")
    ref = reference(tf.cast(x, tf.float64).numpy(), tf.cast(w, tf.float64).numpy(), stride)
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=6)


@case
def gradient(bench, device):
    rng = np.random.default_rng(1)
    x = tf.constant(rng.standard_normal((1, 8, 8, 2)))
    w = tf.constant(rng.standard_normal((3, 3, 2, 4)))

    def grad_x(x, w):
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(tf.nn.conv2d(x, w, strides=1, padding="VALID"))
        return tape.gradient(loss, x)

    gx = bench.measure(grad_x, x, w)
    assert_close(gx[0, 4, 4, :], w.numpy().sum(axis=(0, 1, 3)), "float64")
