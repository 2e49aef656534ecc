"""Differential games of collaborative innovation (协同创新微分博弈): HJB equations by polynomial ansatz."""
