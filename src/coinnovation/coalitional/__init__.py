"""Dividing the cooperative surplus (合作剩余): allocation rules, the core family, subsidies, bargaining."""
