// Marks one version requirement of an ELF64 shared object as weak (VER_FLG_WEAK), so the
// dynamic loader no longer refuses to load the file when that version is missing from the
// system library. Usage: weaken_verneed <file.so> <version-name>
// Exit codes: 0 changed or already weak, 1 bad usage or I/O, 2 version requirement not found.
#include <elf.h>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <file.so> <version-name>\n", argv[0]);
        return 1;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) { std::fprintf(stderr, "cannot read %s\n", argv[1]); return 1; }
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    if (bytes.size() < sizeof(Elf64_Ehdr) || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0 ||
        bytes[EI_CLASS] != ELFCLASS64) {
        std::fprintf(stderr, "%s is not a 64-bit ELF file\n", argv[1]);
        return 1;
    }
    auto* header = reinterpret_cast<Elf64_Ehdr*>(bytes.data());
    auto* sections = reinterpret_cast<Elf64_Shdr*>(bytes.data() + header->e_shoff);
    for (int i = 0; i < header->e_shnum; ++i) {
        if (sections[i].sh_type != SHT_GNU_verneed) continue;
        const char* strings = bytes.data() + sections[sections[i].sh_link].sh_offset;
        size_t needOffset = sections[i].sh_offset;
        for (;;) {
            auto* need = reinterpret_cast<Elf64_Verneed*>(bytes.data() + needOffset);
            size_t auxOffset = needOffset + need->vn_aux;
            for (int a = 0; a < need->vn_cnt; ++a) {
                auto* aux = reinterpret_cast<Elf64_Vernaux*>(bytes.data() + auxOffset);
                if (std::strcmp(strings + aux->vna_name, argv[2]) == 0) {
                    if (aux->vna_flags & VER_FLG_WEAK) return 0;
                    aux->vna_flags |= VER_FLG_WEAK;
                    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
                    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                    return out ? 0 : 1;
                }
                auxOffset += aux->vna_next;
            }
            if (need->vn_next == 0) break;
            needOffset += need->vn_next;
        }
    }
    std::fprintf(stderr, "%s has no requirement on version %s\n", argv[1], argv[2]);
    return 2;
}
