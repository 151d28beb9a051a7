"""URL rules that compile their URL builders once per process rather than once per app.

Werkzeug compiles two small Python functions for every rule when it is added to an app: most
of the time it takes to make an app. The test suite makes an app for each test, so a builder is
kept for every rule text, defaults, parts and converter types it has seen, and shared by the
rules alike. The functions read the converters of the rule they are bound to, so sharing them
between apps is safe.
"""
from werkzeug import routing


class Rule(routing.Rule):
    _builders = {}

    def _compile_builder(self, append_unknown=True):
        key = (
            self.rule,
            tuple(sorted((self.defaults or {}).items())),
            tuple(self._trace),
            tuple((name, type(converter)) for name, converter in self._converters.items()),
            append_unknown,
        )
        builder = self._builders.get(key)
        if builder is None:
            builder = self._builders[key] = super()._compile_builder(append_unknown)
        return builder
