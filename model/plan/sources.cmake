target_sources(nslab_model PRIVATE plan/plan.h plan/import.h plan/plan.cpp plan/capture.cpp plan/import.cpp)
