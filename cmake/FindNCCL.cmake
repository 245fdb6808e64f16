# Finds NCCL and the CUDA runtime. Defines NCCL_FOUND and the imported target NCCL::NCCL
# (nccl + cudart, with their include directories). Looks in $CUDA_HOME and /usr/local/cuda.
set(_nccl_hints $ENV{CUDA_HOME} $ENV{NCCL_HOME} /usr/local/cuda)
find_path(NCCL_INCLUDE_DIR nccl.h HINTS ${_nccl_hints} PATH_SUFFIXES include)
find_library(NCCL_LIBRARY nccl HINTS ${_nccl_hints} PATH_SUFFIXES lib64 lib)
find_path(CUDART_INCLUDE_DIR cuda_runtime.h HINTS ${_nccl_hints} PATH_SUFFIXES include)
find_library(CUDART_LIBRARY cudart HINTS ${_nccl_hints} PATH_SUFFIXES lib64 lib)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(NCCL REQUIRED_VARS NCCL_INCLUDE_DIR NCCL_LIBRARY CUDART_INCLUDE_DIR CUDART_LIBRARY)
if(NCCL_FOUND AND NOT TARGET NCCL::NCCL)
  add_library(NCCL::NCCL INTERFACE IMPORTED)
  set_target_properties(NCCL::NCCL PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${NCCL_INCLUDE_DIR};${CUDART_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${NCCL_LIBRARY};${CUDART_LIBRARY}")
endif()
