#!/usr/bin/env bash
# The paper's comparison in one command (issue 19): Sparsh-skin (self-distillation), MAE and BYOL encoders read Frozen and
# FineTuned, against EndToEnd and the supervised HiSS baseline, on force (attentive-pooler decoder) and on object pose and
# joystick state (temporal decoder), at two label budgets over several study seeds. Every study tunes its modes on
# validation recordings and tests on recordings that choose nothing; the table and plots land in $OUT/comparison.md.
#
#   tools/paper-comparison.sh            # the comparison at the examples' default sizes (hours on 2 cores)
#   tools/paper-comparison.sh --smoke    # every step at tiny sizes (minutes): checks the wiring, measures nothing
#
# Environment: OUT (default paper-comparison), SEEDS (default 1,2,3), FORCE_BUDGETS (1,4), TRACK_BUDGETS (1,4).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-paper-comparison}
seeds=${SEEDS:-1,2,3}
force_budgets=${FORCE_BUDGETS:-1,4}
track_budgets=${TRACK_BUDGETS:-1,4}
size=()
if [[ "${1:-}" == "--smoke" ]]; then
  size=(--smoke); seeds=${SEEDS:-1,2}; force_budgets=${FORCE_BUDGETS:-1,2}; track_budgets=${TRACK_BUDGETS:-1,2}
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--smoke]" >&2; exit 1
fi

dotnet build -c Release -v q --nologo examples/Sparsh.Quickstart
dotnet build -c Release -v q --nologo examples/Sparsh.PoseTracking
dotnet build -c Release -v q --nologo examples/Sparsh.StudyComparison
run() { local project=$1; shift; dotnet run -c Release --no-build --project "examples/$project" -- "$@"; }

# Encoder recipe folder -> pretraining objective. "none" holds the modes that start from random weights.
declare -A objectives=([sparsh-skin]=SelfDistillation [mae]=MaskedAutoencoder [byol]=Byol [none]=None)
for encoder in sparsh-skin mae byol none; do
  force_modes=Frozen,FineTune; track_modes=Frozen,FineTune
  [[ $encoder == none ]] && { force_modes=EndToEnd; track_modes=EndToEnd,Hiss; }
  echo "== $encoder: force =="
  run Sparsh.Quickstart "${size[@]}" --objective "${objectives[$encoder]}" --modes "$force_modes" \
    --budgets "$force_budgets" --seeds "$seeds" --out "$out/$encoder/force"
  checkpoint="$out/$encoder/force/checkpoints/pretraining.ckpt"
  encoder_option=(); [[ -f $checkpoint ]] && encoder_option=(--encoder "$checkpoint")
  for task in pose joystick; do
    echo "== $encoder: $task =="
    run Sparsh.PoseTracking "${size[@]}" --task "$task" "${encoder_option[@]}" --modes "$track_modes" \
      --budgets "$track_budgets" --seeds "$seeds" --out "$out/$encoder/$task"
  done
done
run Sparsh.StudyComparison "$out"
