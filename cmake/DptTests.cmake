# Test helpers. Every test gets a label (its tier) and a timeout.
#   dpt_unit_test(NAME SOURCES... LIBS libs...)          GoogleTest binary, label "unit"
#   dpt_mpi_test(NAME SOURCES... LIBS libs... NP 1 2 3 4) GoogleTest binary with the MPI main
#                                                        of tests/mpi/mpi_gtest_main.cpp,
#                                                        one ctest per world size, label "mpi"
#   dpt_e2e_test(NAME COMMAND cmd... [TIMEOUT s] [LABEL l]) the real binary on real files, label
#                                                        "e2e" (or l: "parity" for the differential
#                                                        tests against the peers)
execute_process(COMMAND id -u OUTPUT_VARIABLE DPT_UID OUTPUT_STRIP_TRAILING_WHITESPACE)
set(DPT_MPIRUN_FLAGS --oversubscribe --bind-to none)
if(DPT_UID STREQUAL "0")
  list(APPEND DPT_MPIRUN_FLAGS --allow-run-as-root)
endif()
set(DPT_MPIRUN_FLAGS ${DPT_MPIRUN_FLAGS} CACHE INTERNAL "flags for mpirun in tests")

function(dpt_unit_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "LIBS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  add_executable(${name} ${T_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  dpt_apply_flags(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT ${T_TIMEOUT})
endfunction()

function(dpt_mpi_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "LIBS;NP" ${ARGN})
  if(NOT T_NP)
    set(T_NP 1 2 3 4)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 180)
  endif()
  add_executable(${name} ${T_UNPARSED_ARGUMENTS} ${PROJECT_SOURCE_DIR}/tests/mpi/mpi_gtest_main.cpp)
  target_link_libraries(${name} PRIVATE ${T_LIBS} dpt_collective GTest::gtest MPI::MPI_CXX)
  dpt_apply_flags(${name})
  foreach(np IN LISTS T_NP)
    add_test(NAME ${name}_np${np}
             COMMAND ${MPIEXEC_EXECUTABLE} ${DPT_MPIRUN_FLAGS} -np ${np} $<TARGET_FILE:${name}>)
    set_tests_properties(${name}_np${np} PROPERTIES LABELS mpi TIMEOUT ${T_TIMEOUT})
  endforeach()
endfunction()

function(dpt_e2e_test name)
  cmake_parse_arguments(T "" "TIMEOUT;LABEL" "COMMAND" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  if(NOT T_LABEL)
    set(T_LABEL e2e)
  endif()
  add_test(NAME ${name} COMMAND ${T_COMMAND})
  string(JOIN " " _flags ${DPT_MPIRUN_FLAGS})  # a plain string: ';' would split ENVIRONMENT
  set_tests_properties(${name} PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "DPTRAIN=$<TARGET_FILE:dptrain>;DPT_MPIRUN=${MPIEXEC_EXECUTABLE};DPT_MPIRUN_FLAGS=${_flags};DPT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# Each tier folder holds one sub-folder per area (tests/unit/gbdt, tests/mpi/collective, ...).
function(dpt_add_area_subdirectories)
  file(GLOB children LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/*)
  foreach(child IN LISTS children)
    if(IS_DIRECTORY ${child} AND EXISTS ${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
