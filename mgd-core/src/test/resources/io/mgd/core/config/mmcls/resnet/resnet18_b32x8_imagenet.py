# Test fixture: the shape of mmclassification v0.19.0 configs/resnet/resnet18_b32x8_imagenet.py (Apache-2.0).
_base_ = 'resnet18_8xb32_in1k.py'

_deprecation_ = dict(
    expected='resnet18_8xb32_in1k.py',
    reference='https://github.com/open-mmlab/mmclassification/pull/508',
)
