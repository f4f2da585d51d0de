"""The local database: the merchant's customers, items, documents and each shop's settings."""
