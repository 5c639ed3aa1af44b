"""The consultations app's services, one module per concern; callers import the module they need
(nothing is re-exported here):

- `actions`: what may be done with a consultation (cards, votes, statements, moderation, withdrawal);
- `analysis`: the opinion groups, kept per process and updated from the votes added since.
"""
