import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.Graph.get_collection"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host in Python: there is nothing for XLA to compile")


@case(n=[0, 3, 50])
def named_collection(bench, device, n):
    host_only(bench, "tf.Graph.get_collection (graph collections)")
    g = tf.Graph()
    for i in range(n):
        g.add_to_collection("things", i)
    got = bench.measure(g.get_collection, "things")
    assert got == list(range(n))


@case
def scope_filter(bench, device):
    host_only(bench, "tf.Graph.get_collection (graph collections)")
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("a"):
            a = tf.constant(1.0, name="x")
        with tf.name_scope("b"):
            b = tf.constant(2.0, name="x")
    g.add_to_collection("consts", a)
    g.add_to_collection("consts", b)
    assert bench.measure(g.get_collection, "consts", scope="a") == [a]
    assert g.get_collection("consts") == [a, b]


@case
def returns_a_copy(bench, device):
    host_only(bench, "tf.Graph.get_collection (graph collections)")
    g = tf.Graph()
    g.add_to_collection("k", 1)
    got = bench.measure(g.get_collection, "k")
    got.append(2)
    assert g.get_collection("k") == [1], "get_collection must return a copy"
    assert g.get_collection("missing") == []
