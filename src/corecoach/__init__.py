"""corecoach: a coaching tool for a stable, pain-free lower back. Not a medical device."""

__version__ = "0.1.0"
