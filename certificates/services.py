"""Issuing, revoking, reissuing and renewing certificates."""
