target_sources(nslab_model PRIVATE kernel/state.h kernel/kernel.h)
