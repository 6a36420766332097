#!/bin/sh
# One-shot measurements on a machine with a GPU and no Node, from the offline pack.
# Build the pack here with:  npx portabench pack --with-bench --suite smoke --suite paper-2023 --suite opinfo --suite jax-harnesses --suite models --out out/pack.tar.xz
# On the GPU machine:        tar -xJf pack.tar.xz -C /tmp && /tmp/portabench/lib/bench/device-run.sh /usr/bin/python3 "$OUT"
#   PYTHON: the machine's interpreter with CUDA PyTorch (and JAX, if it has it); OUT: where results go.
#   BUDGET_S (default 480): seconds for everything; each step gets what is left, so the bundle is always written.
#   SWEEP=1: instead of the sequential steps, everything below at once, each in its own store, on a
#     machine with cores to spare (one GPU is shared; JAX does not preallocate its memory):
#     - the generated suites on DEVICE (default cuda), measured: opinfo and jax-harnesses eager,
#       opinfo compiled (a slice, grouped), models eager (a slice: MODELS_SLICE, default ::25);
#     - AOT=1 (default): jax-harnesses and paper-2023 compiled for sm_90 by this machine's own JAX
#       without running (-m aot), so compiled-for-the-device and measured verdicts come from the
#       same JAX version (report's Calibration table);
#     - smoke and paper-2023 eager on the CPU and the GPU;
#     - static coverage of DEVICE from this PyTorch build (dispatcher, native-functions, opinfo-declarations, op-dtypes).
#   SLICE: a PORTABENCH_SLICE for every generated suite (to try the script on a few cases).
#   COMPILE_JOBS (default 4): workers side by side for the grouped compiled OpInfo sweep (run --jobs).
#   PYJAX: the interpreter with JAX, when it is not PYTHON.
# Writes to OUT: doctor.json, run.log, gpu-runs.jsonl.gz (every run; import it with
# "portabench import bundle"), report.txt, and timing-accuracy-gpu.json without SWEEP. Prints
# figures; asserts nothing.
set -u
PY=${1:?give the interpreter with CUDA PyTorch}
OUT=${2:-${OUT:-.}}
PYJAX=${PYJAX:-$PY}
DEV=${DEVICE:-cuda}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
PB="$HERE/bin/portabench"
NODE="$HERE/node/bin/node"
WORK=$(mktemp -d)
DB="$WORK/gpu.db"
mkdir -p "$OUT"
END=$(( $(date +%s) + ${BUDGET_S:-480} ))
left() { echo $(( END - $(date +%s) )); }
budget() { # budget SECONDS-AT-MOST: that, or what is left of the budget keeping 60 s for the bundle
  have=$(( $(left) - 60 )); [ "$have" -lt "$1" ] && echo "$have" || echo "$1"
}
step() { # step SECONDS-AT-MOST COMMAND…: run with what is left of the budget
  want=$(budget "$1"); shift
  if [ "$want" -lt 10 ]; then echo "skipped (budget spent): $*" >> "$OUT/run.log"; return; fi
  echo "== $(date -u +%T) [$want s] $*" >> "$OUT/run.log"
  timeout -k 5 "$want" "$@" >> "$OUT/run.log" 2>&1
  echo "   exit $?" >> "$OUT/run.log"
}
job() { # job NAME SECONDS-AT-MOST COMMAND…: in the background, into its own store WORK/NAME.db, its log WORK/NAME.log
  name=$1; want=$(budget "$2"); shift 2
  ( echo "== $(date -u +%T) [$want s] $*"; timeout -k 5 "$want" "$@" --db "$WORK/$name.db"; echo "   exit $? at $(date -u +%T)" ) > "$WORK/$name.log" 2>&1 &
}
runs_of() { # the --run arguments for every run in a store
  "$NODE" -e '
    const D = require(process.argv[1] + "/lib/node_modules/" + (Number(process.versions.node.split(".")[0]) >= 22 ? "better-sqlite3-napi" : "better-sqlite3"));
    const db = new D(process.argv[2], { readonly: true });
    console.log(db.prepare("SELECT id FROM runs ORDER BY id").all().map((r) => "--run " + r.id).join(" "));
  ' "$HERE" "$1" 2>> "$OUT/run.log"
}
PYS="--python pytorch=$PY --python jax=$PYJAX"
[ -n "${SLICE:-}" ] && export PORTABENCH_SLICE="$SLICE"
"$PB" doctor $PYS --json > "$OUT/doctor.json" 2>> "$OUT/run.log"
{ nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv; nproc; } >> "$OUT/run.log" 2>&1
if [ "${SWEEP:-0}" = 1 ]; then
  export XLA_PYTHON_CLIENT_PREALLOCATE=false
  ALL=$(budget 100000)
  job opinfo "$ALL" "$PB" run --suite opinfo -f pytorch -d "$DEV" -m eager --timing quick $PYS -q
  job harnesses "$ALL" "$PB" run --suite jax-harnesses -f jax -d "$DEV" -m eager --timing quick $PYS -q
  job opinfo-compiled "$ALL" env PORTABENCH_SLICE="${SLICE:-::17}" "$PB" run --suite opinfo -f pytorch -d "$DEV" -m compiled --group 32 --jobs "${COMPILE_JOBS:-4}" --timing none $PYS -q
  job models "$ALL" env PORTABENCH_SLICE="${SLICE:-${MODELS_SLICE:-::25}}" "$PB" run --suite models -f pytorch -d "$DEV" -m eager --timing quick $PYS -q
  if [ "${AOT:-1}" = 1 ]; then
    job harnesses-aot "$ALL" "$PB" run --suite jax-harnesses -f jax -d cuda -m aot --aot-target sm_90 --timing none $PYS -q
    job paper-aot "$ALL" "$PB" run --suite paper-2023 -f jax -d cuda -m aot --aot-target sm_90 --timing none $PYS -q
  fi
  # static evidence from this machine's own PyTorch build, beside what it measures (same version)
  job coverage "$ALL" sh -c "for src in dispatcher native-functions opinfo-declarations op-dtypes; do '$PB' coverage -f pytorch -d $DEV --source \$src $PYS \"\$@\" > /dev/null || echo \"coverage --source \$src: exit \$?\"; done" coverage
  # job appends --db STORE: both runs of this one go into it ("$@")
  job smoke "$ALL" sh -c "'$PB' run --suite smoke -f pytorch -f jax -d cpu -d $DEV -m eager -m compiled $PYS -q \"\$@\" && exec '$PB' run --suite paper-2023 -f pytorch -f jax -d cpu -d $DEV -m eager --timing quick $PYS -q \"\$@\"" smoke
  wait
  for log in "$WORK"/*.log; do cat "$log" >> "$OUT/run.log"; done
  for store in "$WORK"/*.db; do
    [ "$store" = "$DB" ] && continue
    RUNS=$(runs_of "$store")
    [ -n "$RUNS" ] || continue
    "$PB" export $RUNS --db "$store" --out "$store.jsonl.gz" >> "$OUT/run.log" 2>&1 &&
      "$PB" import bundle "$store.jsonl.gz" --db "$DB" >> "$OUT/run.log" 2>&1
  done
else
  step 120 "$PB" run --suite smoke -f pytorch -f jax -d cpu -d "$DEV" -m eager -m compiled $PYS --db "$DB" -q
  step 200 "$PB" run --suite paper-2023 -f pytorch -f jax -d cpu -d "$DEV" -m eager --timing quick $PYS --db "$DB" -q
  step 150 "$NODE" "$HERE/lib/bench/timing-accuracy.js" pytorch --device "$DEV" --python "pytorch=$PY" --out "$OUT/timing-accuracy-gpu.json"
fi
RUNS=$(runs_of "$DB")
[ -n "$RUNS" ] && "$PB" export $RUNS --db "$DB" --out "$OUT/gpu-runs.jsonl.gz" >> "$OUT/run.log" 2>&1
"$PB" report --db "$DB" --all > "$OUT/report.txt" 2>> "$OUT/run.log"
rm -rf "$WORK"
echo "done in $(( ${BUDGET_S:-480} - $(left) )) s" >> "$OUT/run.log"
