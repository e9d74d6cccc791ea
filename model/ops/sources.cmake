target_sources(nslab_model PRIVATE ops/ops.h ops/ops.cpp ops/parser.h ops/parser.cpp ops/printer.h ops/printer.cpp ops/names.h ops/names.cpp
               ops/iproute2usage.h)
