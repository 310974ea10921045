// libtorch has one random generator per process: a test that seeds it and then builds or trains a
// model must not have another test drawing numbers from it at the same time. Test classes therefore
// run one after another (each test still uses libtorch's own threads inside its operations).
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
