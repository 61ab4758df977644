"""Public engagement: the 3·15 prize quiz (有奖知识答题) and its verifiable prize draw."""
