"""Real ARC-AGI-1 training tasks as verified DSL programs (written by hand; the modules beside it are exported from nbs/7*_arc_programs*.ipynb)."""
from .core import programs, samplers, verify
