"""Every setting is documented, in the settings page and in the README."""

from pathlib import Path

import pytest

from multitrack import config

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("setting", config.SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(setting: config.Setting):
    assert f"`{setting.name}`" in (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert f"`{setting.name}`" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert setting.help


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
