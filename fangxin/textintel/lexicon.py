"""The rule layer of the complaint classifier: weighted cue words per sector and per problem type,
kept as data (data/lexicon.json). Alone it answers at the cold start, before any model is
trained; with a model its scores are extra features, a prior that carries over to wordings the
training corpus never saw."""

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "lexicon.json"

# A text's score for a class is the sum of the weights of its distinct cue words, capped so that
# a long text listing every symptom does not dwarf the model's other evidence.
SCORE_CAP = 6.0


class Lexicon:
    def __init__(self, data: dict, *, sectors: Sequence[str], problems: Sequence[str]):
        self.data = data
        self.version = str(data.get("version", "lex"))
        self.sectors = tuple(sectors)
        self.problems = tuple(problems)
        # First two characters → [(word, task, class index, weight)]: a text is scanned once
        # for its distinct character pairs, and only words starting with one of them are tried.
        self._by_prefix: dict[str, list[tuple[str, int, int, float]]] = {}
        for task, labels in ((0, self.sectors), (1, self.problems)):
            table = data.get(("sector", "problem")[task], {})
            unknown = set(table) - set(labels)
            if unknown:
                raise ValueError(f"lexicon: unknown labels {sorted(unknown)}")
            for label, words in table.items():
                index = labels.index(label)
                for word, weight in words.items():
                    word = word.lower()
                    if len(word) < 2:
                        raise ValueError(f"lexicon: word too short: {word!r}")
                    self._by_prefix.setdefault(word[:2], []).append(
                        (word, task, index, float(weight))
                    )
        self._prefixes = frozenset(self._by_prefix)

    @classmethod
    def load(
        cls, path: Path = LEXICON_PATH, *, sectors: Sequence[str], problems: Sequence[str]
    ) -> "Lexicon":
        return cls(json.loads(path.read_text(encoding="utf-8")), sectors=sectors, problems=problems)

    def entries(self) -> list[tuple[str, str, int, float]]:
        """(word, task, label index, weight) for every cue word; task is "sector" or
        "problem", the index is into `sectors` or `problems`."""
        return [
            (word, ("sector", "problem")[task], index, weight)
            for group in self._by_prefix.values()
            for word, task, index, weight in group
        ]

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True)

    def hits(self, text: str) -> list[tuple[str, str, str, float]]:
        """(task, label, word, weight) for each cue word in lower-cased `text`."""
        pairs = {text[i : i + 2] for i in range(len(text) - 1)} & self._prefixes
        found = []
        for pair in pairs:
            for word, task, index, weight in self._by_prefix[pair]:
                if len(word) == 2 or word in text:
                    labels = self.sectors if task == 0 else self.problems
                    found.append((("sector", "problem")[task], labels[index], word, weight))
        return found

    def scores(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Capped cue-word scores of lower-cased `text`: (per sector, per problem type). The
        reference definition; the classifier computes the same scores for a whole batch at
        once from its n-gram counts (classify._Vectorizer)."""
        sector = np.zeros(len(self.sectors))
        problem = np.zeros(len(self.problems))
        pairs = {text[i : i + 2] for i in range(len(text) - 1)} & self._prefixes
        for pair in pairs:
            for word, task, index, weight in self._by_prefix[pair]:
                if len(word) == 2 or word in text:
                    (sector if task == 0 else problem)[index] += weight
        np.minimum(sector, SCORE_CAP, out=sector)
        np.minimum(problem, SCORE_CAP, out=problem)
        return sector, problem
