# modelsat_add_plugin(<target> SOURCES <files...> [LIBRARIES <libs...>]): builds a plugin as a MODULE library
# named libmodelsat_<target>.so in <build>/lib/modelsat/plugins, where `modelsat` finds it (in-tree), or in the
# caller's own build tree (out of tree: pass it to `modelsat --plugin-dir`). Works in-tree and after
# find_package(modelsat).
include_guard(GLOBAL)
include(GNUInstallDirs)

function(modelsat_add_plugin target)
  cmake_parse_arguments(PLUGIN "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT PLUGIN_SOURCES)
    message(FATAL_ERROR "modelsat_add_plugin(${target}): SOURCES is required")
  endif()
  if(NOT target MATCHES "^[a-z][a-z0-9_]*$")
    message(FATAL_ERROR "modelsat_add_plugin(${target}): the name must match [a-z][a-z0-9_]*")
  endif()
  if(NOT PLUGIN_OUTPUT_DIRECTORY)
    set(PLUGIN_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib/modelsat/plugins)
  endif()
  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE modelsat::modelsat ${PLUGIN_LIBRARIES})
  if(TARGET modelsat_warnings)
    target_link_libraries(${target} PRIVATE modelsat_warnings)
  endif()
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME modelsat_${target}
    PREFIX lib
    LIBRARY_OUTPUT_DIRECTORY ${PLUGIN_OUTPUT_DIRECTORY}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    INSTALL_RPATH "$ORIGIN/../.."
    INSTALL_RPATH_USE_LINK_PATH ON)
  set_property(GLOBAL APPEND PROPERTY MODELSAT_PLUGIN_TARGETS ${target})
  if(MODELSAT_IN_TREE)
    install(TARGETS ${target} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/modelsat/plugins)
  endif()
endfunction()
