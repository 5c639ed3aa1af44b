"""WSGI entry point, served by waitress through `multitrack serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multitrack.web.settings")
application = get_wsgi_application()

# Refuse to serve with a key that does not open this database (a clear error, not garbage later).
from multitrack.web.accounts.keys import verify_key  # noqa: E402

verify_key()
