/*
 * oneMKL (linked into libtorch_cpu.so) asks these two functions whether the CPU is Intel's, and on any other
 * vendor's CPU it ignores the CPU's feature flags and runs its generic kernels. Answering 1 makes it choose its
 * kernels from the feature flags alone (AVX-512 and AVX2 on AMD Zen 4/5). Loaded into the global symbol scope
 * before MKL's first call, these definitions win over libtorch's own. See Torch/MklVendorGate.cs.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
int mkl_serv_intel_cpu(void) { return 1; }
