#!/usr/bin/env bash
# Installs modelsat to a temporary prefix, builds plugins/example_router as a separate project against the installed
# CMake package, and loads it with the installed `modelsat`. Usage: out_of_tree_plugin.sh SOURCE BUILD CMAKE GENERATOR
set -euo pipefail
source_dir=$1 build_dir=$2 cmake=$3 generator=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cmake" --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
cp -r "$source_dir/plugins/example_router" "$work/my_router"
"$cmake" -S "$work/my_router" -B "$work/my_router/build" -G "$generator" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release > "$work/configure.log"
"$cmake" --build "$work/my_router/build" > "$work/build.log"

plugin_dir="$work/my_router/build/lib/modelsat/plugins"
test -f "$plugin_dir/libmodelsat_example_router.so" || { echo "FAIL: plugin library not built in $plugin_dir"; exit 1; }

listing=$(MODELSAT_PLUGIN_PATH= "$work/prefix/bin/modelsat" --no-builtin-plugins --plugin-dir "$plugin_dir" plugins --json)
echo "$listing" | grep -q "\"library\": \"$plugin_dir/libmodelsat_example_router.so\"" \
  || { echo "FAIL: the out-of-tree plugin was not listed:"; echo "$listing"; exit 1; }

# With the installed built-in plugins too, the same router name is a duplicate: both files must be named.
if MODELSAT_PLUGIN_PATH= "$work/prefix/bin/modelsat" --plugin-dir "$plugin_dir" plugins 2> "$work/dup.err"; then
  echo "FAIL: loading two example_router plugins succeeded"; exit 1
fi
grep -q "duplicate plugin 'example_router'" "$work/dup.err" || { echo "FAIL: unexpected error:"; cat "$work/dup.err"; exit 1; }
echo "out-of-tree plugin built against $work/prefix and loaded"
