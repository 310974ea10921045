using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>What the LSTM's gates did at one step, averaged over the batch, for plots.</summary>
public sealed record GateActivations(double[] Input, double[] Forget, double[] Output);

/// <summary>
/// Long short-term memory, as <c>nn.LSTM</c> (gate order i, f, g, o):
/// i, f, o = σ(·), g = tanh(·) of x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh;
/// c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t).
/// The cell state c is a conveyor belt: along it the gradient is multiplied only by the forget
/// gate f, so with f ≈ 1 information (and gradient) survives over long distances.
/// </summary>
public sealed class Lstm(int inputSize, int hiddenSize, int seed = 0) : Recurrent(inputSize, hiddenSize, gates: 4, seed)
{
    private sealed record Step(Matrix<double> X, Matrix<double> HPrev, Matrix<double> CPrev, Matrix<double> I, Matrix<double> F, Matrix<double> G, Matrix<double> O, Matrix<double> C, Matrix<double> TanhC);

    private List<Step>? steps;

    /// <summary>The gates at every step of the last forward pass (mean over the batch), per hidden unit.</summary>
    public IReadOnlyList<GateActivations> GateHistory => steps?.Select(s => new GateActivations(s.I.ColumnSums().Divide(s.I.RowCount).ToArray(),
        s.F.ColumnSums().Divide(s.F.RowCount).ToArray(), s.O.ColumnSums().Divide(s.O.RowCount).ToArray())).ToArray() ?? [];

    public override SequenceOutput Forward(IReadOnlyList<Matrix<double>> xs, Matrix<double>? initialHidden = null, Matrix<double>? initialCell = null)
    {
        var batch = CheckInputs(xs, initialHidden);
        if (initialCell is not null && (initialCell.RowCount != batch || initialCell.ColumnCount != HiddenSize))
            throw new ArgumentException($"Expected an initial cell state of shape ({batch}, {HiddenSize}), got ({initialCell.RowCount}, {initialCell.ColumnCount}).", nameof(initialCell));
        steps = [];
        var h = initialHidden ?? Zeros(batch);
        var c = initialCell ?? Zeros(batch);
        var outputs = new List<Matrix<double>>();
        foreach (var x in xs)
        {
            var a = Affine(x, WeightIh, BiasIh) + Affine(h, WeightHh, BiasHh);           // (B, 4R)
            var (i, f, g, o) = (Sigmoid(Block(a, 0)), Sigmoid(Block(a, 1)), Block(a, 2).Map(Math.Tanh), Sigmoid(Block(a, 3)));
            var cNext = f.PointwiseMultiply(c) + i.PointwiseMultiply(g);                 // (B, R)
            var tanhC = cNext.Map(Math.Tanh);
            var hNext = o.PointwiseMultiply(tanhC);                                      // (B, R)
            steps.Add(new Step(x, h, c, i, f, g, o, cNext, tanhC));
            (h, c) = (hNext, cNext);
            outputs.Add(h);
        }
        return new SequenceOutput(outputs, h, c);
    }

    public override SequenceGradients Backward(IReadOnlyList<Matrix<double>>? outputGradients, Matrix<double>? finalHiddenGradient = null, Matrix<double>? finalCellGradient = null)
    {
        var record = Shapes.Remembered(steps, nameof(Lstm));
        var (count, batch) = (record.Count, record[0].X.RowCount);
        CheckGradients(outputGradients, count);
        var dhNext = finalHiddenGradient ?? Zeros(batch);
        var dcNext = finalCellGradient ?? Zeros(batch);
        var dxs = new Matrix<double>[count];
        var norms = new double[count];
        for (var t = count - 1; t >= 0; t--)
        {
            var s = record[t];
            var dh = GradientAt(outputGradients, t, batch, HiddenSize) + dhNext;
            norms[t] = dh.FrobeniusNorm();
            var dc = dcNext + dh.PointwiseMultiply(s.O).PointwiseMultiply(OneMinus(s.TanhC.PointwisePower(2)));
            var dOutput = dh.PointwiseMultiply(s.TanhC);
            var dInput = dc.PointwiseMultiply(s.G);
            var dCandidate = dc.PointwiseMultiply(s.I);
            var dForget = dc.PointwiseMultiply(s.CPrev);
            var da = Stack(
                dInput.PointwiseMultiply(s.I.PointwiseMultiply(OneMinus(s.I))),          // through σ
                dForget.PointwiseMultiply(s.F.PointwiseMultiply(OneMinus(s.F))),
                dCandidate.PointwiseMultiply(OneMinus(s.G.PointwisePower(2))),           // through tanh
                dOutput.PointwiseMultiply(s.O.PointwiseMultiply(OneMinus(s.O))));        // (B, 4R)
            Accumulate(WeightIh, BiasIh, da, s.X);
            Accumulate(WeightHh, BiasHh, da, s.HPrev);
            dxs[t] = da * WeightIh.Value;
            dhNext = da * WeightHh.Value;
            dcNext = dc.PointwiseMultiply(s.F);                                          // along the conveyor belt
        }
        return new SequenceGradients(dxs, dhNext, norms, dcNext);
    }
}
