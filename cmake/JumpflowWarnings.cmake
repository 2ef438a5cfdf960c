# jumpflow_set_warnings(<target>): our warning flags, PRIVATE to our own targets only,
# so consumers never inherit them.
function(jumpflow_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion)
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
      # clang's -Wconversion also warns on every signed/unsigned index conversion (Eigen's
      # indices are signed, the standard containers' unsigned); GCC's does not in C++. The same
      # warning set on both compilers.
      target_compile_options(${target} PRIVATE -Wno-sign-conversion)
    endif()
    if(JUMPFLOW_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${JUMPFLOW_WERROR}>:/WX>)
  endif()
endfunction()
