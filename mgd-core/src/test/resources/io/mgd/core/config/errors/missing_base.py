_base_ = ['../duplicate/a.py', 'nope/missing.py']
