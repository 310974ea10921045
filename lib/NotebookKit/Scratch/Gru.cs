using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// Gated recurrent unit, as <c>nn.GRU</c> (gate order r, z, n):
/// r = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr), z = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz),
/// n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn)), h′ = (1 − z) ⊙ n + z ⊙ h.
/// The update gate z interpolates between keeping the old state and writing a new one; the reset
/// gate r decides how much of the old state the candidate n may see.
/// </summary>
public sealed class Gru(int inputSize, int hiddenSize, int seed = 0) : Recurrent(inputSize, hiddenSize, gates: 3, seed)
{
    private sealed record Step(Matrix<double> X, Matrix<double> HPrev, Matrix<double> R, Matrix<double> Z, Matrix<double> N, Matrix<double> HiddenN);

    private List<Step>? steps;

    public override SequenceOutput Forward(IReadOnlyList<Matrix<double>> xs, Matrix<double>? initialHidden = null, Matrix<double>? initialCell = null)
    {
        var batch = CheckInputs(xs, initialHidden);
        steps = [];
        var h = initialHidden ?? Zeros(batch);
        var outputs = new List<Matrix<double>>();
        foreach (var x in xs)
        {
            var gi = Affine(x, WeightIh, BiasIh);                                        // (B, 3R)
            var gh = Affine(h, WeightHh, BiasHh);                                        // (B, 3R)
            var r = Sigmoid(Block(gi, 0) + Block(gh, 0));
            var z = Sigmoid(Block(gi, 1) + Block(gh, 1));
            var hiddenN = Block(gh, 2);
            var n = (Block(gi, 2) + r.PointwiseMultiply(hiddenN)).Map(Math.Tanh);
            var hNext = OneMinus(z).PointwiseMultiply(n) + z.PointwiseMultiply(h);       // (B, R)
            steps.Add(new Step(x, h, r, z, n, hiddenN));
            h = hNext;
            outputs.Add(h);
        }
        return new SequenceOutput(outputs, h, null);
    }

    public override SequenceGradients Backward(IReadOnlyList<Matrix<double>>? outputGradients, Matrix<double>? finalHiddenGradient = null, Matrix<double>? finalCellGradient = null)
    {
        var record = Shapes.Remembered(steps, nameof(Gru));
        var (count, batch) = (record.Count, record[0].X.RowCount);
        CheckGradients(outputGradients, count);
        var dhNext = finalHiddenGradient ?? Zeros(batch);
        var dxs = new Matrix<double>[count];
        var norms = new double[count];
        for (var t = count - 1; t >= 0; t--)
        {
            var s = record[t];
            var dh = GradientAt(outputGradients, t, batch, HiddenSize) + dhNext;
            norms[t] = dh.FrobeniusNorm();
            var dn = dh.PointwiseMultiply(OneMinus(s.Z));
            var dz = dh.PointwiseMultiply(s.HPrev - s.N);
            var dan = dn.PointwiseMultiply(OneMinus(s.N.PointwisePower(2)));             // through tanh
            var dr = dan.PointwiseMultiply(s.HiddenN);
            var dar = dr.PointwiseMultiply(s.R.PointwiseMultiply(OneMinus(s.R)));        // through σ
            var daz = dz.PointwiseMultiply(s.Z.PointwiseMultiply(OneMinus(s.Z)));
            var dgi = Stack(dar, daz, dan);                                              // (B, 3R)
            var dgh = Stack(dar, daz, dan.PointwiseMultiply(s.R));                       // (B, 3R)
            Accumulate(WeightIh, BiasIh, dgi, s.X);
            Accumulate(WeightHh, BiasHh, dgh, s.HPrev);
            dxs[t] = dgi * WeightIh.Value;
            dhNext = dh.PointwiseMultiply(s.Z) + dgh * WeightHh.Value;
        }
        return new SequenceGradients(dxs, dhNext, norms);
    }
}
