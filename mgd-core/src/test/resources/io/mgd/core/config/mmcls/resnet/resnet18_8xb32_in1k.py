# Test fixture: the shape of mmclassification v0.19.0 configs/resnet/resnet18_8xb32_in1k.py (Apache-2.0).
_base_ = [
    '../_base_/models/resnet18.py', '../_base_/datasets/imagenet_bs32.py',
    '../_base_/schedules/imagenet_bs256.py', '../_base_/default_runtime.py'
]
