"""Proofreading a story against the data: misspelled names and claims the data contradicts.

`check.check_story` is the entry point; `nameindex.NameIndex.of` builds the name index once per build. The modules
here read only the story, the site's names and `racesite.stats.history`; they must not load content or render.
"""
