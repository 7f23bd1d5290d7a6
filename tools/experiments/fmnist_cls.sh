#!/usr/bin/env bash
# Reproduces docs/results/fashion_mnist.md: baseline vs MGD students on full Fashion-MNIST.
# Usage: tools/experiments/fmnist_cls.sh STAGE...   (run from the repository root)
#   data       carve the 55k train / 5k val / 10k test split from Debian's dataset-fashion-mnist
#   teacher    ResNet_CIFAR-18 w8 teacher (8 epochs), evaluated on the test split
#   tune       alpha_mgd grid on the val split (2-epoch MGD runs and a 2-epoch baseline, seed 0;
#              only the val top-1 in their logs is read, the test split is not touched)
#   baseline   ResNet_CIFAR-18 w4 baseline, seeds $SEEDS (5 epochs)
#   mgd        the same student with MGD from the w8 teacher, seeds $SEEDS
#   mobilenet  second pair: MobileNetV1 (w0.125) baseline and MGD student, seed 0
#   ort        the MGD student (seed 0) again with the teacher on ONNX Runtime (teacher_backend: onnxruntime)
#   onnx       export the seed-0 MGD and MobileNet students to ONNX (--verify) and test the .onnx files
#   xcheck     the seed-0 MGD student through tools/pth_transfer, evaluated by PyTorch (Debian python3-torch)
#   report     table (mean ± std over seeds) + loss plots under $OUT
# Every run is `tools/train ... --seed S --deterministic` then `tools/test` on the 10k test split;
# results land in $WORK/<run>/{*.log.json,latest.pth,test.json,wall_s}. The runs reported were made
# single-threaded (MGD_JAVA_OPTS below) on the 2-core development machine.
set -euo pipefail
WORK=${WORK:-work_dirs/fmnist}
OUT=${OUT:-docs/results/fashion_mnist}
SEEDS=${SEEDS:-"0 1 2"}
TEACHER=${TEACHER:-$WORK/teacher_w8/latest.pth}
export MGD_JAVA_OPTS=${MGD_JAVA_OPTS:-"-Xmx4g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"}
BASE=configs/cls/resnet_cifar/resnet18_w4_fmnist.yaml
MGD=configs/cls/distillers/mgd/res18w8_distill_res18w4_fmnist.yaml
MV1=configs/cls/mobilenet_v1/mobilenet_v1_w0125_fmnist.yaml
MV1_MGD=configs/cls/distillers/mgd/res18w8_distill_mv1w0125_fmnist.yaml

# train NAME CONFIG SEED [cfg-options...]: train with per-epoch evaluation on the val split, timed
train() {
  local name=$1 cfg=$2 seed=$3; shift 3
  local dir=$WORK/$name
  if [ -f "$dir/wall_s" ]; then echo "[fmnist] $name: trained already ($dir)"; return; fi
  local opts=()
  [ $# -gt 0 ] && opts=(--cfg-options "$@")
  local t0; t0=$(date +%s)
  tools/train "$cfg" --work-dir "$dir" --seed "$seed" --deterministic "${opts[@]}"
  echo $(( $(date +%s) - t0 )) > "$dir/wall_s"
}

# run NAME CONFIG SEED [cfg-options...]: train, then test the last checkpoint on the 10k test split
run() {
  train "$@"
  local name=$1 cfg=$2; shift 3
  local opts=()
  [ $# -gt 0 ] && opts=(--cfg-options "$@")
  [ -f "$WORK/$name/test.json" ] || \
    tools/test "$cfg" "$WORK/$name/latest.pth" --metrics accuracy --out "$WORK/$name/test.json" "${opts[@]}"
}

for stage in "$@"; do
  case $stage in
    data) tools/dataset_converters/fashion_mnist_subset --out data/fashion_mnist_split \
            --train 55000 --val 5000 --test 10000 --seed 0 ;;
    teacher) run teacher_w8 configs/cls/resnet_cifar/resnet18_w8_fmnist.yaml 0 ;;
    tune)
      for a in ${ALPHAS:-0.00007 0.0007 0.007 0.02}; do
        train tune_alpha${a} $MGD 0 distiller.teacher_pretrained=$TEACHER runner.max_epochs=2 \
          distiller.distill_cfg.0.methods.0.alpha_mgd=$a
      done
      train tune_baseline $BASE 0 runner.max_epochs=2 ;;
    baseline) for s in $SEEDS; do run baseline_w4_s$s $BASE $s; done ;;
    mgd) for s in $SEEDS; do run mgd_w4_s$s $MGD $s distiller.teacher_pretrained=$TEACHER; done ;;
    mobilenet)
      run baseline_mv1_s0 $MV1 0
      run mgd_mv1_s0 $MV1_MGD 0 distiller.teacher_pretrained=$TEACHER ;;
    ort)
      [ -f $WORK/teacher_w8/teacher.onnx ] || tools/deployment/pytorch2onnx configs/cls/resnet_cifar/resnet18_w8_fmnist.yaml \
        "$TEACHER" --output-file $WORK/teacher_w8/teacher.onnx --dynamic-export --outputs backbone --verify
      run mgd_w4_ort_s0 $MGD 0 distiller.teacher_pretrained=$TEACHER distiller.teacher_backend=onnxruntime \
        distiller.teacher_onnx=$WORK/teacher_w8/teacher.onnx ;;
    onnx)
      for pair in "mgd_w4_s0 $BASE" "mgd_mv1_s0 $MV1"; do
        set -- $pair
        tools/pth_transfer --mgd_path $WORK/$1/latest.pth --output_path $WORK/$1/student.pth
        tools/deployment/pytorch2onnx $2 $WORK/$1/student.pth --output-file $WORK/$1/student.onnx --verify
        tools/test $2 $WORK/$1/student.onnx --metrics accuracy --out $WORK/$1/test_onnx.json
      done ;;
    xcheck)
      tools/pth_transfer --mgd_path $WORK/mgd_w4_s0/latest.pth --output_path $WORK/mgd_w4_s0/student.pth
      /usr/bin/python3 tools/golden/eval_torch_student.py resnet18_cifar_w4 $WORK/mgd_w4_s0/student.pth \
        data/fashion_mnist_split --split t10k --out $WORK/mgd_w4_s0/test_torch.json ;;
    report) tools/experiments/fmnist_cls_report.sh "$WORK" "$OUT" ;;
    *) echo "unknown stage '$stage' (data teacher tune baseline mgd mobilenet ort onnx xcheck report)" >&2; exit 2 ;;
  esac
done
