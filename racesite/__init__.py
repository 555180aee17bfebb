"""racesite: a static site generator for motorsport race recaps.

The build is one pipeline (see `pipeline.build`): read content, validate it
into frozen dataclasses, compute stats, render pages, write the site.
"""

__version__ = "0.1.0"
