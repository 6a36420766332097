import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.data.experimental.shuffle_and_repeat"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host: tf.data / file I/O cannot be compiled by XLA")


@case(count=[1, 3], buffer=[1, 4, 100])
def each_epoch_is_a_permutation(bench, device, count, buffer):
    host_only(bench, "tf.data.experimental.shuffle_and_repeat")
    ds = tf.data.Dataset.range(8)
    out = bench.measure(lambda: [int(v) for v in ds.apply(tf.data.experimental.shuffle_and_repeat(buffer, count, seed=5))])
    assert len(out) == 8 * count
    for e in range(count):
        assert sorted(out[8 * e:8 * e + 8]) == list(range(8)), out


@case
def seeded_is_deterministic(bench, device):
    host_only(bench, "tf.data.experimental.shuffle_and_repeat")
    ds = tf.data.Dataset.range(20)
    a = bench.measure(lambda: [int(v) for v in ds.apply(tf.data.experimental.shuffle_and_repeat(20, 2, seed=11))])
    b = [int(v) for v in ds.apply(tf.data.experimental.shuffle_and_repeat(20, 2, seed=11))]
    assert a == b
