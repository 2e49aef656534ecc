"""Policy questions: criteria, stability regions and thresholds, regime maps, subsidy targeting."""
