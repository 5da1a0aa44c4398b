# Script mode: fails when the plugin interface headers changed but MSAT_PLUGIN_ABI_VERSION was not bumped.
#   check:  cmake -DSOURCE_DIR=<repo> -P tests/abi/check_abi_lock.cmake
#   update: cmake -DSOURCE_DIR=<repo> -DUPDATE=ON -P tests/abi/check_abi_lock.cmake   (after bumping the version)
set(headers backbone.h component.h encoder.h fingerprint.h plugin.h plugin_abi.h registrar.h router.h types.h)
set(include_dir ${SOURCE_DIR}/platform/include/modelsat)
set(lock_file ${include_dir}/ABI.lock)

set(all "")
foreach(header ${headers})
  file(READ ${include_dir}/${header} text)
  string(APPEND all "== ${header}\n${text}")
endforeach()
string(SHA256 hash "${all}")
file(STRINGS ${include_dir}/plugin_abi.h version_line REGEX "^#define MSAT_PLUGIN_ABI_VERSION [0-9]+")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" version "${version_line}")
set(expected "MSAT_PLUGIN_ABI_VERSION=${version} sha256=${hash}")

if(UPDATE)
  file(WRITE ${lock_file} "${expected}\n")
  message(STATUS "wrote ${lock_file}: ${expected}")
  return()
endif()
file(STRINGS ${lock_file} locked LIMIT_COUNT 1)
if(NOT locked STREQUAL expected)
  string(REGEX REPLACE "^MSAT_PLUGIN_ABI_VERSION=([0-9]+) .*" "\\1" locked_version "${locked}")
  if(locked_version STREQUAL version)
    message(FATAL_ERROR "${lock_file}: plugin interface headers changed but MSAT_PLUGIN_ABI_VERSION is still "
      "${version}: bump it in plugin_abi.h, then refresh the lock with "
      "`cmake -DSOURCE_DIR=. -DUPDATE=ON -P tests/abi/check_abi_lock.cmake` (expected ${locked}, got ${expected})")
  else()
    message(FATAL_ERROR "${lock_file}: MSAT_PLUGIN_ABI_VERSION is ${version} but the lock records ${locked_version}: "
      "refresh the lock with `cmake -DSOURCE_DIR=. -DUPDATE=ON -P tests/abi/check_abi_lock.cmake`")
  endif()
endif()
message(STATUS "plugin ABI ${version}: interface headers match the lock")
