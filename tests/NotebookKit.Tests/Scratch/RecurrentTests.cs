using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Scratch;
using NotebookKit.Tests.Support;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Scratch;

/// <summary>RNN, LSTM and GRU from scratch: finite differences, and equality with nn.RNN / nn.LSTM / nn.GRU.</summary>
public sealed class RecurrentTests
{
    public static TheoryData<string> Kinds() => ["rnn", "lstm", "gru"];

    private static Recurrent Create(string kind, int input, int hidden, int seed) => kind switch
    {
        "rnn" => new SimpleRnn(input, hidden, seed),
        "lstm" => new Lstm(input, hidden, seed),
        _ => new Gru(input, hidden, seed),
    };

    private static IReadOnlyList<Matrix<double>> Sequence(int steps, int batch, int width, int seed) =>
        Enumerable.Range(0, steps).Select(t => Compare.RandomMatrix(batch, width, seed * 100 + t)).ToArray();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void BackpropagationThroughTime_MatchesFiniteDifferences(string kind)
    {
        var layer = Create(kind, input: 3, hidden: 4, seed: 1);
        var report = GradientCheck.Sequence(layer, Sequence(5, 2, 3, seed: 2));
        Assert.True(report.Passed(1e-6), $"{kind}:\n{report}");
        Assert.Equal(4 + 5 + 1, report.Entries.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SharedWeights_SameOutputsFinalStatesAndGradientsAsTorch(string kind)
    {
        const int steps = 6, batch = 3, input = 4, hidden = 5;
        var scratch = Create(kind, input, hidden, seed: 3);
        var xs = Sequence(steps, batch, input, seed: 4);
        var h0 = Compare.RandomMatrix(batch, hidden, seed: 5, scale: 0.5);
        var c0 = Compare.RandomMatrix(batch, hidden, seed: 6, scale: 0.5);
        var isLstm = kind == "lstm";
        var output = scratch.Forward(xs, h0, isLstm ? c0 : null);
        var outputWeights = Sequence(steps, batch, hidden, seed: 7);
        var finalWeights = Compare.RandomMatrix(batch, hidden, seed: 8);
        var cellWeights = Compare.RandomMatrix(batch, hidden, seed: 9);
        scratch.ZeroGrad();
        var gradients = scratch.Backward(outputWeights, finalWeights, isLstm ? cellWeights : null);

        using var scope = torch.NewDisposeScope();
        nn.Module module = kind switch
        {
            "rnn" => nn.RNN(input, hidden, dtype: ScalarType.Float64),
            "lstm" => nn.LSTM(input, hidden, dtype: ScalarType.Float64),
            _ => nn.GRU(input, hidden, dtype: ScalarType.Float64),
        };
        NotebookKit.Torch.RecurrentWeights.CopyFrom(scratch, module);
        var x = TensorConvert.ToTensor(xs).requires_grad_(true);                   // (T, B, I)
        var h = TensorConvert.ToTensor(h0).unsqueeze(0).requires_grad_(true);      // (1, B, H)
        var c = TensorConvert.ToTensor(c0).unsqueeze(0).requires_grad_(true);      // (1, B, H)
        Tensor outputs, hn, cn;
        switch (module)
        {
            case TorchSharp.Modules.LSTM lstm: (outputs, hn, cn) = lstm.forward(x, (h, c)); break;
            case TorchSharp.Modules.GRU gru: (outputs, hn) = gru.forward(x, h); cn = torch.zeros(1); break;
            case TorchSharp.Modules.RNN rnn: (outputs, hn) = rnn.forward(x, h); cn = torch.zeros(1); break;
            default: throw new InvalidOperationException();
        }
        var loss = (outputs * TensorConvert.ToTensor(outputWeights)).sum() + (hn.squeeze(0) * TensorConvert.ToTensor(finalWeights)).sum();
        if (isLstm) loss = loss + (cn.squeeze(0) * TensorConvert.ToTensor(cellWeights)).sum();
        loss.backward();

        var torchOutputs = TensorConvert.ToSteps(outputs);
        for (var t = 0; t < steps; t++) Compare.Close(output.Outputs[t], torchOutputs[t], 1e-9, $"{kind} output at step {t}");
        Compare.Close(output.FinalHidden, TensorConvert.ToMatrix(hn.squeeze(0)), 1e-9, $"{kind} final hidden state");
        if (isLstm) Compare.Close(output.FinalCell!, TensorConvert.ToMatrix(cn.squeeze(0)), 1e-9, "lstm final cell state");
        var named = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Compare.Close(scratch.WeightIh.Grad, TensorConvert.ToMatrix(named["weight_ih_l0"].grad!), 1e-9, $"{kind} weight_ih gradient");
        Compare.Close(scratch.WeightHh.Grad, TensorConvert.ToMatrix(named["weight_hh_l0"].grad!), 1e-9, $"{kind} weight_hh gradient");
        Compare.Close(scratch.BiasIh.Grad, TensorConvert.ToMatrix(named["bias_ih_l0"].grad!.unsqueeze(0)), 1e-9, $"{kind} bias_ih gradient");
        Compare.Close(scratch.BiasHh.Grad, TensorConvert.ToMatrix(named["bias_hh_l0"].grad!.unsqueeze(0)), 1e-9, $"{kind} bias_hh gradient");
        var torchInputGradients = TensorConvert.ToSteps(x.grad!);
        for (var t = 0; t < steps; t++) Compare.Close(gradients.Inputs[t], torchInputGradients[t], 1e-9, $"{kind} input gradient at step {t}");
        Compare.Close(gradients.InitialHidden, TensorConvert.ToMatrix(h.grad!.squeeze(0)), 1e-9, $"{kind} initial state gradient");
        if (isLstm) Compare.Close(gradients.InitialCell!, TensorConvert.ToMatrix(c.grad!.squeeze(0)), 1e-9, "lstm initial cell state gradient");
        else Assert.Null(gradients.InitialCell);
        module.Dispose();
    }

    [Fact]
    public void Rnn_GradientFromTheLastStep_ShrinksGeometricallyWithDistance()
    {
        // Small recurrent weights: every step back multiplies the gradient by a factor below one.
        var rnn = new SimpleRnn(1, 8, seed: 10);
        rnn.WeightHh.Value.MapInplace(v => v * 0.5);
        var xs = Sequence(30, 1, 1, seed: 11);
        var output = rnn.Forward(xs);
        var gradients = rnn.Backward(null, Matrix<double>.Build.Dense(1, 8, 1.0));
        Assert.True(gradients.HiddenNorms[0] < gradients.HiddenNorms[^1] * 1e-4, $"norm at step 1: {gradients.HiddenNorms[0]:e2}, at step 30: {gradients.HiddenNorms[^1]:e2}");
        Assert.Equal(30, output.Outputs.Count);
    }

    [Fact]
    public void EmptySequence_IsRejected()
    {
        Assert.Contains("empty sequence", Assert.Throws<ArgumentException>(() => new Lstm(2, 3).Forward([])).Message);
    }

    [Fact]
    public void MismatchedBatchSizes_NameTheStep()
    {
        var xs = new[] { Matrix<double>.Build.Dense(2, 3), Matrix<double>.Build.Dense(4, 3) };
        var error = Assert.Throws<ArgumentException>(() => new Gru(3, 5).Forward(xs));
        Assert.Contains("Expected every step of shape (B = 2, I = 3), got (4, 3) at step 1", error.Message);
    }

    [Fact]
    public void WrongInitialStateShape_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new SimpleRnn(3, 5).Forward([Matrix<double>.Build.Dense(2, 3)], Matrix<double>.Build.Dense(2, 4)));
        Assert.Contains("initial state of shape (2, 5), got (2, 4)", error.Message);
    }
}
