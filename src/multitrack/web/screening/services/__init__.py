"""The screening app's services, one module per concern; callers import the module they need (nothing
is re-exported here):

- `lists`: storing the sanctions lists as imported, re-screening after an import, the candidate index;
- `screen`: screening registry actors against the lists, and the reviewers' decisions that follow.
"""
