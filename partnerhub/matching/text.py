"""The text model: Danish words and stems, the round's documents, and TF-IDF matrices built fast.

`word_tfidf` and `char_tfidf` return exactly the matrices scikit-learn's `TfidfVectorizer` returns for the
analysers the score uses (same vocabulary order, values and stored index order; a test compares them), but
each distinct word is analysed once and counts are made with sparse products instead of a Python loop
over every token: the round's texts repeat their words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from snowballstemmer.basestemmer import BaseStemmer

from .model import Company, Youth

# Common Danish function words: they carry no interest and would only add noise to the shared terms.
DANISH_STOPWORDS = frozenset(
    [
        "og",
        "i",
        "jeg",
        "det",
        "at",
        "en",
        "den",
        "til",
        "er",
        "som",
        "på",
        "de",
        "med",
        "han",
        "af",
        "for",
        "ikke",
        "der",
        "var",
        "mig",
        "sig",
        "men",
        "et",
        "har",
        "om",
        "vi",
        "min",
        "havde",
        "ham",
        "hun",
        "nu",
        "over",
        "da",
        "fra",
        "du",
        "ud",
        "sin",
        "dem",
        "os",
        "op",
        "man",
        "hans",
        "hvor",
        "eller",
        "hvad",
        "skal",
        "selv",
        "her",
        "alle",
        "vil",
        "blev",
        "kunne",
        "ind",
        "når",
        "være",
        "dog",
        "noget",
        "ville",
        "jo",
        "deres",
        "efter",
        "ned",
        "skulle",
        "denne",
        "end",
        "dette",
        "mit",
        "også",
        "under",
        "have",
        "dig",
        "anden",
        "hende",
        "mine",
        "alt",
        "meget",
        "sit",
        "sine",
        "vor",
        "mod",
        "disse",
        "hvis",
        "din",
        "nogle",
        "hos",
        "blive",
        "mange",
        "ad",
        "bliver",
        "hendes",
        "været",
        "thi",
        "jer",
        "sådan",
        "gerne",
        "godt",
        "lide",
        "kan",
        "prøve",
        "lidt",
        "helt",
        "måske",
        "ved",
        "rigtig",
        "bare",
        "mere",
        "går",
        "gå",
        "nok",
    ]
)
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> BaseStemmer:
    return snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    """Lower-case Danish words without stop words; the surface form is kept for explanations."""
    return [w for w in _WORD.findall(text.lower()) if w not in DANISH_STOPWORDS]


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Stemming is the slow part of the text model and vocabularies repeat, so each word is stemmed once."""
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    """Danish snowball stems, so 'tømrer' and 'tømreren' meet in one feature."""
    return [stem(w) for w in words(text)]


def youth_document(y: Youth, area_names: dict[str, str]) -> str:
    """The young person's own words plus the names of the trade areas they chose."""
    return " ".join([y.interests_text, *(area_names.get(a, a) for a in y.trade_areas)])


def company_document(c: Company, area_names: dict[str, str]) -> str:
    """What a young person would do at the company, plus its trade-area names."""
    return " ".join([c.description, *(area_names.get(a, a) for a in c.trade_areas)])


