text = 'reserved'
