# SPDX-License-Identifier: MIT
# `cpack -G DEB` in the build directory (or `cmake --build build --target package`) turns the install
# rules into dimscope_<version>_<arch>.deb for Debian 12. Build it with -DDIMSCOPE_ARCH=x86-64-v3 to
# share it: the default, native, runs only on CPUs like the build machine's (cpack warns).
set(DIMSCOPE_PACKAGE_MAINTAINER "Seed 614e0e69 maintainers <maintainers@users.noreply.r-seed-614e0e69.example>"
  CACHE STRING "Maintainer field of the .deb")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dimscope)
set(CPACK_PACKAGE_VENDOR "The dimscope authors")
set(CPACK_PACKAGE_CONTACT "${DIMSCOPE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "explore live what makes high-dimensional spaces strange")
# Lines of at most 80 columns, as dpkg and apt show them (cpack indents them for the control file).
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "dimscope is a desktop application for exploring, live, the phenomena that\n"
  "make high-dimensional spaces and neural-network training strange: angles\n"
  "between random vectors concentrating at 90 degrees, the collapsing ball,\n"
  "hubness in k-NN graphs, and the inequality between input- and\n"
  "parameter-gradient penalties. Every simulation is drawn beside its theory\n"
  "curve, and every figure exports at an exact size with the parameters and\n"
  "seed that reproduce it. The same program runs headless from the command line.")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# dpkg-shlibdeps (package dpkg-dev) derives the library packages from the binary's ELF needs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What it cannot see. Qt draws with fontconfig's default sans-serif; any font would do, but the tests
# and figures are checked with DejaVu (scripts/common.sh installs it), so the package asks for it.
# Qt's platform plugins are dlopen()ed, but Debian 12 ships xcb and offscreen inside libqt6gui6,
# which shlibdeps already names; qt6-qpa-plugins holds only vnc and tuiotouch.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")

# cpack reads only CPACK_* variables; this one feeds the -march warning in PackagingChecks.cmake.
set(CPACK_DIMSCOPE_ARCH "${DIMSCOPE_ARCH}")
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_LIST_DIR}/PackagingChecks.cmake")

include(CPack)
