#!/bin/sh
# The CUDA-only timing paths, exercised on a machine with a GPU, in one command:
#   bench/gpu-timing.sh [PYTHON]      PYTHON: an interpreter whose torch sees CUDA (default .venvs/pytorch/bin/python)
# 1. python/tests/test_timing_gpu.py (test_cuda_events_on_gpu: real CUDA events);
# 2. test/timing-gpu.test.ts (CPU paths of all three frameworks, if their venvs exist);
# 3. the smoke suite on pytorch/cuda, eager and compiled, with and without --flush-cache:
#    the report's device_median beside the wall median, per case;
# 4. bench/timing-accuracy.ts --device cuda: portabench vs Timer.blocked_autorange and
#    triton.testing.do_bench, table saved to $OUT/timing-accuracy-gpu.json.
# Needs node and the npm dev dependencies (tsx) besides PyTorch with CUDA. Prints figures; asserts no timing.
set -u
cd "$(dirname "$0")/.."
PY=${1:-.venvs/pytorch/bin/python}
OUT=${OUT:-results/timing-gpu}
mkdir -p "$OUT"
"$PY" -c 'import torch; assert torch.cuda.is_available(), "no CUDA device"; print("torch", torch.__version__, torch.cuda.get_device_name(0))' || exit 1
npx tsc -p tsconfig.json || exit 1
"$PY" -m unittest -v python/tests/test_timing_gpu.py
node --import tsx --test test/timing-gpu.test.ts
for flush in "" --flush-cache; do
  node bin/portabench.js run --suite smoke -f pytorch -d cuda -m eager compiled --python pytorch="$PY" \
    --db "$OUT/timing-gpu.db" --timing quick $flush --quiet --json > "$OUT/smoke${flush}.json"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const t of r.targets) for (const f of t.functions) for (const [c, l] of Object.entries(f.case_latency_ms ?? {}))
      console.log([t.mode, f.function, c, "wall", l.median.toFixed(4), l.device_clock ?? "-", l.device_median?.toFixed(4) ?? "-", "block", l.block ?? 1, l.flush_cache ? "flushed" : ""].join("\t"));
  ' "$OUT/smoke${flush}.json"
done
node --import tsx bench/timing-accuracy.ts pytorch --device cuda --python pytorch="$PY" --out "$OUT/timing-accuracy-gpu.json"
