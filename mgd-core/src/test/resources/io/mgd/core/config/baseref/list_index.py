_base_ = 'base.py'
first_mean = {{_base_.img_norm_cfg.mean.0}}
