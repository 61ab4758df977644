from django.core.paginator import Paginator


def page_of(request, items, per_page: int = 30) -> dict:
    """`page_obj` and `query` (the filters without the page number) for web/_pagination.html."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "page_obj": page, "query": query.urlencode()}
