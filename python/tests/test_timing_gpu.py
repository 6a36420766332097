"""Blocked timing, the device clock and the cache flush, on CPU with stand-ins:

    .venvs/pytorch/bin/python -m unittest discover -s python/tests

The CUDA-events path is exercised with a stand-in event (``FakeEvent``); on a machine
with a GPU, ``test_cuda_events_on_gpu`` runs the real one.
"""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from portabench import blocks, flush  # noqa: E402
from portabench.device_clock import CudaEvents, choose_clock  # noqa: E402
from portabench.frameworks.base import BaseAdapter  # noqa: E402
from portabench.timing import Bench, run_policy  # noqa: E402

POLICY = {"warmup": 1, "min_reps": 5, "max_reps": 5, "min_time_s": 0, "max_time_s": 5, "block": 0, "flush_cache": False}


def nothing(value):
    pass


class FakeEvent:
    """A CUDA event on a fake device whose clock advances 2 ms per recorded event."""

    now = 0.0

    def record(self):
        FakeEvent.now += 2.0
        self.at = FakeEvent.now

    def elapsed_time(self, end):
        return end.at - self.at


class CountingAdapter(BaseAdapter):
    name = "counting"

    def __init__(self, flush_sleep_s=0.0):
        self.flushes = 0
        self.flush_sleep_s = flush_sleep_s

    def cache_flusher(self, device, nbytes):
        self.nbytes = nbytes

        def write():
            self.flushes += 1
            time.sleep(self.flush_sleep_s)

        return write


class BlockedTiming(unittest.TestCase):
    def test_tiny_op_is_blocked_and_samples_are_per_call(self):
        calls = []
        _, m = run_policy(lambda: calls.append(1), (), nothing, POLICY)
        self.assertGreater(m["block"], 1)
        self.assertEqual(len(m["samples_ms"]), 5)
        # one cold call, one warm-up, the choosing blocks, then 5 blocks of N
        self.assertGreaterEqual(len(calls), 2 + 5 * m["block"])

    def test_sample_is_block_time_over_n(self):
        def sleepy():
            time.sleep(0.001)

        _, m = run_policy(sleepy, (), nothing, dict(POLICY, block=4))
        self.assertEqual(m["block"], 4)
        for s in m["samples_ms"]:
            self.assertGreaterEqual(s, 1.0)  # per call, not per block of 4 (>= 4 ms)
            self.assertLess(s, 3.0)

    def test_long_op_is_not_blocked(self):
        _, m = run_policy(lambda: time.sleep(0.002), (), nothing, POLICY)
        self.assertEqual(m["block"], 1)

    def test_choose_block_grows_by_ten(self):
        self.assertEqual(blocks.choose_block(lambda: None, (), nothing, 10**9, 1000, 10**9), 1)
        n = blocks.choose_block(lambda: None, (), nothing, 1, 10**5, 10**9)
        self.assertIn(n, [10 ** k for k in range(1, 7)])

    def test_keep_outputs_keeps_the_block(self):
        self.assertEqual(len(blocks.run_block(lambda: 1, (), 7, keep_outputs=True)), 7)
        self.assertEqual(blocks.run_block(lambda: 1, (), 7), 1)


class DeviceClock(unittest.TestCase):
    def test_wall_only_without_a_device_timer(self):
        bench = Bench(BaseAdapter(), "cpu", "eager", POLICY)
        bench.measure(lambda: None)
        m = bench.measurements[0]
        self.assertEqual(m["clock"], "wall")
        self.assertIsNone(m["device_clock"])
        self.assertNotIn("device_samples_ms", m)
        self.assertIn("wall clock only", m["device_clock_reason"])

    def test_events_give_device_samples_per_call(self):
        # CUDA only on a real machine: here a stand-in event, 2 ms from start to stop
        _, m = run_policy(lambda: None, (), nothing, dict(POLICY, block=4), device_clock=CudaEvents(FakeEvent))
        self.assertEqual(m["device_clock"], "cuda-events")
        self.assertEqual(m["device_samples_ms"], [0.5] * 5)  # 2 ms over a block of 4

    def test_a_broken_device_clock_falls_back_to_wall(self):
        class Broken(BaseAdapter):
            def device_clock(self, device):
                raise RuntimeError("driver gone")

        clock, reason = choose_clock(Broken(), "cuda")
        self.assertIsNone(clock)
        self.assertIn("driver gone", reason)

    @unittest.skipUnless(__import__("importlib").util.find_spec("torch"), "needs torch")
    def test_pytorch_chooses_wall_on_cpu(self):
        from portabench.frameworks.pytorch import Adapter

        clock, reason = choose_clock(Adapter(), "cpu")
        self.assertIsNone(clock)
        self.assertIn("wall clock", reason)

    @unittest.skipUnless(__import__("importlib").util.find_spec("torch"), "needs torch")
    def test_cuda_events_on_gpu(self):
        # CUDA only: exercised when a GPU is present
        import torch

        if not torch.cuda.is_available():
            self.skipTest("no CUDA device")
        from portabench.frameworks.pytorch import Adapter

        adapter = Adapter()
        adapter.before_case("cuda", "eager")
        bench = Bench(adapter, torch.device("cuda"), "eager", POLICY, device_name="cuda")
        x = torch.randn(1 << 20, device="cuda")
        bench.measure(torch.exp, x)
        m = bench.measurements[0]
        self.assertEqual(m["device_clock"], "cuda-events")
        self.assertEqual(len(m["device_samples_ms"]), len(m["samples_ms"]))
        self.assertTrue(all(0 < d for d in m["device_samples_ms"]))


class Flush(unittest.TestCase):
    def test_flush_before_every_sample_outside_the_timed_region(self):
        adapter = CountingAdapter(flush_sleep_s=0.02)
        bench = Bench(adapter, "cpu", "eager", dict(POLICY, flush_cache=True))
        bench.measure(lambda: None)
        m = bench.measurements[0]
        self.assertTrue(m["flush_cache"])
        self.assertEqual(m["block"], 1, "a flushed op is timed one call per sample")
        self.assertEqual(m["flushes"], 5)
        self.assertEqual(adapter.flushes, 5)
        self.assertGreater(m["flush_bytes"], 0)
        self.assertLess(max(m["samples_ms"]), 20, "the 20 ms flush is not in the samples")

    def test_no_flush_by_default(self):
        adapter = CountingAdapter()
        bench = Bench(adapter, "cpu", "eager", POLICY)
        bench.measure(lambda: None)
        self.assertFalse(bench.measurements[0]["flush_cache"])
        self.assertEqual(adapter.flushes, 0)

    def test_sizes(self):
        self.assertEqual(flush.parse_size("32768K"), 32 * 1024 * 1024)
        self.assertEqual(flush.parse_size("2M"), 2 * 1024 * 1024)
        self.assertIsNone(flush.parse_size(""))
        self.assertEqual(flush.flush_bytes("cuda"), flush.GPU_BYTES)
        self.assertEqual(flush.flush_bytes("cpu", root="/nonexistent"), flush.FALLBACK_BYTES)
        llc = flush.llc_bytes()
        if llc:
            self.assertEqual(flush.flush_bytes("cpu"), 2 * llc)


if __name__ == "__main__":
    unittest.main()
