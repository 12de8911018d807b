"""Every HTML page Pressroom writes (the site's, the proof desk's, the listener's report) is a Jinja2 template in
`data/templates`, escaped as it is filled (autoescape) and built on one page skeleton (`page.html`). Pure: the same
values give the same bytes."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "render"]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pressroom", "data/templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,  # a value left out is an error, not an empty string on the page
    )


def render(template: str, **values: Any) -> str:
    """The page `template` filled with `values` (strings escaped; `Markup` given as it is)."""
    return _environment().get_template(template).render(**values)
