#!/usr/bin/env bash
# Builds the native reference (native-check.cpp) from the same extracted, patched llama.cpp that build.sh
# uses (run build.sh first, or EW_FLAVOURS= build.sh to only extract): plain cmake + gcc, CPU backend.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="${EW_BUILD_DIR:-$HERE/.build}"
SRC="$WORK/llama.cpp"
DIR="$WORK/build-native"
cmake -S "$SRC" -B "$DIR" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_OPENMP=OFF -DLLAMA_CURL=OFF \
	-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF >"$DIR.configure.log"
nice cmake --build "$DIR" --target llama -j "${EW_JOBS:-2}" >"$DIR.build.log"
libs=$(find "$DIR" -name 'libllama.a' -o -name 'libggml.a' -o -name 'libggml-base.a' -o -name 'libggml-cpu.a' | sort)
g++ -O2 -std=c++17 -I"$SRC/include" -I"$SRC/ggml/include" "$HERE/native-check.cpp" "$HERE/edgewise-llama.cpp" \
	-Wl,--start-group $libs -Wl,--end-group -lpthread -o "$WORK/native-check"
echo "$WORK/native-check"
