"""WSGI entry point, served by waitress through `multitrack serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multitrack.web.settings")
application = get_wsgi_application()
