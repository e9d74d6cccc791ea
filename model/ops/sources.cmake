target_sources(nslab_model PRIVATE ops/ops.h ops/ops.cpp)
