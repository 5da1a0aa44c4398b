# Installs the CLI, the shared platform library, the public headers and a CMake package for out-of-tree plugins.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS modelsat modelsat_cli EXPORT modelsatTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY platform/include/modelsat DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT modelsatTargets NAMESPACE modelsat:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/modelsat)
configure_package_config_file(platform/cmake/modelsatConfig.cmake.in
  ${CMAKE_BINARY_DIR}/modelsatConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/modelsat)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/modelsatConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/modelsatConfig.cmake ${CMAKE_BINARY_DIR}/modelsatConfigVersion.cmake
  platform/cmake/ModelsatPlugin.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/modelsat)
