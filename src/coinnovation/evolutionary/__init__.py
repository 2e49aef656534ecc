"""Evolutionary game dynamics (演化博弈): replicator dynamics, ESS, finite populations, noise, networks."""
