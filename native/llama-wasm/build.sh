#!/usr/bin/env bash
# Builds Edgewise's llama.cpp for the browser, twice, from the pinned llama.cpp commit:
#   simd128  emscripten 3.1.6 (clang 14), ggml's wasm SIMD128 kernels compiled in (EMSCRIPTEN_SYSTEM_PROCESSOR=wasm)
#   relaxed  the same, with ggml-cpu-quants.c compiled by clang-19 -mrelaxed-simd (relaxed-dot Q4_0/Q8_0 kernels)
# Both with pthreads (ggml's threadpool) and the Q8 activation rounding fix. Output: static/llama-wasm/<flavour>/
# and static/llama-wasm/provenance.json. Sources: $LLAMA_CPP_SRC (a checkout of the pinned commit) or the git
# mirror at $LLAMA_CPP_GIT (default /work/.mirror/ggerganov+llama.cpp/repo). Run with `npm run build:llama-wasm`.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PIN_COMMIT=c392e5094deaf2d1a7c18683214f007fad3fe42b
PIN_REPO=https://github.com/ggerganov/llama.cpp
WORK="${EW_BUILD_DIR:-$HERE/.build}"
OUT="$ROOT/static/llama-wasm"
FLAVOURS="${EW_FLAVOURS:-simd128 relaxed}"
JOBS="${EW_JOBS:-2}"
LLAMA_CPP_GIT="${LLAMA_CPP_GIT:-/work/.mirror/ggerganov+llama.cpp/repo}"
# emcc's JavaScript tools need Debian's node modules (acorn); binaryen 108's wasm-opt must never see the
# relaxed build (it rewrites the relaxed dot as an old prototype opcode): links run at -O0 for binaryen,
# which leaves the wasm as wasm-ld wrote it (the code itself is optimised by clang at -O3).
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
export EM_CACHE="${EM_CACHE:-/usr/share/emscripten/cache}"

mkdir -p "$WORK"
SRC="$WORK/llama.cpp"
if [ -n "${LLAMA_CPP_SRC:-}" ]; then
	rm -rf "$SRC" && cp -r "$LLAMA_CPP_SRC" "$SRC"
elif [ ! -f "$SRC/.edgewise-commit" ] || [ "$(cat "$SRC/.edgewise-commit")" != "$PIN_COMMIT" ]; then
	rm -rf "$SRC" && mkdir -p "$SRC"
	# The model blobs are not in the mirror; git archive stops at them, so they are excluded.
	git --git-dir="$LLAMA_CPP_GIT" archive "$PIN_COMMIT" -- ggml src include common cmake CMakeLists.txt LICENSE \
		| tar -x -C "$SRC"
	echo "$PIN_COMMIT" >"$SRC/.edgewise-commit"
fi
if ! grep -q "Edgewise" "$SRC/ggml/src/ggml-cpu/ggml-cpu-quants.c"; then
	patch -d "$SRC" -p1 <"$HERE/patches/ggml-cpu-quants-wasm.patch"
	# llama.cpp (src/) uses C++ exceptions for ordinary control flow (llama-chat.cpp's template lookup,
	# the model loader's errors): only its library gets emscripten's exception catching; ggml stays without.
	printf '\nif (EMSCRIPTEN)\n    target_compile_options(llama PRIVATE -fexceptions)\nendif()\n' >>"$SRC/src/CMakeLists.txt"
fi

COMMON_FLAGS="-O3 -DNDEBUG -msimd128 -pthread"
EM_FLAGS=(
	-O3 -pthread -msimd128
	-sMODULARIZE=1 -sEXPORT_NAME=createEdgewiseLlama -sENVIRONMENT=web,worker
	-sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sMAXIMUM_MEMORY=4GB -sTOTAL_STACK=4MB
	-sPTHREAD_POOL_SIZE=4 -sFILESYSTEM=1 -sWASM_BIGINT=1
	-sEXPORTED_RUNTIME_METHODS=FS,ccall,cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8
	-sEXPORTED_FUNCTIONS=_malloc,_free
	-fexceptions
	--no-entry
)

configure_and_build() {
	local flavour=$1 dir="$WORK/build-$1"
	emcmake cmake -S "$SRC" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
		-DGGML_NATIVE=OFF -DGGML_OPENMP=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
		-DLLAMA_BUILD_SERVER=OFF -DEMSCRIPTEN_SYSTEM_PROCESSOR=wasm -DGGML_WASM_SINGLE_FILE=OFF \
		-DLLAMA_WASM_SINGLE_FILE=OFF -DCMAKE_C_FLAGS="$COMMON_FLAGS" -DCMAKE_CXX_FLAGS="$COMMON_FLAGS" >"$dir.configure.log"
	nice cmake --build "$dir" --target llama -j "$JOBS" >"$dir.build.log"
}

# The relaxed kernels need clang >= 15 (emscripten 3.1.6's clang 14 has no relaxed dot builtin): the one file
# is compiled by clang-19 for emscripten's target and sysroot, then put in place of clang 14's object.
relaxed_kernels() {
	local dir="$WORK/build-relaxed"
	local obj
	obj="$(find "$dir" -name 'ggml-cpu-quants.c.o' | head -1)"
	local sysroot="$EM_CACHE/sysroot"
	clang-19 --target=wasm32-unknown-emscripten --sysroot="$sysroot" -isystem "$sysroot/include" \
		-D__EMSCRIPTEN__ -D_GNU_SOURCE -DNDEBUG -DGGML_USE_CPU -D_XOPEN_SOURCE=600 \
		-O3 -msimd128 -mrelaxed-simd -pthread -matomics -mbulk-memory -mno-reference-types -mno-multivalue \
		-std=gnu11 -I"$SRC/ggml/include" -I"$SRC/ggml/src" -I"$SRC/ggml/src/ggml-cpu" \
		-c "$SRC/ggml/src/ggml-cpu/ggml-cpu-quants.c" -o "$obj"
	local lib
	lib="$(find "$dir" -name 'libggml-cpu.a' | head -1)"
	emar r "$lib" "$obj"
}

link() {
	local flavour=$1 dir="$WORK/build-$1"
	mkdir -p "$OUT/$flavour"
	local libs
	libs=$(find "$dir" -name 'libllama.a' -o -name 'libggml.a' -o -name 'libggml-base.a' -o -name 'libggml-cpu.a' | sort)
	# -O3 compiles; the link step's binaryen passes stay off (-O0 at link: see above).
	# Only the C API catches C++ exceptions (-fexceptions): a throw inside llama.cpp unwinds to its guards.
	em++ -O3 -pthread -msimd128 -fexceptions -std=c++17 -I"$SRC/include" -I"$SRC/ggml/include" \
		-c "$HERE/edgewise-llama.cpp" -o "$dir/edgewise-llama.o"
	em++ -O3 -pthread -msimd128 -std=c++17 -I"$SRC/ggml/include" -c "$HERE/edgewise-kernels.cpp" \
		-o "$dir/edgewise-kernels.o"
	em++ "${EM_FLAGS[@]/-O3/-O0}" "$dir/edgewise-llama.o" "$dir/edgewise-kernels.o" -Wl,--start-group $libs -Wl,--end-group \
		-o "$OUT/$flavour/edgewise-llama.js"
}

for flavour in $FLAVOURS; do
	echo "== $flavour"
	configure_and_build "$flavour"
	[ "$flavour" = relaxed ] && relaxed_kernels
	link "$flavour"
done
node "$HERE/provenance.mjs" "$OUT" "$PIN_REPO" "$PIN_COMMIT"
