"""What the API's routers share."""

from __future__ import annotations

from django.conf import settings
from ninja.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Pages of `MULTITRACK_PAGE_SIZE` rows, for every paginated list of the API."""

    page_size = int(settings.PAGE_SIZE)