def _counts(
    doc_tokens: Sequence[Sequence[str]], features_of: Callable[[str], Sequence[str]]
) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Document x feature counts and the vocabulary in first-seen order, as `CountVectorizer` builds them.

    A document's features are the concatenation of its tokens' features, so each distinct token is
    analysed once; first-seen order is kept because the features of a token's first occurrence are
    numbered in the order a per-token scan would meet them.
    """
    vocabulary: dict[str, int] = {}
    token_ids: dict[str, int] = {}
    token_rows: list[list[int]] = []
    occurrences: list[int] = []
    doc_of: list[int] = []
    for d, tokens in enumerate(doc_tokens):
        for token in tokens:
            t = token_ids.get(token)
            if t is None:
                t = token_ids[token] = len(token_ids)
                token_rows.append([vocabulary.setdefault(f, len(vocabulary)) for f in features_of(token)])
            occurrences.append(t)
        doc_of.extend([d] * len(tokens))
    if not vocabulary:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    n_docs, n_tokens = len(doc_tokens), len(token_ids)
    per_doc = sparse.csr_matrix(
        (np.ones(len(occurrences), np.int64), (np.array(doc_of, np.int64), np.array(occurrences, np.int64))),
        shape=(n_docs, n_tokens),
    )
    lengths = np.fromiter((len(r) for r in token_rows), dtype=np.int64, count=n_tokens)
    per_token = sparse.csr_matrix(
        (
            np.ones(int(lengths.sum()), np.int64),
            np.fromiter((f for r in token_rows for f in r), dtype=np.int64, count=int(lengths.sum())),
            np.r_[0, np.cumsum(lengths)],
        ),
        shape=(n_tokens, len(vocabulary)),
    )
    per_token.sum_duplicates()
    counts = sparse.csr_matrix((per_doc @ per_token).astype(np.float32))
    counts.sum_duplicates()
    counts.sort_indices()
    return counts, vocabulary


def _sorted_features(x: sparse.csr_matrix, vocabulary: dict[str, int]) -> sparse.csr_matrix:
    """Renumber features alphabetically (indices are remapped in place, not re-sorted, as scikit-learn does)."""
    new_of_old = np.empty(len(vocabulary), dtype=x.indices.dtype)
    for new, (_term, old) in enumerate(sorted(vocabulary.items())):
        new_of_old[old] = new
    x.indices = new_of_old.take(x.indices, mode="clip")
    return x


def _limited_features(x: sparse.csr_matrix, min_df: int, max_features: int | None) -> sparse.csr_matrix:
    """Keep features in at least min_df documents, at most the max_features most frequent ones."""
    dfs = np.bincount(x.indices, minlength=x.shape[1])
    mask = (dfs <= x.shape[0]) & (dfs >= min_df)
    if max_features is not None and mask.sum() > max_features:
        tfs = np.asarray(x.sum(axis=0)).ravel()
        best = (-tfs[mask]).argsort()[:max_features]
        limited = np.zeros(len(dfs), dtype=bool)
        limited[np.where(mask)[0][best]] = True
        mask = limited
    kept = np.where(mask)[0]
    if len(kept) == 0:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    return x[:, kept]


def _tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Sublinear tf, smoothed idf, l2-normalised rows: the score's TF-IDF settings."""
    return sparse.csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(counts))


def word_tfidf(docs: Sequence[str]) -> sparse.csr_matrix:
    """TF-IDF over Danish stems (= `TfidfVectorizer(analyzer=stems, sublinear_tf=True, dtype=np.float32)`)."""
    counts, vocabulary = _counts([words(d) for d in docs], lambda w: (stem(w),))
    return _tfidf(_sorted_features(_limited_features(counts, 1, None), vocabulary))


def _char_wb(word: str) -> list[str]:
    """3-5 character n-grams of one space-padded word, as scikit-learn's `char_wb` analyser makes them."""
    w = " " + word + " "
    grams = []
    for n in range(3, 6):
        offset = 0
        grams.append(w[offset : offset + n])
        while offset + n < len(w):
            offset += 1
            grams.append(w[offset : offset + n])
        if offset == 0:  # a short word (shorter than n) counts once
            break
    return grams


def char_tfidf(docs: Sequence[str], max_features: int = 200_000) -> sparse.csr_matrix:
    """TF-IDF over 3-5 character n-grams within words, in at least two documents (= `TfidfVectorizer(
    analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, max_features=..., dtype=np.float32)`
    on lower-cased documents)."""
    counts, vocabulary = _counts([d.lower().lower().split() for d in docs], _char_wb)
    return _tfidf(_limited_features(_sorted_features(counts, vocabulary), 2, max_features))
