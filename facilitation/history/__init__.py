"""Sales history: import, monthly series, trend, peers, forecast and gap."""
