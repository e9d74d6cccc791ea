target_sources(nslab_model PRIVATE topology/topology.h topology/topology.cpp
               topology/edits.h topology/edits.cpp topology/document.h topology/document.cpp)
