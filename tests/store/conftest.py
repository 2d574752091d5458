"""Fixtures for the store tests: every test runs on SQLite and on the real PostgreSQL."""

from __future__ import annotations

from tests.store.fixtures import anyio_backend as anyio_backend
from tests.store.fixtures import database_url as database_url
from tests.store.fixtures import postgres_url as postgres_url
from tests.store.fixtures import repository as repository
