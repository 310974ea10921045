using NotebookKit.Modules;
using NotebookKit.Text;
using NotebookKit.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

public sealed class ContiguousOptimizerTests
{
    private static Gpt NewModel(ScalarType dtype = ScalarType.Float64) => new(GptConfig.Tiny(11), seed: 3, dtype: dtype);

    private static (Tensor X, Tensor Y) Batch(int step)
    {
        var random = new Random(50 + step);
        var all = torch.tensor(Enumerable.Range(0, 4 * 9).Select(_ => (long)random.Next(11)).ToArray()).view(4, 9);
        return (all[.., ..8], all[.., 1..]);
    }

    private static double Step(Gpt model, OptimizerHelper optimizer, int step, double? rate = null)
    {
        using var scope = torch.NewDisposeScope();
        if (rate is { } r) foreach (var group in optimizer.ParamGroups) group.LearningRate = r;
        var (x, y) = Batch(step);
        optimizer.zero_grad();
        var loss = model.Loss(x, y);
        loss.backward();
        optimizer.step();
        return loss.to_type(ScalarType.Float64).item<double>();
    }

    private static double LargestDifference(Gpt a, Gpt b) =>
        a.parameters().Zip(b.parameters()).Max(pair => (pair.First - pair.Second).abs().max().to_type(ScalarType.Float64).item<double>());

    [Fact]
    public void TwentySteps_EqualTorchAdamW_WithAChangingLearningRate()
    {
        using var reference = NewModel();
        using var model = NewModel();
        var theirs = torch.optim.AdamW(reference.parameters(), 0.01, weight_decay: 0.1);
        var ours = new ContiguousAdamW(model.parameters(), 0.01, weight_decay: 0.1);
        for (var step = 0; step < 20; step++)
        {
            var rate = 0.01 * (1 + Math.Cos(step / 20.0 * Math.PI)) / 2;     // a schedule through ParamGroups, as the chapters set it
            var expected = Step(reference, theirs, step, rate);
            Assert.Equal(expected, Step(model, ours, step, rate), 12);
        }
        Assert.True(LargestDifference(reference, model) < 1e-12, $"parameters differ by {LargestDifference(reference, model):e2}");
        Assert.True(LargestDifference(reference, model) >= 0);
        Assert.Equal(model.parameters().Sum(p => p.numel()), ours.Count);
    }

    /// <summary>
    /// In float32 too the buffer's update is the same arithmetic, element by element: not a bit
    /// differs after 20 steps from torch.optim.AdamW, nor, without weight decay, from torch.optim.Adam
    /// (the Trainer uses it for OptimizerKind.Adam).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TwentyFloat32Steps_EqualTorchAdamWAndAdam_BitForBit(bool weightDecay)
    {
        using var reference = NewModel(ScalarType.Float32);
        using var model = NewModel(ScalarType.Float32);
        OptimizerHelper theirs = weightDecay ? torch.optim.AdamW(reference.parameters(), 0.01, weight_decay: 0.1) : torch.optim.Adam(reference.parameters(), 0.01);
        var ours = new ContiguousAdamW(model.parameters(), 0.01, weight_decay: weightDecay ? 0.1 : 0);
        for (var step = 0; step < 20; step++) Assert.Equal(Step(reference, theirs, step), Step(model, ours, step));
        Assert.Equal(0.0, LargestDifference(reference, model));
    }

    [Fact]
    public void ParametersLiveInTheBuffer_SoTheModelTrainsAndItsStateDictIsUnchanged()
    {
        using var model = NewModel(ScalarType.Float32);
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var optimizer = new ContiguousAdamW(model.parameters(), 0.01);
        foreach (var (name, tensor) in model.state_dict()) Assert.True(tensor.eq(before[name]).all().item<bool>(), name);   // moving into the buffer changes no value
        var first = Step(model, optimizer, 0);
        for (var step = 1; step < 30; step++) Step(model, optimizer, 0);
        Assert.True(Step(model, optimizer, 0) < first - 0.5, "the loss on one repeated batch falls");
        foreach (var (name, tensor) in model.state_dict()) Assert.False(tensor.eq(before[name]).all().item<bool>(), $"{name} was updated");
    }

