#!/usr/bin/env bash
# Reproduces docs/results/fashion_mnist_seg.md: the Fashion-MNIST segmentation data, the PSPNet-R18w
# teacher, PSPNet-R18n and DeepLabV3-R18n students alone and with MGD (seeds 0 and 1 each; SEEDS="0"
# picks a subset), their mIoU on the 500 val images, loss curves and prediction overlays.
# Run from the repository root, one step after the other, single-threaded:
#   tools/experiments/fmnist_seg.sh [STEP ...]    STEP: data teacher psp deeplab test plots picture (default: all)
# Work dirs go to work_dirs/fmnist_seg/<config>_s<seed>, wall times to work_dirs/fmnist_seg/times.tsv.
# MGD_RUN overrides how a tool is started (default: tools/<name>), e.g. a launcher of a frozen jar.
set -euo pipefail
export MGD_JAVA_OPTS="${MGD_JAVA_OPTS:--Xmx4g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1}"
out=work_dirs/fmnist_seg
mkdir -p "$out"
tool() { local name="$1"; shift; if [ -n "${MGD_RUN:-}" ]; then "$MGD_RUN" "$name" "$@"; else "tools/$name" "$@"; fi; }

seg=configs/seg/fashion_mnist
mgd=configs/seg/distillers/mgd
teacher=$seg/pspnet_r18w-d8_64x64_1600it_fmnist.yaml
psp=$seg/pspnet_r18n-d8_64x64_800it_fmnist.yaml
psp_mgd=$mgd/psp_r18w_distill_psp_r18n_800it_64x64_fmnist.yaml
dlv3=$seg/deeplabv3_r18n-d8_64x64_800it_fmnist.yaml
dlv3_mgd=$mgd/psp_r18w_distill_deepv3_r18n_800it_64x64_fmnist.yaml
teacher_dir=$out/pspnet_r18w-d8_64x64_1600it_fmnist_s0

wd() { echo "$out/$(basename "$1" .yaml)_s$2"; }

# train CONFIG SEED [cfg-options...]: one run, its wall time appended to times.tsv
train() {
  local cfg="$1" seed="$2"; shift 2
  local dir; dir="$(wd "$cfg" "$seed")"
  local t0; t0=$(date +%s)
  tool train "$cfg" --work-dir "$dir" --seed "$seed" --deterministic --no-validate "$@" > "$dir.stdout" 2>&1 \
    || { tail -20 "$dir.stdout"; exit 1; }
  printf '%s\t%s\t%s\n' "$(basename "$cfg" .yaml)" "$seed" "$(( $(date +%s) - t0 ))" >> "$out/times.tsv"
}
distil() { train "$1" "$2" --cfg-options "distiller.teacher_pretrained=$teacher_dir/latest.pth"; }

# test CONFIG SEED: mIoU on data.test and a few overlays of the first val images
test_run() {
  local dir; dir="$(wd "$1" "$2")"
  tool test "$1" "$dir/latest.pth" --eval mIoU --out "$dir/results.json" --show-dir "$dir/show" > "$dir/test.txt" 2>&1 \
    || { tail -20 "$dir/test.txt"; exit 1; }
  grep -E "^(aAcc|mIoU|mAcc) :" "$dir/test.txt" | tr '\n' ' '; echo " <- $dir"
}

steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=(data teacher psp deeplab test plots picture)
for step in "${steps[@]}"; do
  case "$step" in
    data) tool dataset_converters/fashion_mnist_seg --out data/fashion_mnist_seg --train 2000 --val 500 ;;
    teacher) train "$teacher" 0 ;;
    psp) for s in ${SEEDS:-0 1}; do train "$psp" $s; distil "$psp_mgd" $s; done ;;
    deeplab) for s in ${SEEDS:-0 1}; do train "$dlv3" $s; distil "$dlv3_mgd" $s; done ;;
    test)
      test_run "$teacher" 0
      for s in ${SEEDS:-0 1}; do
        for c in "$psp" "$psp_mgd" "$dlv3" "$dlv3_mgd"; do [ -f "$(wd "$c" $s)/latest.pth" ] && test_run "$c" $s; done
      done ;;
    plots)
      for c in "$teacher" "$psp" "$psp_mgd" "$dlv3" "$dlv3_mgd"; do
        d="$(wd "$c" 0)"; [ -d "$d" ] || continue
        keys="decode.loss_ce aux.loss_ce"; case "$c" in *distill*) keys="$keys loss_mgd_fea loss_logit";; esac
        # shellcheck disable=SC2086
        tool analyze_logs plot_curve "$(ls "$d"/*.log.json | head -1)" --keys $keys --out "$out/loss_$(basename "$c" .yaml).png"
      done ;;
    picture)
      # the first five val images: input, then the overlays of teacher, baseline and MGD student (seed 0)
      imgs=()
      for i in 0 1 2 3 4; do imgs+=("data/fashion_mnist_seg/leftImg8bit/val/fashion/fashion_00000${i}_000019_leftImg8bit.png"); done
      for c in "$teacher" "$psp" "$psp_mgd"; do
        for i in 0 1 2 3 4; do imgs+=("$(wd "$c" 0)/show/fashion/fashion_00000${i}_000019_leftImg8bit.png"); done
      done
      java tools/experiments/Montage.java "$out/predictions.png" 2 "val 0,val 1,val 2,val 3,val 4" \
        "image,teacher,baseline,MGD" "${imgs[@]}" ;;
    *) echo "unknown step '$step' (data teacher psp deeplab test plots picture)" >&2; exit 2 ;;
  esac
done
