"""WeasyPrint's text layouts made cheaper, for PDFs that are byte for byte the same.

WeasyPrint makes a Pango layout for every piece of text it measures, then throws it away and
makes it again, text shaped anew, to draw the text. Each time it also makes a new Pango context
and a new font description. Here (``install``):

- a Pango context is made once per font configuration, direction and language, and a font
  description once per font (family, size, weight, style…); a context that nothing changes may
  be shared by any number of layouts, and a layout copies the description it is given;
- a layout measured during layout is kept as it is until its text is drawn, for the last
  ``KEPT`` layouts of each thread (so memory stays bounded however long the document; the rest
  are dropped after each document by ``release``), and only where drawing would set it up
  exactly the same again: no justification, word or letter spacing, or breaking inside words.

The replaced methods are those of the WeasyPrint the project pins; ``install`` checks their
source against the versions they were written from, and leaves another WeasyPrint as it is.
"""

from __future__ import annotations

import collections
import threading
import weakref
from typing import Any

from docgen.pdf.patches import PatchSet, Target

KEPT = 2048  # layouts kept alive per thread between layout and drawing
_local = threading.local()
_contexts_lock = threading.Lock()


def install() -> bool:
    """Replace WeasyPrint's layout set-up, once; False if its code is not the one known here."""
    return _PATCHES.install()


def uninstall() -> None:
    """Put WeasyPrint's own set-up back (to compare the PDFs both make)."""
    release()
    _PATCHES.uninstall()


def installed() -> bool:
    """Whether the faster set-up is in place."""
    return _PATCHES.installed()


def release() -> None:
    """Let go of the layouts this thread kept and did not draw (call after each document)."""
    layouts = _kept()
    while layouts:
        layout = layouts.pop()
        if hasattr(layout, "layout"):
            _PATCHES.originals["Layout.deactivate"](layout)


def _kept() -> collections.deque:
    """The layouts this thread keeps for drawing, oldest first."""
    try:
        return _local.kept
    except AttributeError:
        _local.kept = collections.deque()
        return _local.kept


