"""Non-cooperative games: Nash equilibria (front-end and one module per algorithm), equilibrium selection."""
