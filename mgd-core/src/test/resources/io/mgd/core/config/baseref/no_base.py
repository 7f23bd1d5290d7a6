x = {{_base_.model}}
