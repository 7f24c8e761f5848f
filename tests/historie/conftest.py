import pytest


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
