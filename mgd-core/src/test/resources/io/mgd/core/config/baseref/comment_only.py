# x = {{ _base_.model }} is only a comment here
x = 1
