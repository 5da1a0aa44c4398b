# `modelsat serve`: the HTTP routing server (cpp-httplib, Debian's compiled library) on the native int8 runtime
# (msq_runtime from wasm/), serving the page in web/ and the Emscripten build of the runtime beside it.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

set(MODELSAT_WASM_OUTPUT_DIR "${PROJECT_SOURCE_DIR}/build-wasm" CACHE PATH
  "Folder with msq_router.js and msq_router.wasm (the Emscripten build of wasm/) that `modelsat serve` serves by default")

target_sources(modelsat_cli PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../cli/cmd_serve.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_api.cpp
  ${CMAKE_CURRENT_LIST_DIR}/request_body.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routing_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stop_on_signal.cpp)
target_include_directories(modelsat_cli PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(modelsat_cli PRIVATE msq_runtime PkgConfig::HTTPLIB Threads::Threads)
target_compile_definitions(modelsat_cli PRIVATE
  MODELSAT_WEB_SOURCE_DIR="${PROJECT_SOURCE_DIR}/web"
  MODELSAT_WASM_BUILD_DIR="${MODELSAT_WASM_OUTPUT_DIR}")

install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/modelsat/web
  PATTERN screenshots EXCLUDE)
install(FILES ${MODELSAT_WASM_OUTPUT_DIR}/msq_router.js ${MODELSAT_WASM_OUTPUT_DIR}/msq_router.wasm
  DESTINATION ${CMAKE_INSTALL_DATADIR}/modelsat/web OPTIONAL)
