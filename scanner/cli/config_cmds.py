"""`scanner config`: the settings in force (the watch's file over the package's defaults)."""

from __future__ import annotations

from typing import Annotated

import tomli_w
import typer

from scanner.cli.app import DEFAULT_CONFIG, ConfigOption, app, config_path, fail, load, out
from scanner.config import DEFAULTS_FILE, config_as_dict, display_url


@app.command("config")
def show_config(
    config: ConfigOption = DEFAULT_CONFIG,
    section: Annotated[
        str | None, typer.Argument(help="Only this section, e.g. crawl or taxonomy.")
    ] = None,
) -> None:
    """Print the settings in force as TOML: config.toml over the package's defaults.

    Example: scanner config crawl
    """
    data = config_as_dict(load(config))
    # a password written in the store URL is not shown (a config may be pasted anywhere)
    data["store"]["url"] = display_url(data["store"]["url"])
    if section is not None:
        if section not in data:
            fail(f"unknown section {section!r}; known sections: {', '.join(sorted(data))}")
        data = {section: data[section]}
    out.print(f"# settings in force: {config_path(config)} over {DEFAULTS_FILE}", markup=False)
    out.print(tomli_w.dumps(data), markup=False, end="")
