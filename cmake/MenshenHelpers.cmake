# menshen_test(NAME SOURCES src... LIBS lib... [LABELS label...] [POSTGRES])
# A gtest binary registered with CTest; unit tests sit beside the code they test. POSTGRES registers it a
# second time, as NAME_pg with the label `postgres`, with MENSHEN_TEST_DATABASE=postgres: its tests that open
# their database through store/sql/test_migrated_database.hpp then run on a PostgreSQL server of their own.
function(menshen_test name)
  if(NOT MENSHEN_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "POSTGRES" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/src)
  add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set(labels unit ${ARG_LABELS})
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" ENVIRONMENT "MENSHEN_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
  if(ARG_POSTGRES)
    target_link_libraries(${name} PRIVATE menshen_test_postgres)
    add_test(NAME ${name}_pg COMMAND ${name} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(${name}_pg PROPERTIES LABELS "postgres;${ARG_LABELS}"
                         ENVIRONMENT "MENSHEN_SOURCE_DIR=${CMAKE_SOURCE_DIR};MENSHEN_TEST_DATABASE=postgres")
  endif()
endfunction()

# menshen_embed(TARGET name NAMESPACE ns BASE dir FILES file...)
# Compiles data files into the binary (catalog, migrations) so that one binary is the whole server.
# Generates `std::span<const menshen::EmbeddedFile> ns::EmbeddedFiles()`; paths are relative to BASE.
function(menshen_embed)
  cmake_parse_arguments(ARG "" "TARGET;NAMESPACE;BASE" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_embedded.cpp)
  set(script ${CMAKE_SOURCE_DIR}/cmake/Embed.cmake)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE} -DBASE=${ARG_BASE}
            "-DFILES=${ARG_FILES}" -P ${script}
    DEPENDS ${ARG_FILES} ${script}
    COMMENT "Embedding ${ARG_TARGET} data"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${out})
endfunction()
