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

    /// <summary>The three variants of the encoder-block benchmark start from the same weights, so their first losses agree; and each trains.</summary>
    [Fact]
    public void EncoderBlockStep_AllVariants_StartEqual_AndLowerTheLoss()
    {
        var first = new Dictionary<string, double>();
        foreach (var variant in new[] { "kit explicit", "kit fused", "built-in" })
        {
            var benchmark = new EncoderBlockBenchmarks { Variant = variant };
            benchmark.Setup();
            try
            {
                first[variant] = benchmark.Step();
                var last = first[variant];
                for (var i = 0; i < 5; i++) last = benchmark.Step();
                Assert.True(last < first[variant], $"{variant}: loss {first[variant]} -> {last}");
            }
            finally
            {
                benchmark.Cleanup();
            }
        }
        Assert.Equal(first["built-in"], first["kit explicit"], 4);
        Assert.Equal(first["built-in"], first["kit fused"], 4);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(4979)]
    public void Gpt_TrainStepLowersTheLoss_AndGenerationAgreesWithAndWithoutTheCache(int vocabulary)
    {
        var benchmark = new GptBenchmarks { Vocabulary = vocabulary };
        benchmark.Setup();
        try
        {
            var first = benchmark.TrainStep();
            var last = first;
            for (var i = 0; i < 5; i++) last = benchmark.TrainStep();
            Assert.True(last < first, $"loss {first} -> {last}");
            Assert.InRange(first, Math.Log(vocabulary) - 0.2, Math.Log(vocabulary) + 0.2);          // GPT-2 initialisation: a uniform guess
            Assert.Equal(benchmark.GenerateRecomputing(), benchmark.GenerateWithCache());
        }
        finally
        {
            benchmark.Cleanup();
        }
    }
}