    [Fact]
    public void SavedAndLoadedState_ResumesExactly_AndModelZeroGradDoesNotDetachTheGradients()
    {
        using var straight = NewModel();
        var straightOptimizer = new ContiguousAdamW(straight.parameters(), 0.02);
        var expected = Enumerable.Range(0, 6).Select(s => Step(straight, straightOptimizer, s)).ToArray();

        using var first = NewModel();
        var firstOptimizer = new ContiguousAdamW(first.parameters(), 0.02);
        var losses = Enumerable.Range(0, 3).Select(s => Step(first, firstOptimizer, s)).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"nk-adamw-{Guid.NewGuid():N}");
        try
        {
            GptCheckpoint.Save(path, first, CharVocabulary.Build(["abcdefghi"]), firstOptimizer, step: 3, losses);
            using var resumed = NewModel();
            resumed.zero_grad();                                                   // TorchSharp may drop the gradients: the optimizer re-attaches them
            var resumedOptimizer = new ContiguousAdamW(resumed.parameters(), 0.02);
            GptCheckpoint.LoadInto(path, resumed, CharVocabulary.Build(["abcdefghi"]), resumedOptimizer);
            losses.AddRange(Enumerable.Range(3, 3).Select(s => Step(resumed, resumedOptimizer, s)));
        }
        finally { File.Delete(path); }
        Assert.Equal(expected, losses);
    }

    [Fact]
    public void ContiguousSgd_EqualsTorchSgd_OnAnMlp()
    {
        using var reference = new NotebookKit.Modules.Mlp([3, 8, 8, 2], ActivationKind.Tanh, ScalarType.Float64, seed: 4);
        using var model = new NotebookKit.Modules.Mlp([3, 8, 8, 2], ActivationKind.Tanh, ScalarType.Float64, seed: 4);
        var theirs = torch.optim.SGD(reference.parameters(), 0.1);
        var ours = new ContiguousSgd(model.parameters(), 0.1);
        var random = new Random(8);
        for (var step = 0; step < 20; step++)
        {
            var x = torch.tensor(Enumerable.Range(0, 15).Select(_ => random.NextDouble()).ToArray(), [5, 3], ScalarType.Float64);
            var y = torch.tensor(Enumerable.Range(0, 5).Select(i => (long)(i % 2)).ToArray());
            var rate = step < 10 ? 0.1 : 0.05;
            foreach (var optimizer in new OptimizerHelper[] { theirs, ours })
                foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
            double Step(NotebookKit.Modules.Mlp m, OptimizerHelper o)
            {
                o.zero_grad();
                var loss = nn.functional.cross_entropy(m.forward(x), y);
                loss.backward();
                o.step();
                return loss.item<double>();
            }
            Assert.Equal(Step(reference, theirs), Step(model, ours));
        }
        var largest = reference.parameters().Zip(model.parameters()).Max(pair => (pair.First - pair.Second).abs().max().item<double>());
        Assert.Equal(0.0, largest);
        var moved = reference.parameters().Zip(new NotebookKit.Modules.Mlp([3, 8, 8, 2], ActivationKind.Tanh, ScalarType.Float64, seed: 4).parameters())
            .Max(pair => (pair.First - pair.Second).abs().max().item<double>());
        Assert.True(moved > 1e-3, "training moved the weights");
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => new ContiguousSgd(model.parameters().Append(model.parameters().First()), 0.1)).Message);
    }

    [Fact]
    public void BadInput_IsAClearError()
    {
        using var model = NewModel();
        var twice = model.parameters().Take(2).Append(model.parameters().First());
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => new ContiguousAdamW(twice)).Message);
        Assert.Contains("at least one parameter", Assert.Throws<ArgumentException>(() => new ContiguousAdamW([])).Message);
        using var mixed = nn.Linear(2, 2);
        Assert.Contains("one dtype", Assert.Throws<ArgumentException>(() => new ContiguousAdamW(model.parameters().Take(1).Concat(mixed.parameters()))).Message);
        var optimizer = new ContiguousAdamW(model.parameters());
        Assert.Throws<NotSupportedException>(() => optimizer.add_param_group(new AdamW.ParamGroup(mixed.parameters())));
    }
}
