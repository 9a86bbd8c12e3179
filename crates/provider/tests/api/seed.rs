//! Scenarios: the demo data set.
