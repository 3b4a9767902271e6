"""cpassess: a Cleaner Production plant assessment expert system."""

__version__ = "0.1.0"
