using NotebookKit.Data;
using NotebookKit.Modules;
using NotebookKit.Scratch;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Modules;

/// <summary>The TorchSharp modules of Parts I–II, on their own (the chapters use them too).</summary>
public sealed class ModuleTests
{
    [Theory]
    [InlineData(true, 8 * 1 * 9 + 8 + 16 * 8 * 9 + 16 + 16 * 4 + 4)]
    [InlineData(false, 8 * 1 * 9 + 8 + 16 * 8 * 9 + 16 + 16 * 4 * 4 * 4 + 4)]
    public void SmallCnn_GivesLogitsPerClass_WithTheParameterCountOfItsHead(bool globalPooling, long parameters)
    {
        using var scope = torch.NewDisposeScope();
        using var cnn = new SmallCnn(imageSize: 16, classes: 4, globalPooling: globalPooling, seed: 1);
        Assert.Equal(parameters, cnn.parameters().Sum(p => p.numel()));
        var logits = cnn.forward(torch.rand(3, 1, 16, 16));                     // (B, K)
        Assert.Equal(new long[] { 3, 4 }, logits.shape);
        Assert.Equal(new long[] { 3, 8, 16, 16 }, cnn.FirstFeatureMaps(torch.rand(3, 1, 16, 16)).shape);
        Assert.Contains("(B, 1, 16, 16)", Assert.Throws<ArgumentException>(() => cnn.forward(torch.rand(3, 1, 12, 12))).Message);
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void SequenceClassifier_BiasesOnlyTheMemoryGate(RecurrentKind kind)
    {
        using var model = new SequenceClassifier(kind, symbols: 8, classes: 8, hiddenSize: 5, memoryGateBias: 3.0, seed: 1);
        var bias = model.Recurrent.named_parameters().First(p => p.name == "bias_ih_l0").parameter.data<float>().ToArray();
        // Gate 1 (LSTM forget, GRU update) is set to the bias; the other gates keep their small random values.
        Assert.All(bias[5..10], b => Assert.Equal(3.0f, b));
        Assert.All(bias[..5].Concat(bias[10..]), b => Assert.InRange(b, -0.5f, 0.5f));
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void SequenceClassifier_WithoutAGateBias_KeepsPyTorchsDefault(RecurrentKind kind)
    {
        using var model = new SequenceClassifier(kind, symbols: 8, classes: 8, hiddenSize: 5, memoryGateBias: null, seed: 1);
        var bias = model.Recurrent.named_parameters().First(p => p.name == "bias_ih_l0").parameter.data<float>().ToArray();
        var bound = 1 / MathF.Sqrt(5);                                           // PyTorch: uniform in ±1/√R
        Assert.All(bias, b => Assert.InRange(b, -bound, bound));
        Assert.Contains(bias[5..10], b => b != 0);                                // random, not zeroed
    }

    [Theory]
    [InlineData(RecurrentKind.Rnn, 1)]
    [InlineData(RecurrentKind.Lstm, 4)]
    [InlineData(RecurrentKind.Gru, 3)]
    public void SequenceClassifier_OrthogonalRecurrent_MakesEveryGateBlockOrthogonal(RecurrentKind kind, int blocks)
    {
        using var scope = torch.NewDisposeScope();
        using var model = new SequenceClassifier(kind, symbols: 8, classes: 8, hiddenSize: 6, orthogonalRecurrent: true, seed: 1);
        var weight = model.Recurrent.named_parameters().First(p => p.name == "weight_hh_l0").parameter.detach();   // (G·R, R)
        Assert.Equal(new long[] { blocks * 6, 6 }, weight.shape);
        for (var g = 0; g < blocks; g++)
        {
            var block = weight[TensorIndex.Slice(g * 6, (g + 1) * 6)];             // (R, R)
            var gram = block.matmul(block.T);
            Assert.True(gram.allclose(torch.eye(6), atol: 1e-5), $"block {g}: W Wᵀ should be the identity");
        }
    }

    [Fact]
    public void SequenceClassifier_Rnn_HasNoGateToBias_AndClassifiesFromTheLastState()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new SequenceClassifier(RecurrentKind.Rnn, symbols: 8, classes: 3, hiddenSize: 5, seed: 1);
        Assert.All(model.Recurrent.named_parameters().First(p => p.name == "bias_ih_l0").parameter.data<float>().ToArray(), b => Assert.InRange(b, -0.5f, 0.5f));
        var ids = TensorConvert.Ids([[1, 2, 3, 4], [4, 3, 2, 1]]);                 // (B, T)
        Assert.Equal(new long[] { 2, 3 }, model.forward(ids).shape);              // (B, K)
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void RecurrentWeights_CopyTo_IsTheExactInverseOfCopyFrom(string kind)
    {
        Recurrent Make(int seed) => kind switch { "lstm" => new Lstm(3, 4, seed), "gru" => new Gru(3, 4, seed), _ => new SimpleRnn(3, 4, seed) };
        var source = Make(1);
        var target = Make(2);
        using nn.Module module = kind switch
        {
            "lstm" => nn.LSTM(3, 4, dtype: ScalarType.Float64),
            "gru" => nn.GRU(3, 4, dtype: ScalarType.Float64),
            _ => nn.RNN(3, 4, dtype: ScalarType.Float64),
        };
        RecurrentWeights.CopyFrom(source, module);
        RecurrentWeights.CopyTo(module, target);
        foreach (var (mine, theirs) in source.Parameters.Zip(target.Parameters))
            Assert.True(mine.Value.Equals(theirs.Value), $"{kind} {mine.Name} changed on the way through TorchSharp");
        Assert.Contains("weight_ih_l0: the module has", Assert.Throws<ArgumentException>(() => RecurrentWeights.CopyTo(module, kind == "lstm" ? new Lstm(3, 5) : new Gru(3, 5))).Message);
    }

    [Fact]
    public void Lstm_GateHistory_AveragesEachGateOverTheBatch_PerUnitAndStep()
    {
        var lstm = new Lstm(2, 3, seed: 1);
        var random = new Random(2);
        var steps = Enumerable.Range(0, 4).Select(_ => Matrices.Uniform(random, 5, 2)).ToList();
        Assert.Empty(lstm.GateHistory);
        lstm.Forward(steps);
        var history = lstm.GateHistory;
        Assert.Equal(4, history.Count);
        Assert.All(history, g => Assert.Equal(3, g.Forget.Length));
        // Step 0 from h₀ = 0: the forget gate is σ(x W_fᵀ + b_f), averaged over the 5 rows.
        var a = steps[0].TransposeAndMultiply(lstm.WeightIh.Value);
        for (var unit = 0; unit < 3; unit++)
        {
            var expected = Enumerable.Range(0, 5).Average(r => Activations.Sigmoid(a[r, 3 + unit] + lstm.BiasIh.Value[0, 3 + unit] + lstm.BiasHh.Value[0, 3 + unit]));
            Assert.Equal(expected, history[0].Forget[unit], 12);
        }
    }

    [Fact]
    public void MemoryTask_RecallFirst_LabelIsTheFirstSymbol_AndIsSeeded()
    {
        var (sequences, labels) = MemoryTasks.RecallFirst(200, length: 12, symbols: 5, seed: 3);
        Assert.Equal(200, sequences.Length);
        Assert.All(sequences, s => Assert.Equal(12, s.Length));
        Assert.All(sequences.SelectMany(s => s), v => Assert.InRange(v, 0, 4));
        Assert.Equal(sequences.Select(s => s[0]), labels);
        Assert.Equal(5, labels.Distinct().Count());
        Assert.Equal(sequences[7], MemoryTasks.RecallFirst(200, length: 12, symbols: 5, seed: 3).Sequences[7]);
        Assert.NotEqual(labels, MemoryTasks.RecallFirst(200, length: 12, symbols: 5, seed: 4).Labels);
    }

    [Fact]
    public void Ids_UnevenSequences_SayWhichAndHowToFix()
    {
        var error = Assert.Throws<ArgumentException>(() => TensorConvert.Ids([[1, 2], [1, 2, 3]]));
        Assert.Contains("got 3 at index 1", error.Message);
        Assert.Contains("SequenceBatch.Pad", error.Message);
    }
}
