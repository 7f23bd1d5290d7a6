#!/usr/bin/env bash
# Reproduces docs/results/analysis.md (issue 8): the paper's analysis experiments on the embedded
# Fashion-MNIST subset (ResNet_CIFAR-18 width 8 teacher from data/embedded/checkpoints -> width 4
# student, the 4-epoch schedule of configs/cls/resnet_cifar/resnet18_w4_fmnist_embedded.yaml).
#
#   tools/analysis/run_fmnist_analysis.sh [STAGE ...]     (default: all stages, in this order)
#
# Stages: main (baseline, MGD channel/pixel, KD, MGD+KD, imitation; seeds $SEEDS), self (a width-4
# self-teacher, then MGD and imitation from it; seeds $SEEDS), sweep (lambda_mgd for channel and
# pixel masks at seed 0), attention (attention sheet + cosine table), summary (tables + lambda
# plot). Every run is `tools/train CONFIG --seed S --deterministic` followed by `tools/test` on the
# 2000 test images; a run whose test.json exists is skipped, so an interrupted script resumes.
# Java runs single-threaded unless MGD_JAVA_OPTS says otherwise; one java process at a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
export MGD_JAVA_OPTS="${MGD_JAVA_OPTS:--Xmx4g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1}"
OUT="${OUT:-work_dirs/fmnist_analysis}"
SEEDS="${SEEDS:-0 1 2}"
LAMBDAS="${LAMBDAS:-0.00 0.15 0.30 0.50 0.70 0.90}"
STUDENT=configs/cls/resnet_cifar/resnet18_w4_fmnist_embedded.yaml
D=configs/cls/distillers
TEACHER=data/embedded/checkpoints/resnet18_w8_fmnist_embedded.pth

# run DIR CONFIG SEED [--cfg-options ...]: train, then test the last checkpoint on the test split.
run() {
  local dir="$1" cfg="$2" seed="$3"; shift 3
  if [ -f "$dir/test.json" ]; then echo "[skip] $dir"; return; fi
  echo "[run] $dir ($cfg, seed $seed $*)"
  local t0=$SECONDS
  tools/train "$cfg" --work-dir "$dir" --seed "$seed" --deterministic "$@" > "$dir.train.out" 2>&1 \
    || { mkdir -p "$dir"; cat "$dir.train.out" >&2; exit 1; }
  mv "$dir.train.out" "$dir/train.out"
  tools/test "$STUDENT" "$dir/latest.pth" --metrics accuracy --metric-options 'topk=(1,)' --out "$dir/test.json" \
    > "$dir/test.out" 2>&1 || { cat "$dir/test.out" >&2; exit 1; }
  echo "[done] $dir: $(grep -o 'accuracy_top-1 : [0-9.]*' "$dir/test.out") ($((SECONDS - t0)) s)"
}

stage_main() {
  for s in $SEEDS; do
    mkdir -p "$OUT"/{baseline,mgd_channel,mgd_pixel,kd,mgd_kd,mimic}
    run "$OUT/baseline/seed$s" "$STUDENT" "$s"
    run "$OUT/mgd_channel/seed$s" "$D/mgd/res18w8_distill_res18w4_fmnist_demo.yaml" "$s"
    run "$OUT/mgd_pixel/seed$s" "$D/mgd/res18w8_distill_res18w4_pixel_fmnist_demo.yaml" "$s"
    run "$OUT/kd/seed$s" "$D/kd/res18w8_distill_res18w4_fmnist_demo.yaml" "$s"
    run "$OUT/mgd_kd/seed$s" "$D/kd/res18w8_distill_res18w4_mgd_kd_fmnist_demo.yaml" "$s"
    run "$OUT/mimic/seed$s" "$D/mimic/res18w8_distill_res18w4_fmnist_demo.yaml" "$s"
  done
}

stage_self() {
  # The self-teacher is a width-4 baseline with a seed none of the students use, so no student
  # starts from the teacher's own initial weights. The self-teacher configs read it from here.
  mkdir -p "$OUT/self"
  run "$OUT/self/teacher" "$STUDENT" 100
  for s in $SEEDS; do
    mkdir -p "$OUT/self/mgd" "$OUT/self/mimic"
    run "$OUT/self/mgd/seed$s" "$D/mgd/res18w4_distill_res18w4_self_fmnist_demo.yaml" "$s" \
      --cfg-options "distiller.teacher_pretrained=$OUT/self/teacher/latest.pth"
    run "$OUT/self/mimic/seed$s" "$D/mimic/res18w4_distill_res18w4_self_fmnist_demo.yaml" "$s" \
      --cfg-options "distiller.teacher_pretrained=$OUT/self/teacher/latest.pth"
  done
}

