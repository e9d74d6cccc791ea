target_sources(nslab_model PRIVATE routing/calico.h routing/calico.cpp)
