using NotebookKit.Benchmarks;

namespace NotebookKit.Tests;

/// <summary>The benchmarks' code runs and trains (timings themselves are measured only by the benchmark project).</summary>
public sealed class BenchmarkSmokeTests
{
    [Theory]
    [InlineData("tiny 2-16-1 b32")]
    [InlineData("medium 784-128-10 b64")]
    public void TrainingStep_BothImplementations_RunAndLowerTheLoss(string network)
    {
        var benchmark = new TrainingStepBenchmarks { Network = network };
        benchmark.Setup();
        try
        {
            var scratchFirst = benchmark.ScratchStep();
            var torchFirst = benchmark.TorchStep();
            double scratchLast = scratchFirst, torchLast = torchFirst;
            for (var i = 0; i < 30; i++) { scratchLast = benchmark.ScratchStep(); torchLast = benchmark.TorchStep(); }
            Assert.True(scratchLast < scratchFirst, $"scratch loss {scratchFirst} -> {scratchLast}");
            Assert.True(torchLast < torchFirst, $"TorchSharp loss {torchFirst} -> {torchLast}");
        }
        finally
        {
            benchmark.Cleanup();
        }
    }
}
