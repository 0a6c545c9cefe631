"""Brand files: validation with located errors, logo embedding, readable colours."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from assessment.model.errors import ContentError
from assessment.report.brand import (
    DEFAULT_PRIMARY,
    MAX_LOGO_BYTES,
    Brand,
    contrast,
    load_brand,
    on_colour,
    readable_on_white,
)

# A valid 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'


def brand_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_brand(path)
    return err.value.lines()


def test_full_brand_file(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    path = brand_file(
        tmp_path,
        'name: Northwind Advisory\nlogo: logo.png\nprimary_colour: "#0B6E4F"\n'
        "footer: Confidential, prepared for the board\ncontact: hello@northwind.example\n",
    )
    brand = load_brand(path)
    assert brand == Brand(
        name="Northwind Advisory",
        primary="#0b6e4f",
        logo_data_uri="data:image/png;base64," + base64.b64encode(PNG).decode(),
        footer="Confidential, prepared for the board",
        contact="hello@northwind.example",
    )


def test_minimal_brand_file_uses_defaults(tmp_path: Path) -> None:
    brand = load_brand(brand_file(tmp_path, "name: Solo Consulting\n"))
    assert brand == Brand(name="Solo Consulting", primary=DEFAULT_PRIMARY)


def test_svg_logo_is_embedded_as_svg(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_bytes(SVG)
    brand = load_brand(brand_file(tmp_path, "name: N\nlogo: logo.svg\n"))
    assert (brand.logo_data_uri or "").startswith("data:image/svg+xml;base64,")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'name: N\nprimary_colour: "#12345"\n',
            "brand.yaml:2:17: primary_colour: '#12345' is not a colour; "
            'use #RRGGBB, e.g. "#1f4e79"',
        ),
        (
            "name: N\nprimary_colour: #1f4e79\n",
            'brand.yaml:2:16: primary_colour: is empty; put the colour in quotes, e.g. "#1f4e79" '
            "(an unquoted # starts a comment)",
        ),
        (
            "name: N\ncolour: red\n",
            "brand.yaml:2:1: colour: unknown key 'colour' (hint: did you mean 'primary_colour'?)",
        ),
        ("logo: x.png\n", "brand.yaml:1:1: missing required key 'name'"),
    ],
)
def test_invalid_brand_files(tmp_path: Path, text: str, expected: str) -> None:
    lines = problems(brand_file(tmp_path, text))
    assert [line.replace(str(tmp_path) + "/", "") for line in lines] == [expected]


def test_missing_logo_is_located(tmp_path: Path) -> None:
    path = brand_file(tmp_path, "name: N\nlogo: missing.png\n")
    assert problems(path) == [
        f"{path}:2:7: logo: logo file not found: {tmp_path / 'missing.png'} "
        "(hint: give a path relative to the brand file)"
    ]


def test_logo_must_be_an_image(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_text("not an image")
    path = brand_file(tmp_path, "name: N\nlogo: logo.png\n")
    assert problems(path) == [f"{path}:2:7: logo: logo is not a PNG, JPEG, GIF, WebP or SVG image"]


def test_logo_size_is_limited(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG + b"\0" * MAX_LOGO_BYTES)
    path = brand_file(tmp_path, "name: N\nlogo: logo.png\n")
    size = len(PNG) + MAX_LOGO_BYTES
    assert problems(path) == [
        f"{path}:2:7: logo: logo file is {size:,} bytes; the limit is {MAX_LOGO_BYTES:,} "
        "(hint: export a smaller PNG or an SVG)"
    ]


def test_contrast_of_black_and_white() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#fff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("primary", "text_on_it"),
    [("#1f4e79", "#ffffff"), ("#ffd700", "#111111"), ("#f0f0f0", "#111111")],
)
def test_text_on_the_primary_colour_is_readable(primary: str, text_on_it: str) -> None:
    assert on_colour(primary) == text_on_it
    assert Brand(primary=primary).on_primary == text_on_it
    assert contrast(primary, text_on_it) >= 4.5


@pytest.mark.parametrize("primary", ["#ffd700", "#00ff00", "#87ceeb", "#1f4e79"])
def test_primary_text_colour_reads_on_white(primary: str) -> None:
    text = readable_on_white(primary)
    assert contrast(text, "#ffffff") >= 4.5
    if contrast(primary, "#ffffff") >= 4.5:
        assert text == primary
