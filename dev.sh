#!/usr/bin/env bash
# nslab developer entry point.
#   ./dev.sh run    install what is missing, build, open the designer on a bundled lab
#   ./dev.sh test   install what is missing, build, run every test
#   ./dev.sh build  install what is missing and build only
#   ./dev.sh deps   install the Debian packages only
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${NSLAB_BUILD_DIR:-build}
JOBS=${NSLAB_JOBS:-$(nproc)}

# Debian 12 packages needed to build, test and run nslab.
PACKAGES=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6svg6-dev
  libnl-3-dev libnl-route-3-dev libspdlog-dev
  iproute2 iputils-ping util-linux
  xvfb xauth fonts-dejavu-core
  desktop-file-utils appstream libxml2-utils polkitd pkexec dbus dpkg-dev file
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "dev.sh: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {
  install_deps
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fi
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

run_tests() {
  build
  # The differential and apply suites need root for namespaces; they skip (and say so) otherwise.
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" "$@"
}

run_app() {
  build
  local lab=resources/labs/calico-two-hosts.json
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$BUILD_DIR/bin/nslab" ]; then
    exec "$BUILD_DIR/bin/nslab" "$lab" "$@"
  fi
  echo "dev.sh: no display found, so here is the bundled lab from the command line."
  echo "        To see the designer: run this from a desktop session, or: xvfb-run ./dev.sh run"
  echo
  for node in $("$BUILD_DIR/bin/nslab-cli" nodes "$lab" 2>/dev/null || true); do
    echo "== ip -n $node route show"
    "$BUILD_DIR/bin/nslab-cli" routes "$lab" "$node"
  done
  echo "== reachability (node, address, ping exit code)"
  "$BUILD_DIR/bin/nslab-cli" matrix "$lab" || true
}

case "${1:-}" in
  run) shift; run_app "$@" ;;
  test) shift; run_tests "$@" ;;
  build) build ;;
  deps) install_deps ;;
  *) echo "usage: ./dev.sh run|test|build|deps" >&2; exit 2 ;;
esac
