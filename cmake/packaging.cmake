# `make install` (cmake --install) and `make package` (CPack, a Debian package).
#
# Installed layout, below the prefix (/usr in the package, /usr/local by default otherwise):
#   bin/rightfit                         the analyzer
#   lib/rightfit/clang-tidy/librightfit-tidy.so   the clang-tidy module (clang-tidy-19 --load=)
#   lib/rightfit/cpp/librightfit-cpp.so  the C++ front-end (Clang), loaded by bin/rightfit from
#                                        ../lib/rightfit/cpp/ when a C++ file must be parsed
#   share/doc/rightfit/                  README, integration guides, rules/*.md help pages
# Nothing installed reads the build or source tree at run time: help pages and the
# aws-lambda-cpp stand-in header are compiled in; the one absolute path the binary keeps is
# Clang's resource directory (RIGHTFIT_CLANG_RESOURCE_DIR, /usr/lib/llvm-19/lib/clang/19), which
# the package depends on (libclang-common-19-dev).
include(GNUInstallDirs)

# A fixed directory, not CMAKE_INSTALL_LIBDIR: the module is loaded by path, and the documented
# path should not depend on the multiarch triplet. Not lib/rightfit itself: CPack adds ldconfig
# calls to the package scripts for shared objects in lib/*/, useless for a module nothing links.
set(RIGHTFIT_INSTALL_PLUGINDIR lib/rightfit/clang-tidy)
# Fixed relative to bin/ (parsers/cpp/cpp_module_loader.cpp finds it from /proc/self/exe).
set(RIGHTFIT_INSTALL_CPPDIR lib/rightfit/cpp)
set(RIGHTFIT_INSTALL_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/rightfit)

install(TARGETS rightfit RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS rightfit-tidy LIBRARY DESTINATION ${RIGHTFIT_INSTALL_PLUGINDIR})
install(TARGETS rightfit-cpp LIBRARY DESTINATION ${RIGHTFIT_INSTALL_CPPDIR})
install(FILES ${HELP_PAGES} DESTINATION ${RIGHTFIT_INSTALL_DOCDIR}/rules)
install(FILES README.md CHANGELOG.md DESTINATION ${RIGHTFIT_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${RIGHTFIT_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")
# Debian policy: the license in /usr/share/doc/<package>/copyright (machine-readable format).
install(FILES packaging/copyright DESTINATION ${RIGHTFIT_INSTALL_DOCDIR})
foreach(guide github pre-commit lsp vscode)
  install(FILES integrations/${guide}/README.md DESTINATION ${RIGHTFIT_INSTALL_DOCDIR}/${guide})
endforeach()
# For a `language: system` pre-commit hook in one's own repository (local hooks).
install(FILES .pre-commit-hooks.yaml DESTINATION ${RIGHTFIT_INSTALL_DOCDIR}/pre-commit)

# --- the Debian package ---
set(RIGHTFIT_PACKAGE_MAINTAINER "rightfit maintainers <rightfit@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rightfit)
set(CPACK_PACKAGE_VERSION ${RIGHTFIT_VERSION})
set(CPACK_PACKAGE_CONTACT ${RIGHTFIT_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "static analyzer: workloads on the wrong compute platform (Lambda vs ECS/Fargate)")
# CPack puts the summary first.
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "rightfit reads CloudFormation/SAM, Terraform, Serverless, CDK assemblies, Kubernetes\n"
    "manifests, Dockerfiles and Lambda handler code (C++, Python, JavaScript, TypeScript)\n"
    "and reports every mismatch between a workload and AWS Lambda or ECS/Fargate, at the\n"
    "line to change. The C++ handler checks are also a clang-tidy module:\n"
    "clang-tidy-19 --load=/usr/${RIGHTFIT_INSTALL_PLUGINDIR}/librightfit-tidy.so")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/rightfit/rightfit)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # rightfit_<version>_<arch>.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # the RelWithDebInfo binary is ~120 MB with its debug info
find_program(RIGHTFIT_DPKG dpkg)
if(RIGHTFIT_DPKG)
  execute_process(COMMAND ${RIGHTFIT_DPKG} --print-architecture
                  OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

# Clang's resource headers (stddef.h, ...) that parsing C++ handlers needs: no shared library
# names them, so they are declared whichever way the library dependencies are found.
set(RIGHTFIT_RESOURCE_HEADERS_PACKAGE "libclang-common-19-dev")
# dpkg-shlibdeps (dpkg-dev; CPack also needs `file`) derives the library packages, with
# versions, from the binaries; without it, the list `objdump -p` and `dpkg -S` give on Debian 12.
find_program(RIGHTFIT_DPKG_SHLIBDEPS dpkg-shlibdeps)
find_program(RIGHTFIT_FILE file)
if(RIGHTFIT_DPKG_SHLIBDEPS AND RIGHTFIT_FILE)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS ${RIGHTFIT_RESOURCE_HEADERS_PACKAGE})
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libclang-cpp19, libllvm19, libyaml-cpp0.7, libgvc6, libcgraph6, libcdt5, libstdc++6, libgcc-s1, libc6, ${RIGHTFIT_RESOURCE_HEADERS_PACKAGE}")
  if(RIGHTFIT_SANITIZE)
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libasan8, libubsan1")
  endif()
endif()
# The C++ standard headers, for handlers that include them; clang-tidy to load the module.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libstdc++-12-dev")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "clang-tidy-19")
include(CPack)
