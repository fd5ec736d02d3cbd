"""Search for the fair that forgives Danish spelling and typos; pure functions, no Flask and no database.

Young people type "tomrer", "kok" or "mekanikker" on a phone keyboard without æ/ø/å. Each word is compared in
two ASCII forms ("tømrer" → "toemrer" and "tomrer"), by prefix, inside compound words ("havnekøkken"), and for
typos by difflib's ratio and by edit distance: a word of five letters or more may hold one typo (a letter missing,
extra, wrong or swapped with its neighbour), also against a longer word's start ("knalert" → "knallerter") or end
("mekanikker" → "cykelmekaniker"). So "mekanikker knalert", a typo in each word, still finds the workshop.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Generic, TypeVar

# Words that say nothing about a trade; without this "og" would match half the fair.
STOP_WORDS = frozenset({
    "og", "i", "på", "med", "til", "af", "en", "et", "den", "det", "de", "du", "jeg", "er", "at", "som", "for",
    "om", "der", "hos", "kan", "vil", "gerne", "the", "and", "of", "in", "to", "a",
})
EXPANDED = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
FOLDED = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ß": "s"})
TYPO_RATIO = 0.8  # "mekanikker" ~ "mekaniker" is 0.95; "bager" ~ "maler" is 0.6
MIN_PART = 4  # shorter words only match as a prefix, so "is" does not find "reparationsservice"
ONE_EDIT_MIN = 5  # words this long forgive one edit; "bage" ~ "kage" would mix trades
ONE_EDIT_SCORE = 0.7  # below a prefix or a word found inside, so a correctly spelt match ranks first


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def forms_of(word: str) -> frozenset[str]:
    """The spellings a Danish word may arrive in: 'tømrer' → {'toemrer', 'tomrer'}; 'toemrer' also → 'tomrer'.

    Cached: the same words recur across thousands of company texts."""
    lower = word.lower()
    variants = {
        _strip_accents(lower.translate(EXPANDED)),
        _strip_accents(lower.translate(FOLDED)),
    }
    # Someone typing "oe"/"aa"/"ae" for ø/å/æ: fold those digraphs too, so both sides meet in the folded form.
    for variant in list(variants):
        variants.add(variant.replace("aa", "a").replace("oe", "o").replace("ae", "a"))
    return frozenset(v for v in variants if v)


def query_words(text: str) -> list[str]:
    """The words of a query, each kept once; Danish letters are folded the same way as the documents."""
    seen: list[str] = []
    for raw in re.findall(r"\w+", text.lower()):
        if raw in STOP_WORDS:
            continue
        if raw not in seen:
            seen.append(raw)
    return seen[:8]


Key = TypeVar("Key", bound=Hashable)  # what a search hands back: a company's id, an area's id


@dataclass(frozen=True)
class Document(Generic[Key]):
    """Something findable: its key, and its text in weighted fields (a name counts more than a description)."""

    key: Key
    fields: tuple[tuple[str, float], ...]


def _text_forms(text: str) -> set[str]:
    found: set[str] = set()
    for raw in re.findall(r"\w+", (text or "").lower()):
        if raw not in STOP_WORDS:
            found |= forms_of(raw)
    return found


def _document_forms(document: Document[Key], memo: dict[str, set[str]] | None = None) -> list[tuple[set[str], float]]:
    """Each field's spelling forms; with a memo, a text many documents share (an area's) is read once."""
    if memo is None:
        return [(_text_forms(text), weight) for text, weight in document.fields]
    result = []
    for text, weight in document.fields:
        found = memo.get(text)
        if found is None:
            found = memo[text] = _text_forms(text)
        result.append((found, weight))
    return result


def word_score(query_word: str, document_words: Iterable[str]) -> float:
    """How well one typed word matches the best word of a text: 1 exact, 0.9 prefix, 0.8 inside, else typo ratio."""
    best = 0.0
    for w in document_words:
        best = max(best, pair_score(query_word, w))
        if best == 1.0:
            break
    return best


def pair_score(query_word: str, document_word: str) -> float:
    """One typed word against one spelling form of a document word (see `word_score`)."""
    best = 0.0
    for q in forms_of(query_word):
        if q == document_word:
            return 1.0
        if document_word.startswith(q) and len(q) >= 3:
            best = max(best, 0.9)
        elif len(q) >= MIN_PART and q in document_word:
            best = max(best, 0.8)
        elif len(q) >= MIN_PART:
            ratio = _typo_ratio(q, document_word)
            if ratio >= TYPO_RATIO:
                best = max(best, ratio * 0.85)
            if best < ONE_EDIT_SCORE and len(q) >= ONE_EDIT_MIN and _one_edit_away(q, document_word):
                best = ONE_EDIT_SCORE
    return best


@lru_cache(maxsize=65536)
def _one_edit_away(typed: str, word: str) -> bool:
    """One typo from the word, from its start (an inflection follows) or from its end (a compound's head)."""
    n = len(typed)
    if within_one_edit(typed, word):
        return True
    for m in (n - 1, n, n + 1):
        if m < len(word) and (within_one_edit(typed, word[:m]) or within_one_edit(typed, word[-m:])):
            return True
    return False


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by at most one letter added, dropped, changed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        if a[start + 1:] == b[start + 1:]:
            return True  # one letter changed
        return (start + 1 < len(a) and a[start] == b[start + 1] and a[start + 1] == b[start]
                and a[start + 2:] == b[start + 2:])  # two neighbours swapped
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1:] == shorter[start:]  # one letter added or dropped


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


