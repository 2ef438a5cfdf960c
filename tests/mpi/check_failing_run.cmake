# cmake -P script behind mpi.failing_rank.*: runs COMMAND (a list), and passes when it exits
# non-zero, within LIMIT seconds, with EXPECT in its output.
string(REPLACE "|" ";" command "${COMMAND}")
string(TIMESTAMP t0 "%s")
execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
  TIMEOUT ${LIMIT})
string(TIMESTAMP t1 "%s")
math(EXPR elapsed "${t1} - ${t0}")
message(STATUS "exit status ${rc} after ${elapsed} s\n${out}\n${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "the failing run exited with status 0")
endif()
if(NOT rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "the failing run did not end by itself within ${LIMIT} s: ${rc}")
endif()
string(FIND "${out}${err}" "${EXPECT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the output lacks the failing rank's message '${EXPECT}'")
endif()
