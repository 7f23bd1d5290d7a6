_base_ = 'base.py'
neck = {{_base_.model.neck}}
