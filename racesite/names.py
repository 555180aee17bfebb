"""Names and slugs: folding a name into a URL-safe slug and resolving name variants.

Owns `slugify` (accents folded, only [a-z0-9-], never empty, never a path)
and `Names`, the registry that maps aliases to canonical names and finds near
misses. Must not read files or know about races.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable

MAX_SLUG = 120  # names that differ only past the cut keep distinct slugs: the cut one ends in a hash of the whole
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_TRANSLATE = str.maketrans({"ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "đ": "d", "ł": "l", "Ł": "L"})


def slugify(name: str) -> str:
    """'Daniel Suárez' -> 'daniel-suarez', 'A.J. Allmendinger' -> 'aj-allmendinger'.

    The result only ever holds a-z, 0-9 and single dashes, so it can never
    name a parent folder or an absolute path, and is at most `MAX_SLUG` long.
    """
    if name.isascii():  # (most names: nothing to fold)
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name.translate(_TRANSLATE))
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = re.sub(r"(?<=[a-z])\.(?=[a-z])", "", text)  # A.J. -> aj, but 1.5 stays two numbers
    slug = _NON_SLUG.sub("-", text).strip("-") or "unnamed"
    if len(slug) > MAX_SLUG:  # a file name has at most 255 bytes; keep URLs readable well before that
        slug = slug[:MAX_SLUG - 9].rstrip("-") + "-" + hashlib.blake2b(slug.encode(), digest_size=4).hexdigest()
    return slug


def fold(name: str) -> str:
    """A comparison key: case, accents, dots and spacing ignored."""
    return slugify(name).replace("-", "")


class Names:
    """Canonical names of one kind (drivers, tracks or teams) and the variants that resolve to them."""

    def __init__(self) -> None:
        self._canonical: dict[str, str] = {}  # exact spelling -> canonical
        self._folded: dict[str, str] = {}  # fold(spelling) -> canonical
        self._seen: dict[str, str] = {}  # spellings resolved so far (a results table names the same drivers often)

    def add(self, canonical: str, aliases: Iterable[str] = ()) -> list[tuple[str, str]]:
        """Register a name and its aliases; returns (alias, other canonical) for each clash."""
        clashes = []
        for spelling in (canonical, *aliases):
            owner = self._canonical.get(spelling)
            if owner is not None and owner != canonical:
                clashes.append((spelling, owner))
                continue
            self._canonical[spelling] = canonical
            self._folded.setdefault(fold(spelling), canonical)
        self._seen.clear()
        return clashes

    def resolve(self, name: str) -> str:
        """The canonical name for a spelling; a name never registered is its own canonical name."""
        found = self._canonical.get(name) or self._seen.get(name)
        if found is not None:
            return found
        found = self._folded.get(fold(name), name) if self._folded else name
        self._seen[name] = found
        return found

    def known(self) -> list[str]:
        return sorted(set(self._canonical.values()))

    def __contains__(self, name: str) -> bool:
        return name in self._canonical or fold(name) in self._folded


def near_miss(name: str, known: Iterable[str], cutoff: float = 0.85) -> str | None:
    """A known name that `name` is probably a typo of ('Allgiaer' -> 'Allgaier'), else None."""
    key = fold(name)
    pool: dict[str, str] = {}
    for other in known:
        if other != name:
            pool.setdefault(fold(other), other)
    pool.pop(key, None)
    match = difflib.get_close_matches(key, list(pool), n=1, cutoff=cutoff)
    return pool[match[0]] if match else None
