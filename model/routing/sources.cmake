target_sources(nslab_model PRIVATE routing/calico.h routing/calico.cpp)
target_sources(nslab_model PRIVATE routing/hostgateway.h routing/hostgateway.cpp routing/bridge.h routing/bridge.cpp)
