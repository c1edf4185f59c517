"""Core: rules, numbers, methodology and the domain model."""
