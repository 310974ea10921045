#!/usr/bin/env bash
# Makes TorchSharp's native library load on systems whose libstdc++ predates GCC 13
# (Debian 12, Ubuntu 22.04): libLibTorchSharp.so asks for GLIBCXX_3.4.32 for exactly one
# function, std::ios_base_library_init(). This script
#   1. does nothing unless this is Linux x64 and the system libstdc++ lacks GLIBCXX_3.4.32;
#   2. builds a tiny shim library that defines that function in version GLIBCXX_3.4.32;
#   3. patches the copy of libLibTorchSharp.so in the NuGet package folder: the version
#      requirement is marked weak and the shim becomes a NEEDED library (absolute path).
# Every build output, test run, the notebook engine and benchmark child processes copy the
# native library from that package folder, so they all get the patched file. System files are
# never touched. Safe to run many times and from parallel builds.
#
# Usage: torchsharp-native-fix.sh <nuget-packages-root> <torchsharp-version>
set -euo pipefail

packages_root=${1:?usage: torchsharp-native-fix.sh <nuget-packages-root> <torchsharp-version>}
version=${2:?usage: torchsharp-native-fix.sh <nuget-packages-root> <torchsharp-version>}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
needed_version=GLIBCXX_3.4.32
shim_name=libnotebookkit_glibcxx_shim.so

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || exit 0

native_dir="$packages_root/torchsharp/$version/runtimes/linux-x64/native"
target="$native_dir/libLibTorchSharp.so"
# The shim, the original file and the lock live outside runtimes/, so NuGet never lists them
# as native assets to copy into outputs.
fix_dir="$packages_root/torchsharp/$version/notebookkit-native-fix"
shim="$fix_dir/$shim_name"
if [ ! -f "$target" ]; then
  echo "notebookkit native fix: $target not found (has the TorchSharp $version package been restored?)" >&2
  exit 1
fi

system_libstdcxx=$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p) | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
if [ -n "$system_libstdcxx" ] && grep -q "$needed_version" "$system_libstdcxx"; then
  exit 0 # the system libstdc++ is new enough: TorchSharp loads as shipped
fi

# Already patched? (the shim is NEEDED and present)
if command -v patchelf >/dev/null 2>&1 && [ -f "$shim" ] \
   && patchelf --print-needed "$target" 2>/dev/null | grep -qx "$shim"; then
  exit 0
fi

missing=()
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v patchelf >/dev/null 2>&1 || missing+=(patchelf)
if [ ${#missing[@]} -gt 0 ]; then
  cat >&2 <<MSG
error NKNATIVE: TorchSharp cannot load on this system as shipped: the system libstdc++
(${system_libstdcxx:-not found}) lacks $needed_version, which libLibTorchSharp.so requires.
NotebookKit fixes this automatically at build time, but it needs: ${missing[*]}
Install them and build again, e.g.:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}
MSG
  exit 1
fi

mkdir -p "$fix_dir"
exec 9>"$fix_dir/lock"
flock 9
# Re-check under the lock: a parallel build may have finished the job.
if [ -f "$shim" ] && patchelf --print-needed "$target" | grep -qx "$shim"; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O2 -shared -fPIC -Wl,--version-script="$here/glibcxx_shim.map" \
    -o "$work/$shim_name" "$here/glibcxx_shim.cpp"
g++ -O2 -o "$work/weaken_verneed" "$here/weaken_verneed.cpp"

[ -f "$fix_dir/libLibTorchSharp.so.orig" ] || cp -p "$target" "$fix_dir/libLibTorchSharp.so.orig"
cp "$fix_dir/libLibTorchSharp.so.orig" "$work/libLibTorchSharp.so"
"$work/weaken_verneed" "$work/libLibTorchSharp.so" "$needed_version"
patchelf --add-needed "$shim" "$work/libLibTorchSharp.so"

install -m 0755 "$work/$shim_name" "$shim.tmp"
mv -f "$shim.tmp" "$shim"
install -m 0755 "$work/libLibTorchSharp.so" "$target.tmp"
mv -f "$target.tmp" "$target"
echo "notebookkit native fix: patched $target (system libstdc++ lacks $needed_version)"
