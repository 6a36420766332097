import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.nn.conv3d"


def reference(x, w, stride=1, padding="VALID", dilation=1):
    # NDHWC input, DHWIO filter
    kd, kh, kw, _, o = w.shape
    if padding == "SAME":
        pads = []
        for size, k in zip(x.shape[1:4], (kd, kh, kw)):
            out = -(-size // stride)
            total = max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    n, d, h, wd, c = x.shape
    od = (d - (kd - 1) * dilation - 1) // stride + 1
    oh = (h - (kh - 1) * dilation - 1) // stride + 1
    ow = (wd - (kw - 1) * dilation - 1) // stride + 1
    out = np.zeros((n, od, oh, ow, o))
    for a in range(kd):
        for i in range(kh):
            for j in range(kw):
                patch = x[:, a * dilation:a * dilation + stride * od:stride, i * dilation:i * dilation + stride * oh:stride,
                          j * dilation:j * dilation + stride * ow:stride, :]
                out += np.einsum("ndhwc,co->ndhwo", patch, w[a, i, j])
    return out


@case(dtype=["float32", "float16", "bfloat16", "float64"], padding=["SAME", "VALID"], stride=[1, 2])
def volumes(bench, device, dtype, padding, stride):
    rng = np.random.default_rng(0)
    x = tf.cast(tf.constant(rng.standard_normal((2, 7, 8, 6, 3))), dtype)
    w = tf.cast(tf.constant(rng.standard_normal((3, 2, 3, 3, 4))), dtype)
    out = bench.measure(tf.nn.conv3d, x, w, strides=[1, stride, stride, stride, 1], padding=padding)
    ref = reference(tf.cast(x, tf.float64).numpy(), tf.cast(w, tf.float64).numpy(), stride, padding)
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=8)


@case
def dilated(bench, device):
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 6, 6, 6, 2)), rng.standard_normal((2, 2, 2, 2, 3))
    out = bench.measure(tf.nn.conv3d, tf.constant(x), tf.constant(w), strides=[1, 1, 1, 1, 1], padding="VALID", dilations=[1, 2, 2, 2, 1])
    assert_close(out, reference(x, w, dilation=2), "float64")


@case
def empty_batch(bench, device):
    out = bench.measure(tf.nn.conv3d, tf.zeros((0, 4, 4, 4, 2)), tf.ones((2, 2, 2, 2, 5)), strides=[1, 1, 1, 1, 1], padding="VALID")
    assert out.shape == (0, 3, 3, 3, 5)


@case
def gradients(bench, device):
    rng = np.random.default_rng(2)
    x = tf.constant(rng.standard_normal((1, 4, 4, 4, 2)))
    w = tf.constant(rng.standard_normal((2, 2, 2, 2, 3)))

    def grads(x, w):
        with tf.GradientTape() as tape:
            tape.watch([x, w])
            y = tf.reduce_sum(tf.nn.conv3d(x, w, strides=[1, 1, 1, 1, 1], padding="VALID"))
        return tape.gradient(y, [x, w])

    gx, gw = bench.measure(grads, x, w)
    # each filter tap sees the 3x3x3 window of inputs it slides over
    xs = x.numpy()[0]
    ref_w = np.stack([np.stack([np.stack([xs[a:a + 3, i:i + 3, j:j + 3].sum(axis=(0, 1, 2)) for j in range(2)]) for i in range(2)]) for a in range(2)])
    assert_close(gw, np.repeat(ref_w[..., None], 3, axis=-1), "float64")
    assert_close(gx[0, 1, 1, 1], w.numpy().sum(axis=(0, 1, 2, 4)), "float64")
