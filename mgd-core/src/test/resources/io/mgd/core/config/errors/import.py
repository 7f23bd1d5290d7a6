# a config that tries to run code
model = dict(type='A')
import torch
