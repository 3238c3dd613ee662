"""scanner: horizon scanning for French health innovation."""
