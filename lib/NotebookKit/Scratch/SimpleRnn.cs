using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// The Elman RNN, as <c>nn.RNN</c> with tanh: h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh).
/// Backpropagation through time multiplies by W_hh and by tanh′ once per step, so the gradient
/// reaching an early step is a product of T factors: it shrinks (vanishes) or grows (explodes)
/// geometrically with the distance.
/// </summary>
public sealed class SimpleRnn(int inputSize, int hiddenSize, int seed = 0) : Recurrent(inputSize, hiddenSize, gates: 1, seed)
{
    private List<Matrix<double>>? inputs;
    private List<Matrix<double>>? hidden; // h₀ … h_T

    public override SequenceOutput Forward(IReadOnlyList<Matrix<double>> xs, Matrix<double>? initialHidden = null, Matrix<double>? initialCell = null)
    {
        var batch = CheckInputs(xs, initialHidden);
        inputs = xs.ToList();
        hidden = [initialHidden ?? Zeros(batch)];
        foreach (var x in xs)
        {
            var a = Affine(x, WeightIh, BiasIh) + Affine(hidden[^1], WeightHh, BiasHh);   // (B, R)
            hidden.Add(a.Map(Math.Tanh));                                                // (B, R)
        }
        return new SequenceOutput(hidden.Skip(1).ToArray(), hidden[^1], null);
    }

    public override SequenceGradients Backward(IReadOnlyList<Matrix<double>>? outputGradients, Matrix<double>? finalHiddenGradient = null, Matrix<double>? finalCellGradient = null)
    {
        var xs = Shapes.Remembered(inputs, nameof(SimpleRnn));
        var h = hidden!;
        var (steps, batch) = (xs.Count, xs[0].RowCount);
        CheckGradients(outputGradients, steps);
        var dhNext = finalHiddenGradient ?? Zeros(batch);
        var dxs = new Matrix<double>[steps];
        var norms = new double[steps];
        for (var t = steps - 1; t >= 0; t--)
        {
            var dh = GradientAt(outputGradients, t, batch, HiddenSize) + dhNext;          // ∂L/∂h_{t+1}
            norms[t] = dh.FrobeniusNorm();
            var da = dh.PointwiseMultiply(OneMinus(h[t + 1].PointwisePower(2)));        // through tanh
            Accumulate(WeightIh, BiasIh, da, xs[t]);
            Accumulate(WeightHh, BiasHh, da, h[t]);
            dxs[t] = da * WeightIh.Value;                                                // (B, I)
            dhNext = da * WeightHh.Value;                                                // (B, R)
        }
        return new SequenceGradients(dxs, dhNext, norms);
    }
}
