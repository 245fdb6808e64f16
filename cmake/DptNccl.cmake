# Decides DPT_HAVE_NCCL from DPT_WITH_NCCL (AUTO/ON/OFF); ON without CUDA+NCCL is a configure error.
set(DPT_HAVE_NCCL OFF)
if(NOT DPT_WITH_NCCL STREQUAL "OFF")
  find_package(NCCL)
  if(NCCL_FOUND)
    set(DPT_HAVE_NCCL ON)
  elseif(DPT_WITH_NCCL STREQUAL "ON")
    message(FATAL_ERROR "DPT_WITH_NCCL=ON but CUDA runtime and NCCL were not found "
                        "(looked in CUDA_HOME, /usr/local/cuda). Install them or use -DDPT_WITH_NCCL=OFF.")
  endif()
endif()
message(STATUS "dptrain: NCCL backend ${DPT_HAVE_NCCL}")
