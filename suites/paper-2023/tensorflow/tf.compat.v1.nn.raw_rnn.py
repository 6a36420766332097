import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close


FUNCTION = "tf.compat.v1.nn.raw_rnn"


class TanhCell:
    """A minimal RNN cell (Keras 3 no longer provides tf.compat.v1 RNN cells)."""

    def __init__(self, w, u):
        self.w, self.u = w, u
        self.state_size = self.output_size = int(u.shape[0])

    def zero_state(self, batch, dtype):
        return tf.zeros((batch, self.state_size), dtype)

    def __call__(self, x, h):
        o = tf.tanh(x @ self.w + h @ self.u)
        return o, o


def run_rnn(inputs, lengths, w, u):
    cell = TanhCell(w, u)
    steps, batch = inputs.shape[0], inputs.shape[1]
    ta = tf.TensorArray(inputs.dtype, size=steps).unstack(inputs)

    def loop_fn(time, cell_output, cell_state, loop_state):
        state = cell.zero_state(batch, inputs.dtype) if cell_output is None else cell_state
        finished = time >= lengths
        nxt = tf.cond(tf.reduce_all(finished), lambda: tf.zeros((batch, inputs.shape[2]), inputs.dtype), lambda: ta.read(time))
        return finished, nxt, state, cell_output, None

    outputs, final_state, _ = tf.compat.v1.nn.raw_rnn(cell, loop_fn)
    return outputs.stack(), final_state


def reference(x, lengths, w, u):
    steps, batch, _ = x.shape
    h = np.zeros((batch, u.shape[0]))
    outs = np.zeros((steps, batch, u.shape[0]))
    for t in range(steps):
        new = np.tanh(x[t] @ w + h @ u)
        live = (t < lengths)[:, None]
        outs[t] = np.where(live, new, 0.0)
        h = np.where(live, new, h)
    return outs, h


@case(dtype=["float32", "float64"], lengths=[(5, 5, 5), (5, 2, 0)])
def sequences(bench, device, dtype, lengths):
    rng = np.random.default_rng(0)
    x, w, u = rng.standard_normal((5, 3, 4)), rng.standard_normal((4, 6)) * 0.5, rng.standard_normal((6, 6)) * 0.5
    ln = np.array(lengths)
    outs, state = bench.measure(run_rnn, tf.constant(x, dtype), tf.constant(ln, tf.int32), tf.constant(w, dtype), tf.constant(u, dtype))
    ref_o, ref_h = reference(x, ln, w, u)
    assert_close(outs, ref_o, dtype, scale=10)
    assert_close(state, ref_h, dtype, scale=10)


@case
def gradient_through_time(bench, device):
    rng = np.random.default_rng(1)
    x, w, u = (tf.constant(rng.standard_normal(s) * 0.5) for s in [(4, 2, 3), (3, 5), (5, 5)])

    def grad(x, w, u):
        with tf.GradientTape() as tape:
            tape.watch(w)
            outs, _ = run_rnn(x, tf.constant([4, 3]), w, u)
            y = tf.reduce_sum(outs)
        return tape.gradient(y, w)

    g = bench.measure(grad, x, w, u)
    eps = 1e-6
    wn = w.numpy().copy()
    wn[0, 0] += eps
    num = (reference(x.numpy(), np.array([4, 3]), wn, u.numpy())[0].sum() - reference(x.numpy(), np.array([4, 3]), w.numpy(), u.numpy())[0].sum()) / eps
    assert abs(float(g[0, 0]) - num) < 1e-4, (float(g[0, 0]), num)
