_base_ = ['a.py', 'b.yaml']
