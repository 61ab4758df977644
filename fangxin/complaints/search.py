"""Chinese full-text search over cases: words found by segmentation, matched whole; on
PostgreSQL through a GIN index on to_tsvector('simple', search_text)."""

from django.db import connection
from django.db.models import QuerySet

from fangxin.textintel.segment import index_tokens, query_tokens

TS_EXPRESSION = "to_tsvector('simple', search_text)"


def search_text_for(*parts: str) -> str:
    return " " + " ".join(index_tokens(" ".join(p for p in parts if p))) + " "


def search_filter(cases: QuerySet, query: str) -> QuerySet:
    tokens = query_tokens(query)
    if not tokens:
        return cases.none()
    if connection.vendor == "postgresql":
        # The same expression as the index, so the planner uses it.
        return cases.extra(  # noqa: S610 — fixed SQL, the query is a bound parameter
            where=[f"{TS_EXPRESSION} @@ plainto_tsquery('simple', %s)"], params=[" ".join(tokens)]
        )
    for token in tokens:
        cases = cases.filter(search_text__contains=f" {token} ")
    return cases
