// nslab: the designer. A thin main over nslab_gui (see application.h for the command line).
#include "application.h"

int main(int argc, char *argv[])
{
    return nslab::gui::runApplication(argc, argv);
}
