"""Search for the fair that forgives Danish spelling and typos; pure functions, no Flask and no database.

Young people type "tomrer", "kok" or "mekanikker" on a phone keyboard without æ/ø/å. Each word is compared in
two ASCII forms ("tømrer" → "toemrer" and "tomrer"), by prefix, inside compound words ("havnekøkken"), and by
difflib's ratio for typos.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# Words that say nothing about a trade; without this "og" would match half the fair.
STOP_WORDS = frozenset({
    "og", "i", "på", "med", "til", "af", "en", "et", "den", "det", "de", "du", "jeg", "er", "at", "som", "for",
    "om", "der", "hos", "kan", "vil", "gerne", "the", "and", "of", "in", "to", "a",
})
EXPANDED = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
FOLDED = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ß": "s"})
TYPO_RATIO = 0.8  # "mekanikker" ~ "mekaniker" is 0.95; "bager" ~ "maler" is 0.6
MIN_PART = 4  # shorter words only match as a prefix, so "is" does not find "reparationsservice"


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def forms_of(word: str) -> set[str]:
    """The spellings a Danish word may arrive in: 'tømrer' → {'toemrer', 'tomrer'}; 'toemrer' also → 'tomrer'."""
    lower = word.lower()
    variants = {
        _strip_accents(lower.translate(EXPANDED)),
        _strip_accents(lower.translate(FOLDED)),
    }
    # Someone typing "oe"/"aa"/"ae" for ø/å/æ: fold those digraphs too, so both sides meet in the folded form.
    for variant in list(variants):
        variants.add(variant.replace("aa", "a").replace("oe", "o").replace("ae", "a"))
    return {v for v in variants if v}


def query_words(text: str) -> list[str]:
    """The words of a query, each kept once; Danish letters are folded the same way as the documents."""
    seen: list[str] = []
    for raw in re.findall(r"\w+", text.lower()):
        if raw in STOP_WORDS:
            continue
        if raw not in seen:
            seen.append(raw)
    return seen[:8]


@dataclass(frozen=True)
class Document:
    """Something findable: its key, and its text in weighted fields (a name counts more than a description)."""

    key: object
    fields: tuple[tuple[str, float], ...]


def _document_forms(document: Document) -> list[tuple[set[str], float]]:
    result = []
    for text, weight in document.fields:
        found: set[str] = set()
        for raw in re.findall(r"\w+", (text or "").lower()):
            if raw not in STOP_WORDS:
                found |= forms_of(raw)
        result.append((found, weight))
    return result


def word_score(query_word: str, document_words: Iterable[str]) -> float:
    """How well one typed word matches the best word of a text: 1 exact, 0.9 prefix, 0.8 inside, else typo ratio."""
    best = 0.0
    for q in forms_of(query_word):
        for w in document_words:
            if q == w:
                return 1.0
            if w.startswith(q) and len(q) >= 3:
                best = max(best, 0.9)
            elif len(q) >= MIN_PART and q in w:
                best = max(best, 0.8)
            elif len(q) >= MIN_PART:
                ratio = _typo_ratio(q, w)
                if ratio >= TYPO_RATIO:
                    best = max(best, ratio * 0.85)
    return best


@lru_cache(maxsize=65536)
def _typo_ratio(typed: str, word: str) -> float:
    """Cached: the same few thousand words recur across every company's text, and difflib is the slow part."""
    best = 0.0
    for part in _parts(word, len(typed)):
        matcher = SequenceMatcher(None, typed, part)
        if matcher.real_quick_ratio() >= TYPO_RATIO and matcher.quick_ratio() >= TYPO_RATIO:
            best = max(best, matcher.ratio())
    return best


def _parts(word: str, length: int) -> list[str]:
    """The word itself, and its ends of about the typed length: a Danish compound's head is its last part."""
    if len(word) <= length + 3:
        return [word]
    return [word] + [word[-n:] for n in (length - 1, length, length + 1)] + [word[:length]]


def score(query: str, document: Document) -> float:
    """0 unless every typed word matches somewhere; otherwise the mean of each word's best weighted matches."""
    typed = query_words(query)
    if not typed:
        return 0.0
    fields = _document_forms(document)
    total = 0.0
    for word in typed:
        per_field = sorted((word_score(word, found) * weight for found, weight in fields), reverse=True)
        if not per_field or per_field[0] == 0.0:
            return 0.0
        # A word found in a second field too (the company's own text as well as its area) ranks a little higher.
        total += per_field[0] + (0.15 * per_field[1] if len(per_field) > 1 else 0.0)
    return total / len(typed)


def search(query: str, documents: Iterable[Document], *, limit: int = 50) -> list[tuple[object, float]]:
    """Keys of the matching documents, best first."""
    scored = [(doc.key, s) for doc in documents if (s := score(query, doc)) > 0]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]
