#!/usr/bin/env bash
# Checks a built Kling Studio .deb as an installer would see it: control fields, files, desktop
# entry, icons; then unpacks it and runs what it holds (the `kling` tool, and the app itself on a
# virtual display until its first interactive frame). Usage: check-package.sh PATH.deb [PATH.rpm]
# Run inside a D-Bus session (scripts/test.sh does) so the app's single-instance lock works.
set -euo pipefail
deb="$1"
rpm="${2:-}"
fail() { echo "check-package: $*" >&2; exit 1; }
[ -f "$deb" ] || fail "no package at $deb"
cd "$(dirname "$0")/.."
version=$(node -p 'require("./tauri.conf.json").version')

# The RPM is built from the same files; without rpm tools here, check what it is and its name.
if [ -n "$rpm" ]; then
  [ -f "$rpm" ] || fail "no package at $rpm"
  [ "$(head -c 4 "$rpm" | od -An -tx1 | tr -d ' \n')" = edabeedb ] || fail "$rpm is not an RPM package"
  case "$(basename "$rpm")" in *"-$version-"*) ;; *) fail "$rpm does not carry version $version" ;; esac
fi

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = kling-studio ] || fail "package name is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "version '$(field Version)' is not tauri.conf.json's $version"
for dep in libwebkit2gtk-4.1-0 gstreamer1.0-libav gstreamer1.0-plugins-good; do
  field Depends | grep -q "$dep" || fail "Depends lacks $dep: $(field Depends)"
done

unpacked=$(mktemp -d)
home=$(mktemp -d)
xvfb_pid=""; app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$unpacked" "$home"
}
trap cleanup EXIT
dpkg-deb -x "$deb" "$unpacked"
for f in usr/bin/kling-studio usr/bin/kling \
         usr/share/icons/hicolor/32x32/apps/kling-studio.png \
         usr/share/icons/hicolor/128x128/apps/kling-studio.png \
         usr/share/icons/hicolor/512x512/apps/kling-studio.png; do
  [ -s "$unpacked/$f" ] || fail "the package lacks /$f"
done
desktop=$(find "$unpacked/usr/share/applications" -name '*.desktop' | head -n1)
[ -n "$desktop" ] || fail "no desktop entry"
desktop-file-validate "$desktop" || fail "the desktop entry does not validate"
grep -qx 'Exec=kling-studio' "$desktop" || fail "the desktop entry does not start kling-studio"
grep -qx 'Icon=kling-studio' "$desktop" || fail "the desktop entry's icon is not the packaged one"

# The packaged tool runs and knows its version.
"$unpacked/usr/bin/kling" --version | grep -q "$version" || fail "kling --version does not say $version"

# The packaged app (its UI embedded, as installed) reaches its first interactive frame: a fresh
# home, no keys, so it opens in the sandbox. Bounded: 120 s.
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
log="$home/app.log"
HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" \
  DISPLAY="$display" KLING_BENCH=1 KLING_LIBRARY="$home/Library" \
  "$unpacked/usr/bin/kling-studio" >"$log" 2>&1 &
app_pid=$!
for _ in $(seq 1 240); do
  grep -qx READY "$log" && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$log" >&2; fail "the packaged app exited before its window was ready"; }
  sleep 0.5
done
grep -qx READY "$log" || { tail -n 40 "$log" >&2; fail "the packaged app showed no interactive window within 120 s"; }
echo "check-package: $(basename "$deb") ($(du -h "$deb" | cut -f1)) is complete; the app inside starts (sandbox) and kling $version runs${rpm:+; $(basename "$rpm") is an RPM of $version}"