stage_sweep() {
  # Seed 0; lambda 0 masks nothing, so channel and pixel share that run, and the main table's
  # seed-0 runs (channel 0.15, pixel 0.5) are reused where the sweep has their lambda.
  local seed0; seed0="$(echo "$SEEDS" | awk '{print $1}')"
  mkdir -p "$OUT/sweep/channel" "$OUT/sweep/pixel"
  for l in $LAMBDAS; do
    for mask in channel pixel; do
      local dir="$OUT/sweep/$mask/lambda_$l"
      if [ -e "$dir" ]; then echo "[skip] $dir"; continue; fi
      if [ "$mask" = channel ] && [ "$l" = 0.15 ] && [ -d "$OUT/mgd_channel/seed$seed0" ]; then
        ln -s "../../mgd_channel/seed$seed0" "$dir"; continue
      fi
      if [ "$mask" = pixel ] && [ "$l" = 0.50 ] && [ -d "$OUT/mgd_pixel/seed$seed0" ]; then
        ln -s "../../mgd_pixel/seed$seed0" "$dir"; continue
      fi
      if [ "$mask" = pixel ] && [ "$(echo "$l == 0" | bc)" = 1 ]; then
        ln -s "../channel/lambda_$l" "$dir"; continue
      fi
      local cfg="$D/mgd/res18w8_distill_res18w4_fmnist_demo.yaml"
      [ "$mask" = pixel ] && cfg="$D/mgd/res18w8_distill_res18w4_pixel_fmnist_demo.yaml"
      run "$dir" "$cfg" "$seed0" --cfg-options "distiller.distill_cfg.0.methods.0.lambda_mgd=$l"
    done
  done
}

stage_attention() {
  local seed0 run s; seed0="$(echo "$SEEDS" | awk '{print $1}')"
  local vis=tools/analysis/visualize_features
  # A distiller config: the first checkpoint (the teacher) is built from its teacher_cfg, the
  # others from its student model. 1) the sheet: one seed each.
  "$vis" "$D/mgd/res18w8_distill_res18w4_fmnist_demo.yaml" --checkpoint "$TEACHER" \
    --checkpoint "$OUT/baseline/seed$seed0/latest.pth" --checkpoint "$OUT/mimic/seed$seed0/latest.pth" \
    --checkpoint "$OUT/mgd_channel/seed$seed0/latest.pth" --labels teacher baseline imitation MGD \
    --layer backbone.layer4 --images 8 --split test --out "$OUT/attention"
  # 2) cosine to the teacher over the test split for every seed of every student (no pictures);
  # runs not trained (yet) are left out.
  local args=(--checkpoint "$TEACHER") labels=(teacher)
  for run in baseline mimic mgd_channel mgd_pixel kd mgd_kd; do
    for s in $SEEDS; do
      [ -f "$OUT/$run/seed$s/test.json" ] || continue
      args+=(--checkpoint "$OUT/$run/seed$s/latest.pth"); labels+=("$run/seed$s")
    done
  done
  "$vis" "$D/mgd/res18w8_distill_res18w4_fmnist_demo.yaml" "${args[@]}" --labels "${labels[@]}" \
    --layer backbone.layer4 --images 0 --split test --out "$OUT/attention_seeds"
  # 3) the same with the self-teacher.
  [ -f "$OUT/self/teacher/test.json" ] || return 0
  args=(--checkpoint "$OUT/self/teacher/latest.pth") labels=(self-teacher)
  for run in baseline self/mimic self/mgd; do
    for s in $SEEDS; do
      [ -f "$OUT/$run/seed$s/test.json" ] || continue
      args+=(--checkpoint "$OUT/$run/seed$s/latest.pth"); labels+=("$run/seed$s")
    done
  done
  "$vis" "$D/mgd/res18w4_distill_res18w4_self_fmnist_demo.yaml" "${args[@]}" --labels "${labels[@]}" \
    --layer backbone.layer4 --images 0 --split test --out "$OUT/attention_self"
}

stage_summary() {
  tools/analysis/aggregate_results "$OUT" --exclude sweep --out "$OUT/summary.md" \
    --sweep "$OUT/sweep" --plot "$OUT/lambda_sweep.png" \
    --cosine "$OUT/attention_seeds/attention_cosine.json" \
    $([ -f "$OUT/attention_self/attention_cosine.json" ] && echo --cosine "$OUT/attention_self/attention_cosine.json")
}

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(main self sweep attention summary)
for st in "${stages[@]}"; do
  case "$st" in
    main|self|sweep|attention|summary) "stage_$st" ;;
    *) echo "unknown stage '$st' (main, self, sweep, attention, summary)" >&2; exit 2 ;;
  esac
done
