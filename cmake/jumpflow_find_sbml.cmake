# Finds libsbml through pkg-config (target PkgConfig::JUMPFLOW_SBML). libsbml's own CMake
# package is not usable from a C++-only project on Debian 12 (its FindLIBXML needs the C
# language), while its libsbml.pc is.
macro(jumpflow_find_sbml)
  find_package(PkgConfig ${ARGN})
  if(PkgConfig_FOUND)
    pkg_check_modules(JUMPFLOW_SBML ${ARGN} IMPORTED_TARGET libsbml)
  endif()
endmacro()