def score(query: str, document: Document[Key]) -> float:
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


def search(query: str, documents: Iterable[Document[Key]], *, limit: int = 50) -> list[tuple[Key, float]]:
    """Keys of the matching documents, best first."""
    scored = [(doc.key, s) for doc in documents if (s := score(query, doc)) > 0]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]


class SearchIndex(Generic[Key]):
    """The documents tokenised once, with each spelling form pointing at the (document, field) pairs that hold it.

    `score` compares every query word with every word of every document, which costs over a second for the
    fair's 2,000 companies; here a typed word is compared once with each distinct form (and remembered), and a
    query then touches only the documents it matches. The ranking is exactly that of `search`.
    """

    def __init__(self, documents: Iterable[Document[Key]]) -> None:
        self.keys: list[Key] = []
        self.weights: list[tuple[float, ...]] = []
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        memo: dict[str, set[str]] = {}  # companies share texts: their areas', often a task list or a town
        for number, document in enumerate(documents):
            self.keys.append(document.key)
            self.weights.append(tuple(weight for _text, weight in document.fields))
            for field_number, (found, _weight) in enumerate(_document_forms(document, memo)):
                for form in found:
                    postings[form].append((number, field_number))
        self.postings = dict(postings)
        self._matches_of: dict[str, dict[str, float]] = {}

    def _matches(self, word: str) -> dict[str, float]:
        """The forms a typed word matches, with their scores; kept, as young people type the same words."""
        matches = self._matches_of.get(word)
        if matches is None:
            matches = {}
            for form in self.postings:
                value = pair_score(word, form)
                if value > 0:
                    matches[form] = value
            if len(self._matches_of) >= 4096:
                self._matches_of.clear()
            self._matches_of[word] = matches
        return matches

    def search(self, query: str, keys: Collection[Key] | None = None,
               limit: int | None = None) -> list[tuple[Key, float]]:
        """Keys of the matching documents (only those in `keys` when given), best first, as `search` ranks them."""
        typed = query_words(query)
        if not typed:
            return []
        totals: dict[int, float] | None = None
        for word in typed:
            best: dict[tuple[int, int], float] = {}
            for form, value in self._matches(word).items():
                for place in self.postings[form]:
                    if value > best.get(place, 0.0):
                        best[place] = value
            per_document: dict[int, list[float]] = defaultdict(list)
            for (number, field_number), value in best.items():
                per_document[number].append(value * self.weights[number][field_number])
            word_totals = {}
            for number, values in per_document.items():
                values.sort(reverse=True)
                if values[0] > 0:
                    word_totals[number] = values[0] + (0.15 * values[1] if len(values) > 1 else 0.0)
            totals = word_totals if totals is None else {
                number: totals[number] + value for number, value in word_totals.items() if number in totals}
        scored = [(self.keys[number], total / len(typed)) for number, total in sorted((totals or {}).items())
                  if keys is None or self.keys[number] in keys]
        scored.sort(key=lambda pair: -pair[1])
        return scored if limit is None else scored[:limit]
