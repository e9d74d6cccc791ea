// kernel_emulate SCRIPT — the emulator's answer for an ip/sysctl script in krecord.sh's format.
// Developer oracle: diff <(tests/kernel/krecord.sh S) <(build/tests/kernel_emulate S)
#include "recording.h"

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: kernel_emulate SCRIPT\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "kernel_emulate: cannot read " << argv[1] << "\n";
        return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::cout << nslab::kerneltest::emulatorRecording(ss.str());
    return 0;
}
