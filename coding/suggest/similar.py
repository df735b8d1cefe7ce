""" "More like these": passages similar to ones a coder has already coded with a code.

Rules know the words someone wrote down; a researcher's own codings know her corpus's
wordings. This suggester turns each passage into TF-IDF vectors over lemmas (so
"dimobilisasi" and "mobilisasi" meet) and over character 3-5-grams (so spelling
variants, "nonjob" and "non job", "karir" and "karier", meet), and suggests a code for a
passage when most of its three nearest decided passages (cosine) carry it. Passages whose
suggestion of the code was rejected are neighbours too: when the nearest one was
rejected, nothing is suggested. scikit-learn, fitted on the corpus at suggestion time;
nothing downloaded.

It never outranks the rules or the model: its score is ``SIMILAR_FLOOR`` plus a tenth of
the similarity, below ``SIMILAR_CAP`` (0.6), under any rule hit that reaches the usual
0.6 and above only the weakest. A coder reviewing best first sees the rules' suggestions
first; ``telaah review --order uncertain`` brings these forward, since a score near 0.5
is the suggester saying it is unsure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .rules import indonesian_nlp, prepare

# Tried on the development passages with 30 and 60 coded: the single nearest neighbour
# above 0.2 halved precision; a majority of the three nearest kept it above 0.88.
K = 3
MIN_SIMILARITY = 0.3
SIMILAR_FLOOR = 0.5
SIMILAR_CAP = 0.59
SAME_TEXT = 0.999


def lemma_text(texts: list[str]) -> list[str]:
    """Each text as its lower-case lemmas joined by spaces (the lookup lemmatizer's)."""
    out = []
    for doc in indonesian_nlp().pipe(texts, batch_size=64):
        prepare(doc)
        out.append(" ".join(t.lemma_.lower() for t in doc if t.is_alpha))
    return out


@dataclass
class Neighbour:
    code_id: str
    similarity: float
    passage: int  # index into the examples the index was fitted on


class SimilarIndex:
    """Coded examples (text, codes it has, codes rejected for it) as TF-IDF vectors."""

    def __init__(
        self,
        texts: list[str],
        positives: list[set[str]],
        negatives: list[set[str]] | None = None,
        *,
        ids: list[str] | None = None,
    ):
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.ids = ids or [str(i) for i in range(len(texts))]
        self.positives = positives
        self.negatives = negatives or [set() for _ in texts]
        self.words = TfidfVectorizer(sublinear_tf=True, min_df=1)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1
        )
        self._hstack = hstack
        self.matrix = self._vectors(texts, fit=True)

    def _vectors(self, texts: list[str], *, fit: bool = False) -> Any:
        from sklearn.preprocessing import normalize

        lemmas = lemma_text(texts)
        lower = [t.lower() for t in texts]
        if fit:
            w, c = self.words.fit_transform(lemmas), self.chars.fit_transform(lower)
        else:
            w, c = self.words.transform(lemmas), self.chars.transform(lower)
        return normalize(self._hstack([w, c]).tocsr())

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def neighbours(self, texts: list[str]) -> list[list[Neighbour]]:
        """Per text, the codes most of its ``K`` nearest decided passages carry.

        Neighbours below ``MIN_SIMILARITY`` do not vote; a passage coded without the code
        votes against it by not voting for it; and when the nearest one had the code's
        suggestion rejected, the code is not suggested (the coder said no to this look).
        """
        sims = (self._vectors(texts) @ self.matrix.T).toarray()
        out = []
        for row in sims:
            order = [j for j in row.argsort()[::-1] if row[j] < SAME_TEXT][:K]
            near = [j for j in order if row[j] >= MIN_SIMILARITY]
            votes: dict[str, list[int]] = {}
            for j in near:
                for code in self.positives[j]:
                    votes.setdefault(code, []).append(j)
            vetoed = self.negatives[near[0]] if near else set()
            out.append(
                [
                    Neighbour(code, round(float(row[js[0]]), 4), js[0])
                    for code, js in sorted(votes.items())
                    if 2 * len(js) > min(K, len(self)) and code not in vetoed
                ]
            )
        return out


def similar_score(similarity: float) -> float:
    """A similarity as a suggestion score that stays under the rules' (see module doc)."""
    return round(min(SIMILAR_CAP, SIMILAR_FLOOR + similarity / 10), 4)


def from_corpus(db: Any, *, coder: str | None = None) -> SimilarIndex | None:
    """An index of the corpus's coded passages and rejected suggestions (None: none yet)."""
    from .classifier import decided_examples

    ids, texts, positives, negatives = decided_examples(db, coder=coder)
    if not any(positives):
        return None
    return SimilarIndex(texts, positives, negatives, ids=ids)
