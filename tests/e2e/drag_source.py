#!/usr/bin/env python3
"""A tiny drag source, as a file manager is one: a window whose button can be dragged onto
another window, carrying one file as text/uri-list (XDND). Used by the e2e tests to drop a
picture on Kling Studio the way a person drags it in from their desktop.

Usage: drag_source.py FILE X Y   (the window's position on the screen)"""
import sys
from pathlib import Path

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, Gtk  # noqa: E402

path, x, y = Path(sys.argv[1]).resolve(), int(sys.argv[2]), int(sys.argv[3])
window = Gtk.Window(title="kling-e2e-drag-source")
window.set_default_size(180, 80)
window.move(x, y)
window.set_keep_above(True)
button = Gtk.Button(label=path.name)
button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
button.drag_source_add_uri_targets()
button.connect("drag-data-get", lambda _w, _ctx, data, _info, _time: data.set_uris([path.as_uri()]))
window.add(button)
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()
