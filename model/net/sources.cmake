target_sources(nslab_model PRIVATE net/ipv4.h net/ipv4.cpp)
