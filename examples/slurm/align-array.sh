#!/bin/bash
# Aligns a corpus as a Slurm array job: task K runs `sverka batch --shard K/SHARDS` over the
# manifest, so the tasks share the work without talking to each other. Copy this file, set
# the five values below (or pass them with `sbatch --export=ALL,MANIFEST=...`), make the log
# folder, and submit:
#
#   mkdir -p logs && sbatch examples/slurm/align-array.sh
#
# Keep --array=1-SHARDS in step with SHARDS. SHARDS is written out rather than taken from
# SLURM_ARRAY_TASK_COUNT so that rerunning one failed task alone (`sbatch --array=7 ...`) keeps
# the same slices. A task exits 1 when one of its pairs fails (missing file, not text); the
# pair, the file and the reason are in the task's log, and the task's other pairs are written.
# Fix the input and rerun that task only. docs/batch.md has the details; the test
# `cargo test --release slurm` runs this very file on a one-node cluster.
#
#SBATCH --job-name=sverka-align
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
#SBATCH --output=logs/sverka-%A_%a.out

set -euo pipefail

MANIFEST="${MANIFEST:-corpus.tsv}"   # name<TAB>ru_path<TAB>en_path, paths relative to it
OUT="${OUT:-aligned}"                # one NAME.json per pair (what `sverka import --aligned` reads)
SHARDS="${SHARDS:-8}"                # the number of array tasks: --array=1-SHARDS
FORMAT="${FORMAT:-json}"             # tsv, json, beads, tmx or cesalign
SVERKA="${SVERKA:-sverka}"           # the sverka binary, if it is not on PATH

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
    echo "align-array.sh: not an array task; submit it with sbatch --array=1-$SHARDS" >&2
    exit 2
fi
echo "sverka-align: shard $SLURM_ARRAY_TASK_ID/$SHARDS of $MANIFEST on $(hostname), ${SLURM_CPUS_PER_TASK:-1} CPUs"
exec "$SVERKA" batch "$MANIFEST" --out "$OUT" --format "$FORMAT" \
    --jobs "${SLURM_CPUS_PER_TASK:-1}" --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --quiet
