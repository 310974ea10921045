// Engine tests run one class after another: two engine processes training with libtorch on the same
// two cores slow each other far more than twice (libtorch's threads wait on each other), so the
// quick chain beside the grading tests took 17 minutes instead of 9 plus 3.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
