import os
import tempfile

import numpy as np
import tensorflow as tf

from portabench import case, skip
from portabench.testing import assert_close

# Replaces the study's tf.compat.v1.train.CheckpointSaverHook (a MonitoredSession hook,
# graph mode only): periodic checkpointing in TF 2 is tf.train.CheckpointManager.
FUNCTION = "tf.train.CheckpointManager"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host (file I/O, Python objects): there is nothing for XLA to compile")


@case(dtype=["float32", "float64", "bfloat16", "int64"])
def save_and_restore(bench, device, dtype):
    host_only(bench, "tf.train.CheckpointManager")
    v = tf.Variable(tf.cast(tf.range(6), dtype))
    ckpt = tf.train.Checkpoint(v=v)
    # a fresh directory per timed call: later saves must not delete the first one
    path = bench.measure(lambda: tf.train.CheckpointManager(ckpt, tempfile.mkdtemp(prefix="pb-ckpt-"), max_to_keep=2).save())
    v.assign(tf.zeros_like(v))
    ckpt.restore(path).assert_consumed()
    assert_close(tf.cast(v, tf.float64), np.arange(6.0), "float64")


@case(keep=[1, 3])
def max_to_keep(bench, device, keep):
    host_only(bench, "tf.train.CheckpointManager")
    ckpt = tf.train.Checkpoint(v=tf.Variable(1.0))

    def save_five():
        d = tempfile.mkdtemp(prefix="pb-ckpt-")  # a fresh directory per timed call
        m = tf.train.CheckpointManager(ckpt, d, max_to_keep=keep)
        for _ in range(5):
            m.save()
        return m

    m = bench.measure(save_five)
    assert len(m.checkpoints) == keep, m.checkpoints
    assert m.latest_checkpoint == m.checkpoints[-1] and os.path.exists(m.latest_checkpoint + ".index")
