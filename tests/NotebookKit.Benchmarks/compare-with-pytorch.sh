#!/usr/bin/env bash
# Times the kit against PyTorch on this machine, workload by workload, interleaved in one run
# (see Compare/compare_with_pytorch.py). Installs Debian's python3-torch and OpenBLAS (OpenMP build)
# when missing, builds the benchmarks in Release, and prints the table.
#   bash tests/NotebookKit.Benchmarks/compare-with-pytorch.sh [--reps 5] [--only gpt-train-v65 ...] [--json FILE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python=/usr/bin/python3                      # Debian's python modules belong to the system interpreter

if ! "$python" -c "import torch" 2>/dev/null; then
  echo "Installing Debian's python3-torch and OpenBLAS (OpenMP build)…"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-torch libopenblas0-openmp >/dev/null
fi
blas="$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || true)"
case "$blas" in
  *openblas*) ;;
  *) echo "Note: PyTorch will use $blas; Debian's fastest choice here is OpenBLAS with OpenMP:"
     echo "  sudo apt-get install libopenblas0-openmp && sudo update-alternatives --config libblas.so.3-x86_64-linux-gnu" ;;
esac

dotnet build "$root/tests/NotebookKit.Benchmarks" -c Release -nologo -v q >/dev/null
exec "$python" "$here/Compare/compare_with_pytorch.py" \
  --kit "dotnet $root/tests/NotebookKit.Benchmarks/bin/Release/net10.0/NotebookKit.Benchmarks.dll --worker" "$@"
