"""config.toml → frozen, typed configuration objects (`defaults.py` the defaults,
`values.py` typed values and ranges, the dataclasses in `sections.py` (collection, search,
the whole `Config`), `analysis.py` (themes, maturity, ranking, bulletin) and `service.py`
(web, worker, demo, mail, alerts), `load.py` the reader).

Every section is a frozen dataclass whose fields are the settings (name, type); each default is
read from `scanner/defaults.toml` (package data), the one place defaults are written and
documented. A watch's `config.toml` sets only what it changes. `load_config(path)` reads the file once,
rejects unknown keys and values of the wrong type with a `ConfigError` naming the key
(`[crawl].timeout`), and returns a `Config`. Relative paths stay relative: they resolve against
the current directory when used, so two folders hold two independent watches.
"""

from scanner.config.analysis import BulletinConfig, MaturityConfig, RankConfig, Theme, ThemesConfig
from scanner.config.defaults import (
    DEFAULTS,
    DEFAULTS_FILE,
    PROJECT_ROOT,
    SOURCE_KINDS,
    _SectionDefaults,
    resource_dir,
)
from scanner.config.load import _SECTIONS, config_as_dict, config_from_dict, load_config
from scanner.config.sections import (
    Config,
    CrawlConfig,
    DedupConfig,
    EmbedConfig,
    IndexConfig,
    NlpConfig,
    OutputConfig,
    SearchConfig,
    StoreConfig,
)
from scanner.config.service import AlertsConfig, DemoConfig, SmtpConfig, WebConfig, WorkerConfig
from scanner.config.values import (
    MAX_NUMBER,
    RANGES,
    STORE_SCHEMES,
    _build,
    display_url,
    parse_store_url,
)

__all__ = [
    "DEFAULTS",
    "DEFAULTS_FILE",
    "MAX_NUMBER",
    "PROJECT_ROOT",
    "RANGES",
    "SOURCE_KINDS",
    "STORE_SCHEMES",
    "AlertsConfig",
    "BulletinConfig",
    "Config",
    "CrawlConfig",
    "DedupConfig",
    "DemoConfig",
    "EmbedConfig",
    "IndexConfig",
    "MaturityConfig",
    "NlpConfig",
    "OutputConfig",
    "RankConfig",
    "SearchConfig",
    "SmtpConfig",
    "StoreConfig",
    "Theme",
    "ThemesConfig",
    "WebConfig",
    "WorkerConfig",
    "_SECTIONS",
    "_SectionDefaults",
    "_build",
    "config_as_dict",
    "config_from_dict",
    "display_url",
    "load_config",
    "parse_store_url",
    "resource_dir",
]
