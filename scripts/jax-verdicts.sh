#!/usr/bin/env bash
# Which JAX function verdicts changed between two stores: paper-2023 and jax-harnesses on
# every JAX target (eager, compiled, each device and configuration). See scripts/jax-verdicts.ts.
#   scripts/jax-verdicts.sh BEFORE.db AFTER.db [--suite NAME]... [--json] [--cases N] [--any-config]
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 BEFORE.db AFTER.db [--suite NAME]... [--json] [--cases N] [--any-config]" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
# a store path is read from where the script was called; postgres:// URLs as they are
abs() { case "$1" in postgres://*|postgresql://*|/*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
before="$(abs "$1")"; after="$(abs "$2")"; shift 2
cd "$root"
exec node --import tsx scripts/jax-verdicts.ts --before "$before" --after "$after" "$@"
