#!/bin/sh
# One-shot measurements on a machine with a GPU and no Node, from the offline pack.
# Build the pack here with:  npx portabench pack --with-bench --suite smoke --suite paper-2023 --suite opinfo --suite jax-harnesses --out out/pack.tar.xz
# On the GPU machine:        tar -xJf pack.tar.xz -C /tmp && /tmp/portabench/lib/bench/device-run.sh /usr/bin/python3 "$OUT"
#   PYTHON: the machine's interpreter with CUDA PyTorch (and JAX, if it has it); OUT: where results go.
#   BUDGET_S (default 480): seconds for everything; each step gets what is left, so the bundle is always written.
#   SWEEP=1 adds the generated suites (opinfo, jax-harnesses) on cuda, eager.
# Writes to OUT: doctor.json, run.log, timing-accuracy-gpu.json, gpu-runs.jsonl.gz (import it with
# "portabench import bundle"), report.txt. Prints figures; asserts nothing.
set -u
PY=${1:?give the interpreter with CUDA PyTorch}
OUT=${2:-${OUT:-.}}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
PB="$HERE/bin/portabench"
NODE="$HERE/node/bin/node"
DB="$OUT/gpu.db"
mkdir -p "$OUT"
END=$(( $(date +%s) + ${BUDGET_S:-480} ))
left() { echo $(( END - $(date +%s) )); }
step() { # step SECONDS-AT-MOST COMMAND…: run with what is left of the budget (keeping 40 s for the export)
  want=$1; shift
  have=$(( $(left) - 40 )); [ "$have" -lt "$want" ] && want=$have
  if [ "$want" -lt 10 ]; then echo "skipped (budget spent): $*" >> "$OUT/run.log"; return; fi
  echo "== $(date -u +%T) [$want s] $*" >> "$OUT/run.log"
  timeout -k 5 "$want" "$@" >> "$OUT/run.log" 2>&1
  echo "   exit $?" >> "$OUT/run.log"
}
PYS="--python pytorch=$PY --python jax=$PY"
"$PB" doctor $PYS --json > "$OUT/doctor.json" 2>> "$OUT/run.log"
step 120 "$PB" run --suite smoke -f pytorch -f jax -d cpu -d cuda -m eager -m compiled $PYS --db "$DB" -q
step 200 "$PB" run --suite paper-2023 -f pytorch -f jax -d cpu -d cuda -m eager --timing quick $PYS --db "$DB" -q
if [ "${SWEEP:-0}" = 1 ]; then
  step 150 "$PB" run --suite opinfo -f pytorch -d cuda -m eager $PYS --db "$DB" -q
  step 150 "$PB" run --suite jax-harnesses -f jax -d cuda -m eager $PYS --db "$DB" -q
fi
step 150 "$NODE" "$HERE/lib/bench/timing-accuracy.js" pytorch --device cuda --python "pytorch=$PY" --out "$OUT/timing-accuracy-gpu.json"
RUNS=$("$NODE" -e '
  const D = require(process.argv[1] + "/lib/node_modules/" + (Number(process.versions.node.split(".")[0]) >= 22 ? "better-sqlite3-napi" : "better-sqlite3"));
  const db = new D(process.argv[2], { readonly: true });
  console.log(db.prepare("SELECT id FROM runs ORDER BY id").all().map((r) => "--run " + r.id).join(" "));
' "$HERE" "$DB" 2>> "$OUT/run.log")
[ -n "$RUNS" ] && "$PB" export $RUNS --db "$DB" --out "$OUT/gpu-runs.jsonl.gz" >> "$OUT/run.log" 2>&1
"$PB" report --db "$DB" --all > "$OUT/report.txt" 2>> "$OUT/run.log"
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "done in $(( ${BUDGET_S:-480} - $(left) )) s" >> "$OUT/run.log"
