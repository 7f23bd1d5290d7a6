base_name = '{{ fileBasename }}'
base_stem = '{{fileBasenameNoExtension}}'
