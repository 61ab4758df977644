"""Chinese full-text search over cases: words found by segmentation, matched whole; on
PostgreSQL through `search_vector`, a stored tsvector of search_text with a GIN index
(migration 0013)."""

from django.db import connection
from django.db.models import QuerySet

from fangxin.textintel.segment import index_tokens, query_tokens

TS_COLUMN = "complaints_case.search_vector"


def search_text_for(*parts: str) -> str:
    return " " + " ".join(index_tokens(" ".join(p for p in parts if p))) + " "


def search_filter(cases: QuerySet, query: str) -> QuerySet:
    tokens = query_tokens(query)
    if not tokens:
        return cases.none()
    if connection.vendor == "postgresql":
        return cases.extra(  # noqa: S610 — fixed SQL, the query is a bound parameter
            where=[f"{TS_COLUMN} @@ plainto_tsquery('simple', %s)"], params=[" ".join(tokens)]
        )
    for token in tokens:
        cases = cases.filter(search_text__contains=f" {token} ")
    return cases
