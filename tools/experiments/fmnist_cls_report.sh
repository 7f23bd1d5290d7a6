#!/usr/bin/env bash
# Summarises the runs of tools/experiments/fmnist_cls.sh: WORK=work_dirs/fmnist OUT=docs/results/fashion_mnist
# Writes $OUT/table.md (test top-1 mean ± sample std per group, per-run numbers, wall times, the
# val-split tuning numbers) and the loss / val-accuracy plots made by tools/analyze_logs plot_curve.
set -euo pipefail
WORK=${1:-work_dirs/fmnist}
OUT=${2:-docs/results/fashion_mnist}
mkdir -p "$OUT"

top1() { grep -o '"accuracy_top-1" *: *[0-9.]*' "$1" | head -1 | sed 's/.*: *//'; }
# last val accuracy in a run's .log.json
last_val() { grep '"mode": *"val"' "$(ls "$1"/*.log.json | tail -1)" | tail -1 | grep -o '"accuracy_top-1": *[0-9.]*' | sed 's/.*: *//'; }
epochs() { grep -oE 'max_epochs[=:] *[0-9]+' "$(ls "$1"/*.py "$1"/*.yaml 2>/dev/null | head -1)" | head -1 | sed -E 's/.*[=:] *//'; }

{
  echo "| model | runs | test top-1 (mean ± std) | per run | epochs | wall per run (s) |"
  echo "|---|---|---|---|---|---|"
  for group in teacher_w8 baseline_w4 mgd_w4 baseline_mv1 mgd_mv1; do
    dirs=$(ls -d "$WORK"/${group}* 2>/dev/null | grep -E "/${group}(_s[0-9]+)?$" || true)
    [ -z "$dirs" ] && continue
    vals=""; walls=""; n=0
    for d in $dirs; do
      v=$(top1 "$d/test.json" 2>/dev/null || true)
      [ -n "$v" ] || continue   # not tested (yet)
      vals="$vals $v"; walls="$walls $(cat "$d/wall_s" 2>/dev/null || echo ?)"; n=$((n + 1))
    done
    [ "$n" = 0 ] && continue
    stats=$(echo $vals | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; m=s/NF; v=0; for(i=1;i<=NF;i++) v+=($i-m)^2;
      if (NF>1) printf "%.2f ± %.2f", m, sqrt(v/(NF-1)); else printf "%.2f", m}')
    first=$(echo $dirs | awk '{print $1}')
    echo "| $group | $n | $stats | $(echo $vals | sed 's/ /, /g') | $(epochs "$first") | $(echo $walls | sed 's/ /, /g') |"
  done
  if ls -d "$WORK"/tune_* >/dev/null 2>&1; then
    echo
    echo "| tuning run (2 epochs, seed 0) | val top-1 |"
    echo "|---|---|"
    for d in "$WORK"/tune_*; do echo "| $(basename "$d") | $(last_val "$d" 2>/dev/null || echo '-') |"; done
  fi
} > "$OUT/table.md"
cat "$OUT/table.md"

log() { ls "$WORK/$1"/*.log.json | tail -1; }
if [ -d "$WORK/mgd_w4_s0" ] && [ -d "$WORK/baseline_w4_s0" ]; then
  tools/analyze_logs plot_curve "$(log baseline_w4_s0)" "$(log mgd_w4_s0)" --keys loss \
    --legend baseline_loss mgd_total_loss --title "ResNet_CIFAR-18 w4 on Fashion-MNIST, seed 0" --out "$OUT/loss_w4.png"
  tools/analyze_logs plot_curve "$(log mgd_w4_s0)" --keys ori_loss loss_mgd \
    --title "MGD student (w8 -> w4), seed 0: loss terms" --out "$OUT/loss_terms_mgd_w4.png"
  tools/analyze_logs plot_curve "$(log baseline_w4_s0)" "$(log mgd_w4_s0)" --mode val --keys accuracy_top-1 \
    --legend baseline mgd --title "val top-1 per epoch, seed 0" --out "$OUT/val_top1_w4.png"
fi
if [ -d "$WORK/mgd_mv1_s0" ] && [ -d "$WORK/baseline_mv1_s0" ]; then
  tools/analyze_logs plot_curve "$(log baseline_mv1_s0)" "$(log mgd_mv1_s0)" --keys loss \
    --legend baseline_loss mgd_total_loss --title "MobileNetV1 w0.125 on Fashion-MNIST, seed 0" --out "$OUT/loss_mv1.png"
fi
