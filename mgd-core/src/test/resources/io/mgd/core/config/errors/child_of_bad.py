_base_ = 'import.py'
