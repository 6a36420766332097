import os
import tempfile

import numpy as np
import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.train.list_variables"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host: tf.data / file I/O cannot be compiled by XLA")


def saved(**variables):
    ckpt = tf.train.Checkpoint(**variables)
    return ckpt.write(os.path.join(tempfile.mkdtemp(prefix="pb-ckpt-"), "ckpt"))


@case(dtype=["float32", "float16", "bfloat16", "float64", "int64"])
def names_and_shapes(bench, device, dtype):
    host_only(bench, "tf.train.list_variables (checkpoint file reading)")
    path = saved(a=tf.Variable(tf.zeros((3, 4), dtype)), b=tf.Variable(tf.ones((2,), dtype)))
    got = dict(bench.measure(tf.train.list_variables, path))
    assert got["a/.ATTRIBUTES/VARIABLE_VALUE"] == [3, 4], got
    assert got["b/.ATTRIBUTES/VARIABLE_VALUE"] == [2], got
    value = tf.train.load_variable(path, "a/.ATTRIBUTES/VARIABLE_VALUE")
    assert value.shape == (3, 4)


@case
def directory_argument(bench, device):
    host_only(bench, "tf.train.list_variables (checkpoint file reading)")
    d = tempfile.mkdtemp(prefix="pb-ckpt-")
    tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable([1.0])), d, max_to_keep=1).save()
    got = dict(bench.measure(tf.train.list_variables, d))
    assert got["v/.ATTRIBUTES/VARIABLE_VALUE"] == [1]


@case
def missing_checkpoint_raises(bench, device):
    host_only(bench, "tf.train.list_variables (checkpoint file reading)")
    try:
        bench.measure(tf.train.list_variables, os.path.join(tempfile.mkdtemp(), "nothing"))
    except (tf.errors.NotFoundError, ValueError):
        return
    raise AssertionError("a missing checkpoint must raise")
