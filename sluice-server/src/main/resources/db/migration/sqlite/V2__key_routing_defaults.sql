-- Routing defaults per key: an OpenRouter-style provider object (JSON), applied under each request's own.
ALTER TABLE virtual_keys ADD COLUMN routing TEXT;
