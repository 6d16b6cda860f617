"""Storage adapter: SQLAlchemy 2 ORM, Alembic migrations, repositories. The core never imports this."""
