"""How the text filters fold case, the same in Python and in each engine's SQL lower(): every
letter to its lower case, one letter for one, so İ is i, as Open Loyalty's Elasticsearch folds it
and PostgreSQL's lower() does (Python alone would make it i and a combining dot)."""

DOTTED_CAPITAL_I = "i\u0307"  # what str.lower() makes of İ


def fold(text):
    """`text` in lower case, one letter for each letter."""
    return text.lower().replace(DOTTED_CAPITAL_I, "i")
