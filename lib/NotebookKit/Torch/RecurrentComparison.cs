using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Scratch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Torch;

/// <summary>
/// Runs a from-scratch recurrent layer and the TorchSharp layer of the same kind (nn.RNN,
/// nn.LSTM, nn.GRU, float64) on shared weights, the same sequence and the same loss
/// L = Σ_t Σ h_t ⊙ R_t, and reports the largest difference of every output and gradient.
/// </summary>
public static class RecurrentComparison
{
    /// <param name="scratch">the from-scratch layer (its gradients are reset and recomputed)</param>
    /// <param name="sequence">T steps (B, I)</param>
    /// <param name="lossWeights">T steps (B, R): the R_t of the loss</param>
    /// <param name="initialHidden">(B, R), zeros when null</param>
    /// <returns>(what, max abs difference) for outputs, final state, each parameter's gradient, input and initial-state gradients</returns>
    public static IReadOnlyList<(string Name, double MaxAbsDiff)> Compare(Recurrent scratch, IReadOnlyList<Matrix<double>> sequence,
        IReadOnlyList<Matrix<double>> lossWeights, Matrix<double>? initialHidden = null)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (lossWeights.Count != sequence.Count)
            throw new ArgumentException($"Expected one loss weight per step: {sequence.Count} steps but {lossWeights.Count} weights.", nameof(lossWeights));
        var output = scratch.Forward(sequence, initialHidden);
        scratch.ZeroGrad();
        var gradients = scratch.Backward(lossWeights);

        using var scope = torch.NewDisposeScope();
        using nn.Module module = scratch switch
        {
            Lstm => nn.LSTM(scratch.InputSize, scratch.HiddenSize, dtype: ScalarType.Float64),
            Gru => nn.GRU(scratch.InputSize, scratch.HiddenSize, dtype: ScalarType.Float64),
            _ => nn.RNN(scratch.InputSize, scratch.HiddenSize, dtype: ScalarType.Float64),
        };
        RecurrentWeights.CopyFrom(scratch, module);
        var x = TensorConvert.ToTensor(sequence).requires_grad_(true);                                   // (T, B, I)
        var h0 = TensorConvert.ToTensor(initialHidden ?? Matrix<double>.Build.Dense(sequence[0].RowCount, scratch.HiddenSize))
            .unsqueeze(0).requires_grad_(true);                                                           // (1, B, R)
        var (states, final) = module switch
        {
            TorchSharp.Modules.LSTM lstm => Pick(lstm.forward(x, (h0, torch.zeros_like(h0)))),
            TorchSharp.Modules.GRU gru => gru.forward(x, h0),
            TorchSharp.Modules.RNN rnn => rnn.forward(x, h0),
            _ => throw new InvalidOperationException("Unknown recurrent module."),
        };                                                                                                // (T, B, R), (1, B, R)
        (states * TensorConvert.ToTensor(lossWeights)).sum().backward();

        var torchStates = TensorConvert.ToSteps(states);
        var torchInputs = TensorConvert.ToSteps(x.grad!);
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double Diff(Matrix<double> a, Matrix<double> b) => (a - b).Enumerate().Max(Math.Abs);
        double GradDiff(Parameter mine, string name) =>
            Diff(mine.Grad, TensorConvert.ToMatrix(name.StartsWith("bias", StringComparison.Ordinal) ? parameters[name].grad!.unsqueeze(0) : parameters[name].grad!));
        return
        [
            ("outputs", Enumerable.Range(0, sequence.Count).Max(t => Diff(output.Outputs[t], torchStates[t]))),
            ("final state", Diff(output.FinalHidden, TensorConvert.ToMatrix(final.squeeze(0)))),
            ("weight_ih grad", GradDiff(scratch.WeightIh, "weight_ih_l0")),
            ("weight_hh grad", GradDiff(scratch.WeightHh, "weight_hh_l0")),
            ("bias_ih grad", GradDiff(scratch.BiasIh, "bias_ih_l0")),
            ("bias_hh grad", GradDiff(scratch.BiasHh, "bias_hh_l0")),
            ("input grads", Enumerable.Range(0, sequence.Count).Max(t => Diff(gradients.Inputs[t], torchInputs[t]))),
            ("h₀ grad", Diff(gradients.InitialHidden, TensorConvert.ToMatrix(h0.grad!.squeeze(0)))),
        ];
    }

    private static (Tensor, Tensor) Pick((Tensor Output, Tensor Hidden, Tensor Cell) result) => (result.Output, result.Hidden);
}
