import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.data.Dataset.shard"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host: tf.data / file I/O cannot be compiled by XLA")


@case(num_shards=[1, 3, 4], index=[0, 2])
def round_robin(bench, device, num_shards, index):
    host_only(bench, "tf.data.Dataset.shard")
    if index >= num_shards:
        index = num_shards - 1
    ds = tf.data.Dataset.range(10)
    out = bench.measure(lambda: [int(v) for v in ds.shard(num_shards, index)])
    assert out == list(range(10))[index::num_shards], out


@case
def empty_shard(bench, device):
    host_only(bench, "tf.data.Dataset.shard")
    out = bench.measure(lambda: list(tf.data.Dataset.range(2).shard(5, 4)))
    assert out == []


@case
def index_out_of_range_raises(bench, device):
    host_only(bench, "tf.data.Dataset.shard")
    try:
        bench.measure(lambda: list(tf.data.Dataset.range(4).shard(2, 2)))
    except (tf.errors.InvalidArgumentError, ValueError):
        return
    raise AssertionError("shard index >= num_shards must raise")
