using NotebookKit.Tests.Shared;
using NotebookKit.Torch;
using TorchSharp;

namespace NotebookKit.Tests.Torch;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void TensorOperation_RunsOnCpu_GivesExactResult()
    {
        TorchRuntime.EnsureLoaded();
        using var a = torch.arange(6, dtype: torch.ScalarType.Float64).reshape(2, 3); // (2, 3)
        using var gram = a.matmul(a.T);                                               // (2, 2)
        Assert.Equal(new long[] { 2, 2 }, gram.shape);
        Assert.Equal(new[] { 5.0, 14.0, 14.0, 50.0 }, gram.data<double>().ToArray());
    }

    [Fact]
    public void Threads_IsPositive()
    {
        Assert.InRange(TorchRuntime.Threads, 1, Environment.ProcessorCount * 2);
    }

    [Fact]
    public void TorchSharpVersion_MatchesThePinnedPackage()
    {
        Assert.Equal(PinnedVersions.Of("TorchSharp"), TorchRuntime.TorchSharpVersion);
    }
}
