import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.distribute.InputContext.get_per_replica_batch_size"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host in Python: there is nothing for XLA to compile")


@case(replicas=[1, 2, 8], batch=[64, 256])
def divides(bench, device, replicas, batch):
    host_only(bench, "InputContext.get_per_replica_batch_size (integer arithmetic)")
    ctx = tf.distribute.InputContext(num_input_pipelines=1, input_pipeline_id=0, num_replicas_in_sync=replicas)
    got = bench.measure(ctx.get_per_replica_batch_size, batch)
    assert got == batch // replicas


@case
def indivisible_raises(bench, device):
    host_only(bench, "InputContext.get_per_replica_batch_size (integer arithmetic)")
    ctx = tf.distribute.InputContext(num_replicas_in_sync=3)
    try:
        bench.measure(ctx.get_per_replica_batch_size, 10)
    except ValueError:
        return
    raise AssertionError("a global batch of 10 over 3 replicas must raise ValueError")
