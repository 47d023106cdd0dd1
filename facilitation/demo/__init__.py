"""The demo database: sales history, plans and sessions a newcomer can explore."""
