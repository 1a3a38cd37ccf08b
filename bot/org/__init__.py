"""The township's organisation: offices (三所一办, village committees), villages and staff."""
