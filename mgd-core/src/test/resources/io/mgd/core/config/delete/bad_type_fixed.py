_base_ = './base.py'
lr_config = dict(step=dict(_delete_=True, milestones=[1]))
