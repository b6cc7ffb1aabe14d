#!/usr/bin/env bash
# The sample-efficiency study of the evidence issue in one command: the masked-autoencoder encoder (the Quickstart's
# recipe) read by a linear probe, Frozen and FineTuned, against EndToEnd from random weights (and HiSS on pose), on force
# (instantaneous decoder; budgets 1, 2, 4, 8 recordings) and object pose (temporal decoder; budgets 1 and 4; 12 recordings
# of 12 s, 100 optimiser steps per decoder, so that the whole study fits in an hour), study seeds 1-3, tuned on
# validation recordings and tested on recordings that choose nothing. Writes $OUT/comparison.md with one row per encoder
# and mode, and comparison_force.png / comparison_pose.png (test error against budget, error bars).
#
#   tools/sample-efficiency-study.sh           # 32 minutes on 2 cores, 3.7 GB at most (docs/results.md)
#   tools/sample-efficiency-study.sh --smoke   # every step at tiny sizes: checks the wiring, measures nothing
#
# It is tools/paper-comparison.sh with these settings; OUT, SEEDS and the other variables it reads still apply.
set -euo pipefail
cd "$(dirname "$0")/.."
export OUT=${OUT:-sample-efficiency-study}
export ENCODERS=${ENCODERS:-"mae none"}
export TRACK_TASKS=${TRACK_TASKS:-pose}
export PRETRAINED_MODES=${PRETRAINED_MODES:-LinearProbe,Frozen,FineTune}
if [[ "${1:-}" != "--smoke" ]]; then
  export FORCE_BUDGETS=${FORCE_BUDGETS:-1,2,4,8}
fi
exec tools/paper-comparison.sh "$@"
