"""The fast TF-IDF builders return exactly scikit-learn's matrices, so scores do not move."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from partnerhub.matching.text import char_tfidf, stems, word_tfidf

PIECES = ("tømrer", "Tømreren", "træ", "og", "med", "køkken", "KØER", "hest", "heste", "a", "é", "1234", "bil-værksted")
SEPARATORS = (" ", "  ", "\t", "\n", ", ", ". ", " - ")
documents = st.lists(
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=8).map(
        lambda parts: "".join(p + s for p, s in parts)
    ),
    min_size=1,
    max_size=12,
)


def _same_matrix(ours, theirs):
    theirs = theirs.tocsr()
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype == np.float32
    for part in ("indptr", "indices", "data"):  # the stored order too: products sum in it
        assert np.array_equal(getattr(ours, part), getattr(theirs, part)), part


def _sklearn_or_error(vectorizer, docs):
    try:
        return vectorizer.fit_transform(docs)
    except ValueError:
        return None


@settings(max_examples=80, deadline=None)
@given(documents)
def test_word_tfidf_is_scikit_learns(docs):
    theirs = _sklearn_or_error(TfidfVectorizer(analyzer=stems, sublinear_tf=True, dtype=np.float32), docs)
    if theirs is None:
        with pytest.raises(ValueError):
            word_tfidf(docs)
    else:
        _same_matrix(word_tfidf(docs), theirs)


@settings(max_examples=80, deadline=None)
@given(documents, st.sampled_from([None, 5, 200_000]))
def test_char_tfidf_is_scikit_learns(docs, max_features):
    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        min_df=2,
        max_features=max_features,
        dtype=np.float32,
    )
    theirs = _sklearn_or_error(vectorizer, [d.lower() for d in docs])
    if theirs is None:
        with pytest.raises(ValueError):
            char_tfidf(docs, max_features)
    else:
        _same_matrix(char_tfidf(docs, max_features), theirs)
