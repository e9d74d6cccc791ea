target_sources(nslab_model PRIVATE
  sim/sim.h sim/sim.cpp
  sim/snapshot.h sim/snapshot.cpp
  sim/walker.h sim/walker.cpp sim/explain.cpp
  sim/routeformat.h sim/routeformat.cpp)
