# The version rightfit reports (`rightfit --version`, SARIF's tool.driver.version, the .deb),
# from the release tag: semver tags `vMAJOR.MINOR.PATCH` (see CHANGELOG.md). A build at the tag
# is that version; a build after it is `<tag>+<commits>.g<hash>` (semver build metadata); a
# tree without git or without a tag is PROJECT_VERSION. -DRIGHTFIT_VERSION=x.y.z overrides.
set(RIGHTFIT_VERSION "" CACHE STRING "Version to report (default: from the git tag)")
if(NOT RIGHTFIT_VERSION)
  set(RIGHTFIT_VERSION ${PROJECT_VERSION})
  find_package(Git QUIET)
  if(GIT_FOUND AND EXISTS ${CMAKE_SOURCE_DIR}/.git)
    execute_process(COMMAND ${GIT_EXECUTABLE} describe --tags --match "v[0-9]*.[0-9]*.[0-9]*"
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                    OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE described_status ERROR_QUIET)
    if(described_status EQUAL 0 AND described MATCHES "^v([0-9]+\\.[0-9]+\\.[0-9]+)(-([0-9]+)-(g[0-9a-f]+))?$")
      set(RIGHTFIT_VERSION ${CMAKE_MATCH_1})
      if(CMAKE_MATCH_3)
        string(APPEND RIGHTFIT_VERSION "+${CMAKE_MATCH_3}.${CMAKE_MATCH_4}")
      endif()
    endif()
  endif()
endif()
message(STATUS "rightfit version ${RIGHTFIT_VERSION}")
