#!/usr/bin/env bash
# The paper's comparison in one command (issue 19): Sparsh-skin (self-distillation), MAE and BYOL encoders read Frozen and
# FineTuned, against EndToEnd and the supervised HiSS baseline, on force (attentive-pooler decoder) and on object pose and
# joystick state (temporal decoder), at two label budgets over several study seeds. Every study tunes its modes on
# validation recordings and tests on recordings that choose nothing; the table and plots land in $OUT/comparison.md.
#
#   tools/paper-comparison.sh            # the comparison, 78 minutes on 2 cores (docs/results.md)
#   tools/paper-comparison.sh --smoke    # every step at tiny sizes (minutes): checks the wiring, measures nothing
#
# Environment: OUT (default paper-comparison), SEEDS (default 1,2,3), FORCE_BUDGETS (1,4), TRACK_BUDGETS (1,4);
# ENCODERS (default "sparsh-skin mae byol none"), TRACK_TASKS (default "pose joystick"), PRETRAINED_MODES (the modes
# read from a pretrained encoder, default Frozen,FineTune), FORCE_ARGS and TRACK_ARGS (more options for the Quickstart
# and PoseTracking, e.g. their sizes; TRACK_ARGS defaults to 12 recordings of 12 s and 100 optimiser steps per temporal
# decoder, the size that fits the hour: PoseTracking's own defaults would take about four).
# tools/sample-efficiency-study.sh is this script with the evidence study's settings.
#
# Resumable: a study is kept when its summary ($OUT/<encoder>/<task>/report/study_summary.csv, written last) exists, its
# command line (settings.txt beside it) is the one this run would use, and, for pose and joystick, it is newer than the
# encoder checkpoint it read. So a run stopped part-way (Ctrl+C, a lost session) goes on where it stopped; a study whose
# settings changed, or whose encoder was pretrained again, is measured again. --smoke writes to $OUT-smoke, so a smoke
# run's numbers are never kept as a measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-paper-comparison}
seeds=${SEEDS:-1,2,3}
force_budgets=${FORCE_BUDGETS:-1,4}
track_budgets=${TRACK_BUDGETS:-1,4}
read -r -a encoders <<< "${ENCODERS:-sparsh-skin mae byol none}"
read -r -a track_tasks <<< "${TRACK_TASKS:-pose joystick}"
pretrained_modes=${PRETRAINED_MODES:-Frozen,FineTune}
read -r -a force_args <<< "${FORCE_ARGS:-}"
track_size="--recordings 12 --seconds 12 --steps 100"
size=()
if [[ "${1:-}" == "--smoke" ]]; then
  size=(--smoke); track_size=""; out=${OUT:-paper-comparison}-smoke; seeds=${SEEDS:-1,2}; force_budgets=${FORCE_BUDGETS:-1,2}; track_budgets=${TRACK_BUDGETS:-1,2}
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--smoke]" >&2; exit 1
fi

read -r -a track_args <<< "${TRACK_ARGS-$track_size}"

dotnet build -c Release -v q --nologo examples/Sparsh.Quickstart
dotnet build -c Release -v q --nologo examples/Sparsh.PoseTracking
dotnet build -c Release -v q --nologo examples/Sparsh.StudyComparison
run() { local project=$1; shift; dotnet run -c Release --no-build --project "examples/$project" -- "$@"; }
# study FOLDER CHECKPOINT PROJECT ARGS...: runs one example's study into FOLDER unless an earlier run's can be kept.
study() {
  local folder=$1 checkpoint=$2; shift 2
  local summary=$folder/report/study_summary.csv settings="$*"
  if [[ -f $summary && -f $folder/settings.txt && "$(< "$folder/settings.txt")" == "$settings" ]] &&
     [[ -z $checkpoint || $summary -nt $checkpoint ]]; then
    echo "(kept from an earlier run with the same settings: $folder; delete it to run this study again)"
    return
  fi
  # The old summary goes first, so a run killed after this point is never kept under the new settings.
  rm -f "$summary"; mkdir -p "$folder"; printf '%s\n' "$settings" > "$folder/settings.txt"
  run "$@" --out "$folder"
}

# Encoder recipe folder -> pretraining objective. "none" holds the modes that start from random weights.
declare -A objectives=([sparsh-skin]=SelfDistillation [mae]=MaskedAutoencoder [byol]=Byol [none]=None)
for encoder in "${encoders[@]}"; do
  force_modes=$pretrained_modes; track_modes=$pretrained_modes
  [[ $encoder == none ]] && { force_modes=EndToEnd; track_modes=EndToEnd,Hiss; }
  echo "== $encoder: force =="
  study "$out/$encoder/force" "" \
    Sparsh.Quickstart "${size[@]}" "${force_args[@]}" --objective "${objectives[$encoder]}" --modes "$force_modes" \
      --budgets "$force_budgets" --seeds "$seeds"
  checkpoint="$out/$encoder/force/checkpoints/pretraining.ckpt"
  encoder_option=(); [[ -f $checkpoint ]] && encoder_option=(--encoder "$checkpoint") || checkpoint=""
  for task in "${track_tasks[@]}"; do
    echo "== $encoder: $task =="
    study "$out/$encoder/$task" "$checkpoint" \
      Sparsh.PoseTracking "${size[@]}" "${track_args[@]}" --task "$task" "${encoder_option[@]}" --modes "$track_modes" \
        --budgets "$track_budgets" --seeds "$seeds"
  done
done
run Sparsh.StudyComparison "$out" --tasks "$(IFS=,; echo "force,${track_tasks[*]}")"
