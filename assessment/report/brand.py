"""Consultancy branding for reports: brand.yaml, validated, with the logo embedded."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints

from assessment.content.questionnaires import load_model_file, locate_in_file
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Strict, Text
from assessment.report.documented import documented

DEFAULT_PRIMARY = "#1f4e79"
MAX_LOGO_BYTES = 200_000
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def _hex_colour(value: object) -> object:
    """Accept '#RGB' or '#RRGGBB'; explain the YAML comment trap when the value is empty."""
    if value is None:
        raise ValueError(
            'is empty; put the colour in quotes, e.g. "#1f4e79" (an unquoted # starts a comment)'
        )
    if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
        raise ValueError(f'{value!r} is not a colour; use #RRGGBB, e.g. "#1f4e79"')
    return value.strip()


HexColour = Annotated[str, BeforeValidator(_hex_colour)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class BrandFile(Strict):
    """The brand.yaml file: who prepared the report and how it looks."""

    name: ShortText = Field(description="Consultancy or team name shown on the cover.")
    logo: ShortText | None = Field(
        default=None, description="PNG, JPEG, GIF, WebP or SVG file, relative to brand.yaml."
    )
    primary_colour: HexColour = Field(
        default=DEFAULT_PRIMARY, description="Main colour as #RRGGBB (or #RGB)."
    )
    footer: Text | None = Field(default=None, description="Short text at the foot of each page.")
    contact: ShortText | None = Field(default=None, description="E-mail, phone or web address.")


@dataclass(frozen=True)
class Brand:
    """Branding ready for a report: colours worked out, logo as a data URI."""

    name: str | None = documented(
        "Consultancy or team name on the cover and top bar, or None (unbranded).", default=None
    )
    primary: str = documented("The main colour, #RRGGBB or #RGB.", default=DEFAULT_PRIMARY)
    logo_data_uri: str | None = documented(
        "The logo as a data: URI (shown only with a name), or None.", default=None
    )
    footer: str | None = documented("Short text at the foot of each page, or None.", default=None)
    contact: str | None = documented("E-mail, phone or web address, or None.", default=None)

    @property
    def on_primary(self) -> str:
        """Text colour that reads well on the primary colour."""
        return on_colour(self.primary)

    @property
    def primary_text(self) -> str:
        """The primary colour, darkened until it reads on white (WCAG AA, 4.5:1)."""
        return readable_on_white(self.primary)


def _channels(colour: str) -> tuple[int, int, int]:
    """The red, green and blue of a #RGB or #RRGGBB colour."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance as defined by WCAG 2."""

    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = _channels(colour)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def on_colour(colour: str) -> str:
    """White or near-black, whichever contrasts more with the colour."""
    return "#ffffff" if contrast(colour, "#ffffff") >= contrast(colour, "#111111") else "#111111"


def readable_on_white(colour: str) -> str:
    """The colour darkened in small steps until its contrast on white is at least 4.5:1."""
    r, g, b = _channels(colour)
    while contrast(f"#{r:02x}{g:02x}{b:02x}", "#ffffff") < 4.5:
        r, g, b = int(r * 0.9), int(g * 0.9), int(b * 0.9)
    return f"#{r:02x}{g:02x}{b:02x}"


def _image_type(data: bytes) -> str | None:
    """The MIME type of a logo, from its first bytes."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"<svg" in data[:2048].lower():
        return "image/svg+xml"
    return None


class LogoError(ValueError):
    """The logo file cannot be used; carries a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def logo_data_uri(brand_file: Path, logo: str) -> str:
    """The logo file (relative to brand.yaml) as a data URI; LogoError when unusable."""
    path = brand_file.parent / logo
    if not path.is_file():
        raise LogoError(f"logo file not found: {path}", "give a path relative to the brand file")
    data = path.read_bytes()
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(
            f"logo file is {len(data):,} bytes; the limit is {MAX_LOGO_BYTES:,}",
            "export a smaller PNG or an SVG",
        )
    mime = _image_type(data)
    if mime is None:
        raise LogoError("logo is not a PNG, JPEG, GIF, WebP or SVG image")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def load_brand(path: str | Path) -> Brand:
    """A Brand from brand.yaml; ContentError with FILE:LINE:COL for every problem."""
    brand_file = Path(path)
    data = load_model_file(brand_file, BrandFile)
    try:
        logo = logo_data_uri(brand_file, data.logo) if data.logo else None
    except LogoError as exc:
        located = locate_in_file(brand_file, ("logo",), str(exc), exc.hint)
        raise ContentError(
            [located or Problem(str(brand_file), None, None, "logo", str(exc), exc.hint)]
        ) from None
    return Brand(
        name=data.name,
        primary=data.primary_colour.lower(),
        logo_data_uri=logo,
        footer=data.footer,
        contact=data.contact,
    )
