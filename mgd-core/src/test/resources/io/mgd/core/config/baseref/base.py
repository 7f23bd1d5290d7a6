img_norm_cfg = dict(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
model = dict(backbone=dict(depth=18, out_indices=(3, )), head=dict(num_classes=1000))
runner = dict(type='EpochBasedRunner', max_epochs=100)
name = 'base'
