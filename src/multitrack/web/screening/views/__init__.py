"""Screening views: the imported sanctions lists and their entries (lists), and screening, the review
queue, decisions and the ethics register (review)."""
