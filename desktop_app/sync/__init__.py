"""The sync jobs (pure asyncio) and the Qt engine that runs them for the window."""