def _methods(originals: dict[str, Any]) -> dict[str, Any]:
    """WeasyPrint's ``Layout.setup``, ``deactivate`` and ``reactivate``, made cheaper."""
    from weasyprint.text import line_break
    from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION, PANGO_WRAP_MODE
    from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
    from weasyprint.text.fonts import font_features

    original_deactivate = originals["Layout.deactivate"]
    original_reactivate = originals["Layout.reactivate"]
    contexts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
    descriptions: dict[tuple, Any] = {}
    features_of: dict[tuple, bytes] = {}

    def context(style: Any) -> tuple[Any, Any]:
        """The shared Pango context of a style's font configuration, direction and language."""
        override = style["font_language_override"]
        if override != "normal":
            lang = LST_TO_ISO.get(override.lower(), override)
        else:
            lang = style["lang"] or None
        direction = style["direction"]
        config = style.font_config
        with _contexts_lock:
            per_config = contexts.setdefault(config, {})
        found = per_config.get((direction, lang))
        if found is None:
            made = pango.pango_font_map_create_context(config.font_map)
            made = ffi.gc(made, gobject.g_object_unref)
            pango.pango_context_set_round_glyph_positions(made, False)
            pango.pango_context_set_base_dir(made, PANGO_DIRECTION[direction])
            if lang:
                language = pango.pango_language_from_string(unicode_to_char_p(lang)[0])
                pango.pango_context_set_language(made, language)
            else:
                language = pango.pango_language_get_default()
            found = per_config.setdefault((direction, lang), (made, language))
        return found

    def description(style: Any) -> Any:
        """The font description of a style, made once for each font."""
        variations = style["font_variation_settings"]
        key = (
            tuple(style["font_family"]),
            style["font_style"],
            style["font_stretch"],
            style["font_weight"],
            style["font_size"],
            style["font_variant_caps"],
            variations if variations == "normal" else tuple(map(tuple, variations)),
        )
        found = descriptions.get(key)
        if found is None:
            if len(descriptions) > 1024:
                descriptions.clear()
            found = descriptions.setdefault(key, line_break.get_font_description(style))
        return found

    def features(style: Any) -> bytes:
        """The OpenType features of a style, as WeasyPrint writes them for Pango."""
        key = (
            style["font_kerning"],
            style["font_variant_ligatures"],
            style["font_variant_position"],
            style["font_variant_caps"],
            style["font_variant_numeric"],
            style["font_variant_alternates"],
            style["font_variant_east_asian"],
            style["font_feature_settings"],
        )
        found = features_of.get(key)
        if found is None:
            settings = font_features(*key)
            found = ",".join(f"{name} {value}" for name, value in settings.items()).encode()
            if len(features_of) > 1024:
                features_of.clear()
            features_of[key] = found
        return found

    def setup(self: Any, style: Any) -> None:
        # WeasyPrint's Layout.setup, with the context and font description shared.
        self.style = style
        self.first_line_direction = 0
        pango_context, self.language = context(style)
        font_description = description(style)
        self.layout = ffi.gc(pango.pango_layout_new(pango_context), gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(self.layout, False)
        pango.pango_layout_set_font_description(self.layout, font_description)
        if style["text_decoration_line"] != "none":
            metrics = ffi.gc(
                pango.pango_context_get_metrics(pango_context, font_description, self.language),
                pango.pango_font_metrics_unref,
            )
            self.ascent = FROM_UNITS * pango.pango_font_metrics_get_ascent(metrics)
            self.underline_position = FROM_UNITS * (
                pango.pango_font_metrics_get_underline_position(metrics)
            )
            self.strikethrough_position = FROM_UNITS * (
                pango.pango_font_metrics_get_strikethrough_position(metrics)
            )
            self.underline_thickness = FROM_UNITS * (
                pango.pango_font_metrics_get_underline_thickness(metrics)
            )
            self.strikethrough_thickness = FROM_UNITS * (
                pango.pango_font_metrics_get_strikethrough_thickness(metrics)
            )
        else:
            self.ascent = None
            self.underline_position = None
            self.strikethrough_position = None
        settings = features(style)
        if settings:
            attr = style.font_config.font_features.setdefault(
                settings, pango.pango_attr_font_features_new(settings)
            )
            attr_list = pango.pango_attr_list_new()
            pango.pango_attr_list_insert(attr_list, attr)
            pango.pango_layout_set_attributes(self.layout, attr_list)

    def deactivate(self: Any) -> None:
        # Kept for drawing when drawing would set it up the same: set_text(justify=True) adds
        # nothing to a text without justification, spacing or breaks inside words.
        style = self.style
        if (
            getattr(self, "drawn", False)
            or self.justification_spacing
            or style["word_spacing"]
            or style["letter_spacing"] != "normal"
            or style["overflow_wrap"] in ("anywhere", "break-word")
        ):
            original_deactivate(self)
            return
        layouts = _kept()
        layouts.append(self)
        if len(layouts) > KEPT:
            oldest = layouts.popleft()
            if hasattr(oldest, "layout"):
                original_deactivate(oldest)

    def reactivate(self: Any, style: Any) -> None:
        self.drawn = True
        if hasattr(self, "layout"):
            if style is self.style:  # as a new layout: no width, so no wrapping
                pango.pango_layout_set_width(self.layout, -1)
                pango.pango_layout_set_wrap(self.layout, PANGO_WRAP_MODE["WRAP_WORD"])
                return
            original_deactivate(self)
        original_reactivate(self, style)

    return {"Layout.setup": setup, "Layout.deactivate": deactivate, "Layout.reactivate": reactivate}


CHECKED_WITH = {"weasyprint": "70.0"}
"""The version whose source these replacements were written from and checked against."""

_PATCHES = PatchSet(
    [  # the source of each replaced method, as in WeasyPrint 70.0
        Target(
            "weasyprint.text.line_break",
            "Layout.setup",
            "fb227a55094f41d42fbd57f180d8b7a9a1e741969ec8ddb3fd5cd80920257442",
        ),
        Target(
            "weasyprint.text.line_break",
            "Layout.deactivate",
            "bfec3ec8406e1c82a91f9570103eb5ecbc5a20c1339ff26bb0f4eafb03189f0b",
        ),
        Target(
            "weasyprint.text.line_break",
            "Layout.reactivate",
            "0b89ee097104b71376c179f48a98858708b07169dc0212c393263a1a831607c9",
        ),
    ],
    _methods,
)
