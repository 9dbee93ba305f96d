# SPDX-License-Identifier: MIT
# Read by cpack when it packages: a package compiled for this machine's CPU only says so.
if(CPACK_DIMSCOPE_ARCH STREQUAL "native")
  message(WARNING "dimscope was compiled with -march=native: this package runs only on CPUs with "
    "this machine's instruction set. To share it, configure with -DDIMSCOPE_ARCH=x86-64-v3 (AVX2).")
endif()
