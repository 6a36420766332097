import glob
import os
import tempfile

import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.summary.SummaryWriter.flush"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host: tf.data / file I/O cannot be compiled by XLA")


def events(logdir):
    n = 0
    for f in glob.glob(os.path.join(logdir, "events.*")):
        for e in tf.compat.v1.train.summary_iterator(f):
            n += len(e.summary.value)
    return n


@case(n=[1, 10])
def scalars_reach_disk(bench, device, n):
    host_only(bench, "SummaryWriter.flush (event file I/O)")
    logdir = tempfile.mkdtemp(prefix="pb-summary-")
    writer = tf.summary.create_file_writer(logdir, max_queue=1000, flush_millis=10 ** 7)
    with writer.as_default():
        for i in range(n):
            tf.summary.write("loss", tf.constant(1.0 / (i + 1)), step=i)  # the core op: no TensorBoard needed
    bench.measure(writer.flush)
    assert events(logdir) == n, f"{events(logdir)} summaries on disk after flush, expected {n}"


@case
def flush_with_nothing_pending(bench, device):
    host_only(bench, "SummaryWriter.flush (event file I/O)")
    logdir = tempfile.mkdtemp(prefix="pb-summary-")
    writer = tf.summary.create_file_writer(logdir)
    bench.measure(writer.flush)
    assert events(logdir) == 0 and glob.glob(os.path.join(logdir, "events.*"))
