img_norm_cfg = dict(mean=[0.5], std=[0.5], to_rgb=False)
common = {'type': 'RandomFlip', 'flip_prob': 0.5}
train_pipeline = [
    dict(type='Normalize', **img_norm_cfg),
    dict(**common, direction='horizontal'),
    {**common, 'flip_prob': 0.0},
    dict(img_norm_cfg, to_rgb=True),
]
