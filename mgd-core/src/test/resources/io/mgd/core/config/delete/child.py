_base_ = './base.py'
optimizer = dict(_delete_=True, type='AdamW', lr=0.001)
optimizer_config = dict(_delete_=True, grad_clip=dict(max_norm=35, norm_type=2))
model = dict(backbone=dict(norm_cfg=dict(_delete_=True, type='GN', num_groups=32)))
# a false flag is popped and the dicts merge as usual
lr_config = dict(_delete_=False, step=[16, 22])
# mmcv only pops the flag when the base has the key
custom = dict(_delete_=True, x=1)
