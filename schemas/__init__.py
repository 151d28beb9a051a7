"""Marshmallow schemas: the documented field lists, in documented order, with wire names."""
