"""system_api."""
