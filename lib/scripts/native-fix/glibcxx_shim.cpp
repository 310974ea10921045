// Supplies the one libstdc++ symbol that TorchSharp's native library needs from GCC 13
// (version GLIBCXX_3.4.32) on systems whose libstdc++ stops at GLIBCXX_3.4.30.
// GCC 13 emits a call to it from every translation unit that includes <iostream>; its job is
// to make sure the standard streams are constructed, which a static ios_base::Init does.
#include <ios>

namespace std {
void ios_base_library_init() {
    static ios_base::Init streams_ready;
}
}
