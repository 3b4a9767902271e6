"""A city's plants: streamed sources, assessment on every core, the roll-up."""
