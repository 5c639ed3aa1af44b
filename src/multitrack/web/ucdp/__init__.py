"""Public conflict data beside the registry: UCDP conflict-years and dyad-years, their imports, and the
yearly figures drawn from them.

The models came from the former mapping app and keep its tables (`mapping_…`) and audit labels
(`mapping.…`); see web/mapping.
"""
