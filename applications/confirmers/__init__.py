"""Confirmers: the second person of every confirmation (rules.py: who may vouch; the
verification staff record once per person: services.py, selectors.py, forms.py)."""
