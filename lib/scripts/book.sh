#!/usr/bin/env bash
# Builds the offline HTML book: installs what the book needs (idempotent), builds the kit, runs
# every notebook in notebooks/ in order and writes book/index.html.
# Usage: book.sh [--quick] [--out DIR] [--timeout SECONDS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

bash lib/scripts/setup.sh --no-browser
dotnet build NotebookKit.sln --nologo -v q
dotnet run --no-build --project lib/NotebookKit.Runner -- book --out book "$@"
