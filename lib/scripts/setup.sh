#!/usr/bin/env bash
# Installs what NotebookKit needs on a Debian/Ubuntu machine, idempotently:
#   g++ and patchelf   the TorchSharp native fix (see native-fix/), only where libstdc++ is old;
#                      the C compiler (gcc comes with g++) also builds the MKL dispatch library
#                      (lib/NotebookKit/Torch/Native/) that lets MKL use AMD processors' fast kernels
#   bubblewrap         the sandbox the grade command runs each submission in
#   chromium           the headless browser test that checks the book's charts are really drawn
#   python3-nbformat   the test that validates executed notebooks against the nbformat schema
#   python3-jupyter-client, python3-nbclient, jupyter-nbconvert, jupyter-notebook
#                      the Jupyter clients the kit's kernel is tested with (protocol, every chapter, browser)
#   npm packages       KaTeX for the book's offline maths (lib/NotebookKit.Runner/BookAssets)
# Usage: setup.sh [--no-browser]   (--no-browser: only what building the book needs, not what the tests need)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

packages=()
command -v g++ >/dev/null 2>&1 || packages+=(g++)
command -v patchelf >/dev/null 2>&1 || packages+=(patchelf)
if [ $want_browser = 1 ]; then
  command -v bwrap >/dev/null 2>&1 || packages+=(bubblewrap)
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import nbformat" >/dev/null 2>&1 || packages+=(python3-nbformat)
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import jupyter_client" >/dev/null 2>&1 || packages+=(python3-jupyter-client)
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import nbclient" >/dev/null 2>&1 || packages+=(python3-nbclient)
  command -v jupyter-nbconvert >/dev/null 2>&1 || packages+=(jupyter-nbconvert)
  command -v jupyter-notebook >/dev/null 2>&1 || packages+=(jupyter-notebook)
fi
if [ ${#packages[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install: ${packages[*]} (no apt-get on this system)" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "setup: installing ${packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

assets="$root/lib/NotebookKit.Runner/BookAssets"
if [ ! -f "$assets/node_modules/katex/dist/katex.min.js" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm is needed once to fetch KaTeX for the book (apt-get install npm)" >&2
    exit 1
  fi
  echo "setup: installing the book's npm assets"
  (cd "$assets" && npm ci --no-audit --no-fund --silent)
fi
