#!/usr/bin/env bash
# Reproduces docs/results/fashion_mnist_det.md: the Fashion-MNIST detection dataset, the RetinaNet
# R34n teacher, the R18n baseline student and the MGD student (seeds 0 and 1 each), their bbox
# evaluation (tools/test, cross-checked with tools/eval_metric) and the loss plots.
# Run from the repository root:  tools/experiments/fmnist_det.sh [STAGE ...]
#   stages: data teacher baseline mgd eval plots (default: all, in that order), and the ablations
#   initonly (the MGD config without its FeatureLosses: init_student alone) and noinit (the MGD
#   losses without init_student); SEEDS="0 1" picks
#   the student seeds, e.g. SEEDS=0 tools/experiments/fmnist_det.sh baseline mgd.
# A finished training run (marker WORK_DIR.done, holding its wall seconds) is skipped, so an
# interrupted experiment can be continued; an unfinished one is trained again from scratch. One java process at a time, single-threaded (MGD_JAVA_OPTS below), as measured.
set -euo pipefail
cd "$(dirname "$0")/../.."
export MGD_JAVA_OPTS="${MGD_JAVA_OPTS:--Xmx4g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1}"
SEEDS="${SEEDS:-0 1}"
OUT=work_dirs/fmnist_det
TEACHER_CFG=configs/det/fashion_mnist/retinanet_r34n_fpn_12e_fmnist.yaml
BASE_CFG=configs/det/fashion_mnist/retinanet_r18n_fpn_6e_fmnist.yaml
MGD_CFG=configs/det/distillers/mgd/retina_r34n_distill_retina_r18n_fpn_6e_fmnist.yaml
TEACHER_DIR=work_dirs/fmnist_det_teacher   # where MGD_CFG's teacher_pretrained points
mkdir -p "$OUT"

# train NAME CONFIG WORK_DIR [ARGS...]: timed tools/train, wall seconds appended to $OUT/times.tsv
train() {
    local name="$1" cfg="$2" dir="$3"; shift 3
    if [ -f "$dir.done" ]; then echo "[fmnist_det] $name: trained already ($dir.done)"; return; fi
    rm -rf "$dir"   # an unfinished run starts again from scratch
    echo "[fmnist_det] training $name -> $dir"
    local t0; t0=$(date +%s)
    tools/train "$cfg" --work-dir "$dir" --deterministic "$@" > "$dir.train.out" 2>&1
    echo -e "$name\t$(( $(date +%s) - t0 ))" | tee -a "$OUT/times.tsv" > "$dir.done"
}

# evaluate NAME CONFIG WORK_DIR: tools/test --eval bbox --out, then tools/eval_metric on that file
evaluate() {
    local name="$1" cfg="$2" dir="$3"
    if [ ! -f "$dir.done" ]; then echo "[fmnist_det] $name: not trained ($dir.done missing), not evaluated"; return; fi
    if grep -qs bbox_mAP_copypaste "$OUT/$name.eval_metric.txt"; then echo "[fmnist_det] $name: evaluated already"; return; fi
    tools/test "$cfg" "$dir/latest.pth" --eval bbox --out "$dir/results.json" > "$OUT/$name.test.txt" 2>&1
    tools/eval_metric "$cfg" "$dir/results.json" --eval bbox > "$OUT/$name.eval_metric.txt" 2>&1
    echo "[fmnist_det] $name: $(grep -h 'bbox_mAP_copypaste' "$OUT/$name.test.txt" | tail -1)"
}

stages="${*:-data teacher baseline mgd eval plots}"
for stage in $stages; do
    case "$stage" in
    data)
        rm -rf data/fashion_mnist_det
        tools/dataset_converters/fashion_mnist_det --out data/fashion_mnist_det --train 1000 --val 300 --canvas 128 --seed 0 ;;
    teacher)
        train teacher "$TEACHER_CFG" "$TEACHER_DIR" --seed 0 ;;
    baseline)
        for s in $SEEDS; do train "baseline_s$s" "$BASE_CFG" "work_dirs/fmnist_det_r18n_s$s" --seed "$s"; done ;;
    mgd)
        for s in $SEEDS; do train "mgd_s$s" "$MGD_CFG" "work_dirs/fmnist_det_mgd_s$s" --seed "$s"; done ;;
    initonly|noinit)
        # initonly: the student starts from the teacher's neck and head as in mgd, without MGD losses;
        # noinit: the MGD losses on a student trained from scratch
        if [ "$stage" = initonly ]; then opt='distiller.distill_cfg=[]'; else opt='distiller.init_student=false'; fi
        for s in $SEEDS; do
            dir="work_dirs/fmnist_det_${stage}_s$s"
            train "${stage}_s$s" "$MGD_CFG" "$dir" --seed "$s" --cfg-options "$opt"
            if ! grep -qs bbox_mAP_copypaste "$OUT/${stage}_s$s.test.txt"; then
                tools/test "$MGD_CFG" "$dir/latest.pth" --eval bbox --cfg-options "$opt" > "$OUT/${stage}_s$s.test.txt" 2>&1
            fi
            echo "[fmnist_det] ${stage}_s$s: $(grep -h 'bbox_mAP_copypaste' "$OUT/${stage}_s$s.test.txt" | tail -1)"
        done ;;
    eval)
        evaluate teacher "$TEACHER_CFG" "$TEACHER_DIR"
        for s in $SEEDS; do
            evaluate "baseline_s$s" "$BASE_CFG" "work_dirs/fmnist_det_r18n_s$s"
            evaluate "mgd_s$s" "$MGD_CFG" "work_dirs/fmnist_det_mgd_s$s"
        done ;;
    plots)
        logs=() legend=()
        for s in $SEEDS; do
            for run in "r18n_s$s:baseline seed $s" "mgd_s$s:MGD seed $s"; do
                dir="work_dirs/fmnist_det_${run%%:*}"
                [ -f "$dir.done" ] || continue
                logs+=("$(ls -t "$dir"/*.log.json | head -1)"); legend+=("${run#*:}")
            done
        done
        for key in loss_cls loss_bbox; do
            tools/analyze_logs plot_curve "${logs[@]}" --keys "$key" --legend "${legend[@]}" \
                --title "R18n student $key" --out "$OUT/students_$key.png"
        done
        tools/analyze_logs plot_curve "$(ls -t work_dirs/fmnist_det_mgd_s0/*.log.json | head -1)" \
            --keys loss_mgd_fpn_0 loss_mgd_fpn_1 loss_mgd_fpn_2 --title "MGD student seed 0" --out "$OUT/mgd_s0_mgd_losses.png"
        tools/analyze_logs plot_curve "$(ls -t "$TEACHER_DIR"/*.log.json | head -1)" --keys loss_cls loss_bbox \
            --title "R34n teacher" --out "$OUT/teacher_losses.png" ;;
    *) echo "unknown stage '$stage' (data teacher baseline mgd eval plots initonly noinit)" >&2; exit 2 ;;
    esac
done
