using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Scratch;
using NotebookKit.Tests.Support;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Scratch;

/// <summary>Scaled dot-product attention from scratch: finite differences, TorchSharp, and the mask's promises.</summary>
public sealed class AttentionScratchTests
{
    private static bool[,] RandomMask(int t, int s, int seed)
    {
        var random = new Random(seed);
        var mask = new bool[t, s];
        for (var row = 0; row < t; row++)
        {
            for (var col = 0; col < s; col++) mask[row, col] = random.NextDouble() < 0.6;
            mask[row, random.Next(s)] = true;                                  // every query sees something
        }
        return mask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_PassesTheGradientCheck(bool masked)
    {
        var (q, k, v) = (Compare.RandomMatrix(4, 3, seed: 1, scale: 2), Compare.RandomMatrix(5, 3, seed: 2, scale: 2), Compare.RandomMatrix(5, 3, seed: 3));
        var mask = masked ? RandomMask(4, 5, seed: 4) : null;
        var upstream = Compare.RandomMatrix(4, 3, seed: 5);
        var attention = new ScaledDotProductAttention();
        var (qData, kData, vData) = (q.AsColumnMajorArray(), k.AsColumnMajorArray(), v.AsColumnMajorArray());
        var gradients = new[] { new double[qData.Length], new double[kData.Length], new double[vData.Length] };
        var report = GradientCheck.Run(
            [new GradientTarget("Q", qData, gradients[0]), new GradientTarget("K", kData, gradients[1]), new GradientTarget("V", vData, gradients[2])],
            () => attention.Forward(q, k, v, mask).Output.PointwiseMultiply(upstream).Enumerate().Sum(),
            () =>
            {
                attention.Forward(q, k, v, mask);
                var g = attention.Backward(upstream);
                g.Queries.AsColumnMajorArray().CopyTo(gradients[0], 0);
                g.Keys.AsColumnMajorArray().CopyTo(gradients[1], 0);
                g.Values.AsColumnMajorArray().CopyTo(gradients[2], 0);
            });
        Assert.True(report.Passed(1e-6), "gradient check failed:\n" + report);
    }

    [Fact]
    public void EqualsTorchSharpsScaledDotProductAttention_ForwardAndGradients_WithACausalMask()
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v) = (Compare.RandomMatrix(6, 4, seed: 11), Compare.RandomMatrix(6, 4, seed: 12), Compare.RandomMatrix(6, 4, seed: 13));
        var upstream = Compare.RandomMatrix(6, 4, seed: 14);
        var mask = ScaledDotProductAttention.CausalMask(6);
        var attention = new ScaledDotProductAttention();
        var mine = attention.Forward(q, k, v, mask);
        var grads = attention.Backward(upstream);

        Tensor Leaf(Matrix<double> m) => TensorConvert.ToTensor(m).view(1, 1, m.RowCount, m.ColumnCount).requires_grad_(true);   // (B, H, T, D)
        var (tq, tk, tv) = (Leaf(q), Leaf(k), Leaf(v));
        var additive = torch.zeros(6, 6, ScalarType.Float64);                   // PyTorch's float mask: 0 to keep, −∞ to hide
        for (var t = 0; t < 6; t++) for (var s = t + 1; s < 6; s++) additive[t, s] = torch.tensor(double.NegativeInfinity);
        var output = nn.functional.scaled_dot_product_attention(tq, tk, tv, additive);
        (output * TensorConvert.ToTensor(upstream).view(1, 1, 6, 4)).sum().backward();

        Matrix<double> Back(Tensor t) => TensorConvert.ToMatrix(t.view(t.shape[2], t.shape[3]));
        Compare.Close(mine.Output, Back(output.detach()), 1e-12, "attention output");
        Compare.Close(grads.Queries, Back(tq.grad!), 1e-12, "∂L/∂Q");
        Compare.Close(grads.Keys, Back(tk.grad!), 1e-12, "∂L/∂K");
        Compare.Close(grads.Values, Back(tv.grad!), 1e-12, "∂L/∂V");
    }

    [Fact]
    public void Weights_SumToOne_HiddenPositionsGetExactlyZero_AndTheirValuesChangeNothing()
    {
        var (q, k, v) = (Compare.RandomMatrix(5, 4, seed: 21), Compare.RandomMatrix(7, 4, seed: 22), Compare.RandomMatrix(7, 4, seed: 23));
        var mask = RandomMask(5, 7, seed: 24);
        var first = new ScaledDotProductAttention().Forward(q, k, v, mask);
        for (var t = 0; t < 5; t++)
        {
            Assert.Equal(1.0, first.Weights.Row(t).Sum(), 12);
            for (var s = 0; s < 7; s++) if (!mask[t, s]) Assert.Equal(0.0, first.Weights[t, s]);
        }
        // Garbage in a key and value that no query may see (position 6) leaves every output bit-identical.
        const int hidden = 6;
        var mask2 = (bool[,])mask.Clone();
        for (var t = 0; t < 5; t++) (mask2[t, hidden], mask2[t, t]) = (false, true);
        var reference = new ScaledDotProductAttention().Forward(q, k, v, mask2);
        var (k2, v2) = (k.Clone(), v.Clone());
        k2.SetRow(hidden, Vector<double>.Build.Dense(4, 1e3));
        v2.SetRow(hidden, Vector<double>.Build.Dense(4, -1e3));
        var changed = new ScaledDotProductAttention().Forward(q, k2, v2, mask2);
        Assert.True(reference.Output.Equals(changed.Output), "a hidden key/value changed the output");
    }

    [Fact]
    public void CausalMask_HidesEveryFuturePosition()
    {
        var (q, k, v) = (Compare.RandomMatrix(5, 3, seed: 31), Compare.RandomMatrix(5, 3, seed: 32), Compare.RandomMatrix(5, 3, seed: 33));
        var weights = new ScaledDotProductAttention().Forward(q, k, v, ScaledDotProductAttention.CausalMask(5)).Weights;
        for (var t = 0; t < 5; t++)
            for (var s = t + 1; s < 5; s++) Assert.Equal(0.0, weights[t, s]);
        Assert.Equal(1.0, weights[0, 0]);                                       // the first position sees only itself
    }

    [Fact]
    public void BadInput_IsAClearError()
    {
        var attention = new ScaledDotProductAttention();
        var (q, k) = (Matrix<double>.Build.Dense(2, 4), Matrix<double>.Build.Dense(3, 4));
        Assert.Contains("V (3, 5)", Assert.Throws<ArgumentException>(() => attention.Forward(q, k, Matrix<double>.Build.Dense(3, 5))).Message);
        Assert.Contains("(T = 2, S = 3), got (2, 2)", Assert.Throws<ArgumentException>(() => attention.Forward(q, k, k, new bool[2, 2])).Message);
        Assert.Contains("Query 0 may attend to no position", Assert.Throws<ArgumentException>(() => attention.Forward(q, k, k, new bool[2, 3])).Message);
        Assert.Contains("before Forward", Assert.Throws<InvalidOperationException>(() => new ScaledDotProductAttention().Backward(q)).Message);
    }
}
