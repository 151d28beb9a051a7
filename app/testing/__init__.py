"""Support for running the stand-in inside a pytest run (see app.testing.plugin)."""
