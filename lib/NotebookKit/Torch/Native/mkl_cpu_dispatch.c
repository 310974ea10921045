/*
 * libtorch's CPU build carries Intel's MKL inside libtorch_cpu.so for its matrix products. MKL
 * asks this function whether the processor is Intel's and, when it answers no, runs its generic
 * kernels even on a CPU with AVX2 or AVX-512 (on AMD processors, about 1.6x slower for the
 * (64 x 784)(784 x 128) products of chapter 04's MLP). MKL still checks the instruction sets
 * themselves before using them, so answering yes only lifts the vendor test. The kit loads this
 * library with RTLD_GLOBAL before libtorch (Torch/MklCpuDispatch.cs), so libtorch's call binds
 * here; see the README's Benchmarks section.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
