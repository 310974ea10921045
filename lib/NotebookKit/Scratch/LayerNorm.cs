using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// Layer normalisation (层归一化), as <c>nn.LayerNorm(C)</c>: each row (one token's C features) is
/// shifted to mean 0 and scaled to variance 1, then given a learned scale γ and shift β:
/// y = (x − μ) / √(σ² + ε) · γ + β, with μ and σ² the row's mean and (biased) variance.
/// Unlike batch normalisation it needs no other examples, so it behaves the same in training and
/// in use, for a batch of one as for a batch of many.
/// Backward, with x̂ = (x − μ)/√(σ² + ε) and g = ∂L/∂x̂ = ∂L/∂y ⊙ γ:
/// ∂L/∂x = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / √(σ² + ε) per row; ∂L/∂γ = Σ rows ∂L/∂y ⊙ x̂; ∂L/∂β = Σ rows ∂L/∂y.
/// </summary>
public sealed class LayerNorm : ILayer
{
    private Matrix<double>? normalised;     // x̂, (B, C)
    private double[]? inverseDeviation;     // 1/√(σ² + ε) per row, (B)

    /// <param name="features">C, the width of each row</param>
    /// <param name="epsilon">keeps the division finite for a constant row; PyTorch's default</param>
    public LayerNorm(int features, double epsilon = 1e-5)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "Expected a positive number of features.");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Expected a positive epsilon.");
        Epsilon = epsilon;
        Gamma = new Parameter("weight", Matrix<double>.Build.Dense(1, features, 1.0));     // γ = 1: starts as plain normalisation
        Beta = new Parameter("bias", Matrix<double>.Build.Dense(1, features));            // β = 0
    }

    public double Epsilon { get; }

    /// <summary>γ, (1, C); PyTorch calls it weight.</summary>
    public Parameter Gamma { get; }

    /// <summary>β, (1, C); PyTorch calls it bias.</summary>
    public Parameter Beta { get; }

    public int Features => Gamma.Value.ColumnCount;

    public IReadOnlyList<Parameter> Parameters => [Gamma, Beta];

    /// <param name="x">(B, C)</param>
    /// <returns>(B, C)</returns>
    public Matrix<double> Forward(Matrix<double> x)
    {
        Shapes.RequireColumns(x, Features, "the layer norm's input");
        var rows = x.RowCount;
        var xHat = Matrix<double>.Build.Dense(rows, Features);
        var inverse = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = x.Row(r);
            var mean = row.Average();
            var variance = row.Sum(v => (v - mean) * (v - mean)) / Features;          // biased, as PyTorch
            inverse[r] = 1.0 / Math.Sqrt(variance + Epsilon);
            xHat.SetRow(r, (row - mean) * inverse[r]);
        }
        (normalised, inverseDeviation) = (xHat, inverse);
        var y = xHat.Clone();
        for (var r = 0; r < rows; r++) y.SetRow(r, y.Row(r).PointwiseMultiply(Gamma.Value.Row(0)) + Beta.Value.Row(0));
        return y;                                                                       // (B, C)
    }

    /// <param name="dy">∂L/∂y, (B, C)</param>
    /// <returns>∂L/∂x, (B, C)</returns>
    public Matrix<double> Backward(Matrix<double> dy)
    {
        var xHat = Shapes.Remembered(normalised, nameof(LayerNorm));
        var inverse = inverseDeviation!;
        Shapes.RequireSame(dy, xHat.RowCount, Features, "the layer norm's output gradient");
        Gamma.Grad.SetRow(0, Gamma.Grad.Row(0) + dy.PointwiseMultiply(xHat).ColumnSums());
        Beta.Grad.SetRow(0, Beta.Grad.Row(0) + dy.ColumnSums());
        var dx = Matrix<double>.Build.Dense(xHat.RowCount, Features);
        for (var r = 0; r < xHat.RowCount; r++)
        {
            var g = dy.Row(r).PointwiseMultiply(Gamma.Value.Row(0));                   // ∂L/∂x̂
            var h = xHat.Row(r);
            dx.SetRow(r, (g - g.Average() - h * g.PointwiseMultiply(h).Average()) * inverse[r]);
        }
        return dx;
    }
}
