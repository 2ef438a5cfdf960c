# jumpflow_pch_option(<name> <help>): an option that turns a precompiled header on, by default
# with GCC only (with clang a command-line macro that differs from the header's is an error
# rather than a fallback, so a target opts in explicitly, as the asan preset does for tests).
function(jumpflow_pch_option name help)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    option(${name} "${help}" ON)
  else()
    option(${name} "${help}" OFF)
  endif()
endfunction()
