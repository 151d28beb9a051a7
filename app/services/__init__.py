"""Use cases: plain functions named after the reference's headings."""
