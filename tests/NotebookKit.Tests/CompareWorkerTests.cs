using System.Text.Json;
using System.Text.RegularExpressions;
using NotebookKit.Benchmarks.Compare;

namespace NotebookKit.Tests;

/// <summary>The kit's side of the PyTorch comparison speaks its line protocol and offers the same workloads as the PyTorch side.</summary>
public sealed class CompareWorkerTests
{
    [Fact]
    public void Worker_AnswersInfoAndRuns_AndReportsBadCommandsWithoutStopping()
    {
        var input = new StringReader("info\nrun op-add 1 3\nrun mlp-tiny 2 4\nrun mlp-tiny-scratch 0 2\nrun gpt-generate-cache-v65 0 1\nfly away\nrun no-such-workload 0 1\nquit\nrun op-add 0 1\n");
        var output = new StringWriter();
        Assert.Equal(0, Worker.Serve(input, output));
        var answers = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(7, answers.Count);                                                      // nothing after quit
        Assert.True(answers[0].GetProperty("threads").GetInt32() >= 1);
        Assert.Contains("TorchSharp", answers[0].GetProperty("framework").GetString());
        foreach (var (answer, name, count, calls) in new[] { (answers[1], "op-add", 3, 1000), (answers[2], "mlp-tiny", 4, 1), (answers[3], "mlp-tiny-scratch", 2, 1), (answers[4], "gpt-generate-cache-v65", 1, 1) })
        {
            Assert.Equal(name, answer.GetProperty("workload").GetString());
            var times = answer.GetProperty("ms").EnumerateArray().Select(t => t.GetDouble()).ToList();
            Assert.Equal(count, times.Count);
            Assert.All(times, t => Assert.True(t > 0));
            Assert.Equal(calls, answer.GetProperty("calls_per_unit").GetInt32());
        }
        Assert.Contains("Expected 'info'", answers[5].GetProperty("error").GetString());
        Assert.Contains("gpt-train-v65", answers[6].GetProperty("error").GetString());       // the message lists the workloads there are
    }

    [Fact]
    public void BothSides_OfferTheSameWorkloads_AndTheDriverPlansEachOnce()
    {
        var folder = Path.Combine(RepoRoot.Path, "tests", "NotebookKit.Benchmarks", "Compare");
        static string[] KeysOf(string file, string opening)
        {
            var text = File.ReadAllText(file);
            var start = text.IndexOf(opening, StringComparison.Ordinal);
            var block = text[start..text.IndexOf("\n}", start, StringComparison.Ordinal)];
            return Regex.Matches(block, "^\\s+\"([a-z0-9-]+)\":", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        }
        var torchSide = KeysOf(Path.Combine(folder, "torch_worker.py"), "WORKLOADS = {");
        var plan = KeysOf(Path.Combine(folder, "compare_with_pytorch.py"), "PLAN = {");
        Assert.Equal(KitWorkloads.Names, torchSide);
        Assert.Equal(KitWorkloads.Names, plan);
    }
}
