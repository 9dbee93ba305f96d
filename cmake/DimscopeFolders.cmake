# SPDX-License-Identifier: MIT
# Folders join the build by existing: every immediate subfolder with a CMakeLists.txt is added, and
# each lists its own sources. A new explorer's folder therefore needs no edit to a shared list.
function(dimscope_add_subfolders)
  file(GLOB children LIST_DIRECTORIES true CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*")
  list(SORT children)
  foreach(child IN LISTS children)
    if(IS_DIRECTORY "${child}" AND EXISTS "${child}/CMakeLists.txt")
      add_subdirectory("${child}")
    endif()
  endforeach()
endfunction()

# One test executable per file named test_*.cpp under the calling folder (any depth), registered
# in CTest as <prefix>.<folder>.<file>, e.g. core.neighbors.test_knn. Extra arguments are the
# libraries each links. Sets DIMSCOPE_ADDED_TESTS and DIMSCOPE_ADDED_TARGETS for the caller. A
# caller may set DIMSCOPE_TESTS_ONLY to a regular expression of file names: then only those.
function(dimscope_add_tests prefix)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/test_*.cpp")
  list(SORT sources)
  if(DIMSCOPE_TESTS_ONLY)
    list(FILTER sources INCLUDE REGEX "/(${DIMSCOPE_TESTS_ONLY})$")
  endif()
  set(names "")
  set(targets "")
  foreach(source IN LISTS sources)
    get_filename_component(name "${source}" NAME_WE)
    get_filename_component(dir "${source}" DIRECTORY)
    file(RELATIVE_PATH folder "${CMAKE_CURRENT_SOURCE_DIR}" "${dir}")
    string(REPLACE "/" "." folder "${folder}")
    set(test_name "${prefix}")
    if(folder)
      string(APPEND test_name ".${folder}")
    endif()
    string(APPEND test_name ".${name}")
    add_executable(${name} "${source}")
    target_link_libraries(${name} PRIVATE ${ARGN})
    add_test(NAME ${test_name} COMMAND ${name})
    list(APPEND names ${test_name})
    list(APPEND targets ${name})
  endforeach()
  set(DIMSCOPE_ADDED_TESTS "${names}" PARENT_SCOPE)
  set(DIMSCOPE_ADDED_TARGETS "${targets}" PARENT_SCOPE)
endfunction()
