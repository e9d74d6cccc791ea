target_sources(nslab_model PRIVATE
  kernel/state.h kernel/kernel.h kernel/internal.h
  kernel/state.cpp kernel/fib.cpp kernel/kernel.cpp kernel/show.cpp)
