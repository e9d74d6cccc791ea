target_sources(nslab_model PRIVATE io/labfile.h io/labfile.cpp io/jsonwriter.h io/jsonwriter.cpp io/labload.cpp)
