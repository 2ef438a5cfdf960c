# cmake -DWORKDIR=<dir> [-DSHOW=<command line>] -P run_capture.cmake -- <output file> <program> [args...]
# Runs the program in WORKDIR and writes its standard output to the file, after a line
# "$ <SHOW>" when SHOW is given (the command as a reader would type it); fails (and removes the
# file) when the program fails, so a broken example breaks the docs build.
set(args "")
set(seen_separator OFF)
foreach(i RANGE 1 ${CMAKE_ARGC})
  if(i EQUAL CMAKE_ARGC)
    break()
  endif()
  if(seen_separator)
    list(APPEND args "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(seen_separator ON)
  endif()
endforeach()
list(POP_FRONT args output)
file(MAKE_DIRECTORY ${WORKDIR})
execute_process(COMMAND ${args} WORKING_DIRECTORY ${WORKDIR} OUTPUT_FILE ${output}.tmp
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${output}.tmp)
  message(FATAL_ERROR "docs: `${args}` failed (${status})")
endif()
if(DEFINED SHOW)
  file(READ ${output}.tmp text)
  file(WRITE ${output}.tmp "$ ${SHOW}\n${text}")
endif()
file(RENAME ${output}.tmp ${output})
