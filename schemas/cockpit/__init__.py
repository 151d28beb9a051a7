"""Schemas of the cockpit support endpoints (app/api/cockpit): one module per area."""
