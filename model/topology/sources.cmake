target_sources(nslab_model PRIVATE topology/topology.h topology/topology.cpp)
