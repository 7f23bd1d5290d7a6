_base_ = './base.py'
lr_config = dict(step=dict(milestones=[1]))
