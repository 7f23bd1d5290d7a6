#!/usr/bin/env bash
# Runs the PyTorch anchor (../shared/anchors/pytorch_mgd_step.py) and tools/benchmark on the same
# workload back to back and prints both speeds and peak RSS (from GNU time). Usage:
#   tools/bench/compare_anchor.sh [batch] [size] [steps] [threads]
# ALLOCATORS=1 adds two runs that swap allocators: the anchor with tcmalloc preloaded (as
# tools/_launch does for us) and ours on glibc (MGD_ALLOCATOR=glibc). FORMATS=1 adds a run of ours
# with PyTorch's default layout (memory_format=contiguous_format) instead of channels-last.
# Needs Debian's python3-torch/python3-torchvision and the `time` package.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
b=${1:-32}; s=${2:-224}; n=${3:-5}; t=${4:-2}
anchor="${ANCHOR:-$root/../shared/anchors/pytorch_mgd_step.py}"
export OMP_NUM_THREADS=$t
cd "$root"
tools/print_config configs/cls/distillers/mgd/res34_distill_res18_img.yaml --format json > /dev/null  # builds once
echo "== PyTorch anchor"
/usr/bin/time -f "peak RSS %M KiB" /usr/bin/python3 "$anchor" "$b" "$s" "$n" "$t"
echo "== mgd-java"
MGD_JAVA_OPTS="${MGD_JAVA_OPTS:--Xmx2g}" /usr/bin/time -f "peak RSS %M KiB" \
  tools/benchmark configs/cls/distillers/mgd/res34_distill_res18_img.yaml --batch "$b" --size "$s" --iters "$n" --warmup 1
if [ "${ALLOCATORS:-0}" = 1 ]; then
  tcmalloc="$(/sbin/ldconfig -p | awk '/libtcmalloc_minimal\.so\.4 /{p=$NF} END{print p}')"
  echo "== PyTorch anchor, LD_PRELOAD=$tcmalloc"
  LD_PRELOAD="$tcmalloc" /usr/bin/time -f "peak RSS %M KiB" /usr/bin/python3 "$anchor" "$b" "$s" "$n" "$t"
  echo "== mgd-java, MGD_ALLOCATOR=glibc"
  MGD_ALLOCATOR=glibc MGD_JAVA_OPTS="${MGD_JAVA_OPTS:--Xmx2g}" /usr/bin/time -f "peak RSS %M KiB" \
    tools/benchmark configs/cls/distillers/mgd/res34_distill_res18_img.yaml --batch "$b" --size "$s" --iters "$n" --warmup 1
fi
if [ "${FORMATS:-0}" = 1 ]; then
  echo "== mgd-java, memory_format=contiguous_format"
  MGD_JAVA_OPTS="${MGD_JAVA_OPTS:--Xmx2g}" /usr/bin/time -f "peak RSS %M KiB" \
    tools/benchmark configs/cls/distillers/mgd/res34_distill_res18_img.yaml --batch "$b" --size "$s" --iters "$n" --warmup 1 \
    --cfg-options memory_format=contiguous_format
fi
