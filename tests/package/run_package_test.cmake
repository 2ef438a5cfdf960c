# cmake -P script behind the package tests (see CMakeLists.txt next to it).
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
if(NOT CONSUMER)
  set(CONSUMER consumer)
endif()
set(consumer ${JUMPFLOW_SOURCE_DIR}/tests/package/${CONSUMER})
if(MODE STREQUAL "find_package")
  run(${CMAKE_COMMAND} --install ${JUMPFLOW_BUILD_DIR} --prefix ${WORK_DIR}/prefix)
  run(${CMAKE_COMMAND} -S ${consumer} -B ${WORK_DIR}/build -G ${GENERATOR}
      -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCONSUMER_MODE=find_package)
else()
  # The whole library is compiled again here: without optimisation (no build type), which
  # checks the same thing (it configures, builds, links and runs as a subproject) in a third
  # of the time of a Release build.
  run(${CMAKE_COMMAND} -S ${consumer} -B ${WORK_DIR}/build -G ${GENERATOR}
      -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=
      -DCONSUMER_MODE=add_subdirectory -DJUMPFLOW_SOURCE_DIR=${JUMPFLOW_SOURCE_DIR})
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
# RUNNER: a launcher (e.g. mpiexec -np 2), '|'-separated.
string(REPLACE "|" ";" runner "${RUNNER}")
run(${runner} ${WORK_DIR}/build/consumer)
