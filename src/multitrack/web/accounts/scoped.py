"""One way to read rows that belong to a compartment: `for_user`, defined once.

A model whose rows are kept in a compartment gives its manager a query set that inherits from
`CompartmentQuerySet` and says where the compartment is (`compartment_path`: "compartment" for a row
that holds it, "initiative__compartment" for one that reaches it through its initiative, …). A user sees
the rows of the compartments where their role has the capability asked for; nothing else exists for them.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.db import models

from .access import compartment_ids

_M = TypeVar("_M", bound=models.Model)


class CompartmentQuerySet(models.QuerySet[_M]):
    compartment_path: ClassVar[str] = "compartment"
    default_capability: ClassVar[str] = "rows"

    def for_user(self, user: Any, capability: str | None = None) -> Self:
        """The rows in the compartments where `user` has `capability` (the model's default if omitted)."""
        ids = compartment_ids(user, capability or self.default_capability)
        return self.filter(**{f"{self.compartment_path}_id__in": ids})
