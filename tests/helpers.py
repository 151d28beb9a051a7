"""Helpers shared by the register and update tests."""


def field_errors(response, *path):
    """The errors of the form field at `path` (names of nested children) of a 400 answer."""
    assert response.status_code == 400, response.get_data(as_text=True)
    node = response.json["form"]
    for name in path:
        node = node["children"][name]
    return node.get("errors")
