using NotebookKit.Modules;
using NotebookKit.Torch;
using TorchSharp;

namespace NotebookKit.Tests.Torch;

/// <summary>
/// libtorch's thread count is one per process: these tests change it, so they run in the
/// non-parallel "environment" collection and put the count back.
/// </summary>
[Collection("environment")]
public sealed class IntraOpThreadsTests
{
    [Fact]
    public void Set_ChangesTheCount_AndDefaultKeepsWhatLibtorchChose()
    {
        var before = torch.get_num_threads();
        try
        {
            var chosen = IntraOpThreads.Default;
            Assert.True(chosen >= 1);
            IntraOpThreads.Set(1);
            Assert.Equal(1, torch.get_num_threads());
            IntraOpThreads.Set(3);
            Assert.Equal(3, torch.get_num_threads());
            Assert.Equal(chosen, IntraOpThreads.Default);
        }
        finally { torch.set_num_threads(before); }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Set_RefusesFewerThanOneThread(int count)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => IntraOpThreads.Set(count));
        Assert.Contains("Expected at least one thread", error.Message);
    }

    [Fact]
    public void One_RunsItsBlockOnOneThread_AndRestoresTheCount_EvenAfterAnError()
    {
        var before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(2);
            using (IntraOpThreads.One()) Assert.Equal(1, torch.get_num_threads());
            Assert.Equal(2, torch.get_num_threads());
            void FailInside()
            {
                using var scope = IntraOpThreads.One();
                throw new InvalidOperationException("inside");
            }
            Assert.Throws<InvalidOperationException>(FailInside);
            Assert.Equal(2, torch.get_num_threads());
        }
        finally { torch.set_num_threads(before); }
    }

    [Fact]
    public void BeamSearch_ScoresPrefixesOnOneThread_ThenRestoresTheCount()
    {
        var before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(2);
            var seen = new List<int>();
            double[][] Next(IReadOnlyList<int[]> prefixes)
            {
                seen.Add(torch.get_num_threads());
                return prefixes.Select(_ => new[] { Math.Log(0.5), Math.Log(0.5) }).ToArray();
            }
            BeamSearch.Run(Next, width: 2, maxLength: 3, endToken: 0);
            Assert.NotEmpty(seen);
            Assert.All(seen, n => Assert.Equal(1, n));
            Assert.Equal(2, torch.get_num_threads());
        }
        finally { torch.set_num_threads(before); }
    }

    [Fact]
    public void GptGenerate_RestoresTheCount_AlsoWhenInterrupted()
    {
        var before = torch.get_num_threads();
        using var model = new Gpt(GptConfig.Tiny(11), seed: 1);
        try
        {
            torch.set_num_threads(2);
            Assert.Equal(5, model.Generate([1], 5, new SamplingOptions { Seed = 1 }).Length);
            Assert.Equal(2, torch.get_num_threads());
            using var interrupt = new CancellationTokenSource();
            interrupt.Cancel();
            Kit.Interruption = interrupt.Token;
            Assert.Throws<OperationCanceledException>(() => model.Generate([1], 5, new SamplingOptions { Seed = 1 }));
            Assert.Equal(2, torch.get_num_threads());
        }
        finally
        {
            Kit.Interruption = default;
            torch.set_num_threads(before);
        }
    }

    [Fact]
    public void KitSetup_WithThreads_SetsThemAndReportsThem()
    {
        var before = torch.get_num_threads();
        try
        {
            var report = Kit.Setup(threads: 1);
            Assert.Equal(1, torch.get_num_threads());
            Assert.Equal(1, report.TorchThreads);
            Assert.Contains("(CPU, 1 thread)", report.ToString());
            Assert.Throws<ArgumentOutOfRangeException>(() => Kit.Setup(threads: 0));
        }
        finally { torch.set_num_threads(before); }
    }
}
