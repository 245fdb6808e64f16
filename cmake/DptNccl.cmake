# Decides DPT_HAVE_NCCL from DPT_WITH_NCCL: AUTO (the default: use CUDA+NCCL when found, e.g. in
# /usr/local/cuda), ON (required: not finding them is a configure error), OFF (never).
set(DPT_HAVE_NCCL OFF)
if(NOT DPT_WITH_NCCL MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "DPT_WITH_NCCL=${DPT_WITH_NCCL}: expected AUTO, ON or OFF")
endif()
if(NOT DPT_WITH_NCCL STREQUAL "OFF")
  find_package(NCCL)
  if(NCCL_FOUND)
    set(DPT_HAVE_NCCL ON)
  elseif(DPT_WITH_NCCL STREQUAL "ON")
    message(FATAL_ERROR "DPT_WITH_NCCL=ON but the CUDA runtime and NCCL >= 2.14 were not found "
                        "(looked in CUDA_HOME, NCCL_HOME, /usr/local/cuda; found nccl.h: ${NCCL_INCLUDE_DIR}, "
                        "libnccl: ${NCCL_LIBRARY}, libcudart: ${CUDART_LIBRARY}). "
                        "Install them, point CUDA_HOME/NCCL_HOME at them, or use -DDPT_WITH_NCCL=OFF.")
  endif()
endif()
if(DPT_HAVE_NCCL)
  message(STATUS "dptrain: NCCL backend ON (NCCL ${NCCL_VERSION}, ${NCCL_LIBRARY})")
else()
  message(STATUS "dptrain: NCCL backend OFF")
endif()
