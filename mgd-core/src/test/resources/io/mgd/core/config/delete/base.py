optimizer = dict(type='SGD', lr=0.02, momentum=0.9, weight_decay=0.0001)
optimizer_config = dict(grad_clip=None)
model = dict(
    backbone=dict(type='ResNet', depth=50, norm_cfg=dict(type='BN', requires_grad=True)))
lr_config = dict(policy='step', step=[8, 11])
