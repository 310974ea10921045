using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>What one attention call produced: the outputs (T, D) and the weights (T, S), each row summing to 1.</summary>
public sealed record AttentionOutput(Matrix<double> Output, Matrix<double> Weights);

/// <summary>The gradients of one attention call: ∂L/∂Q (T, D), ∂L/∂K (S, D), ∂L/∂V (S, D).</summary>
public sealed record AttentionGradients(Matrix<double> Queries, Matrix<double> Keys, Matrix<double> Values);

/// <summary>
/// Scaled dot-product attention (缩放点积注意力) for one sequence and one head, from scratch:
/// A = softmax(Q Kᵀ / √D) row by row, output = A V. Query t scores every key s; the scores are
/// divided by √D so that their spread does not grow with the width D (a saturated softmax would
/// pass almost no gradient). The mask says which keys each query may see: <c>mask[t, s]</c> true
/// means "may attend" (PyTorch's convention for a boolean mask); a hidden position gets weight
/// exactly 0. Backward: ∂L/∂V = Aᵀ ∂L/∂O; ∂L/∂A = ∂L/∂O Vᵀ; through the softmax
/// ∂L/∂scores = A ⊙ (∂L/∂A − rowsum(∂L/∂A ⊙ A)); then ∂L/∂Q = ∂L/∂scores K / √D and
/// ∂L/∂K = (∂L/∂scores)ᵀ Q / √D.
/// </summary>
public sealed class ScaledDotProductAttention
{
    private (Matrix<double> Q, Matrix<double> K, Matrix<double> V, Matrix<double> A)? remembered;

    /// <summary>A causal mask (T, T): position t may see positions 0 … t, never the future.</summary>
    public static bool[,] CausalMask(int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "Expected a positive length.");
        var mask = new bool[length, length];
        for (var t = 0; t < length; t++)
            for (var s = 0; s <= t; s++) mask[t, s] = true;
        return mask;
    }

    /// <param name="queries">Q, (T, D)</param>
    /// <param name="keys">K, (S, D)</param>
    /// <param name="values">V, (S, D)</param>
    /// <param name="mask">(T, S), true where query t may attend to key s; null: every key is visible</param>
    public AttentionOutput Forward(Matrix<double> queries, Matrix<double> keys, Matrix<double> values, bool[,]? mask = null)
    {
        var (t, s, d) = (queries.RowCount, keys.RowCount, queries.ColumnCount);
        if (keys.ColumnCount != d || values.RowCount != s || values.ColumnCount != d)
            throw new ArgumentException($"Expected Q (T, D), K (S, D) and V (S, D) with one D, got Q ({t}, {d}), K ({s}, {keys.ColumnCount}), V ({values.RowCount}, {values.ColumnCount}).");
        if (mask is not null && (mask.GetLength(0) != t || mask.GetLength(1) != s))
            throw new ArgumentException($"Expected a mask of shape (T = {t}, S = {s}), got ({mask.GetLength(0)}, {mask.GetLength(1)}).", nameof(mask));
        var scores = queries.TransposeAndMultiply(keys) / Math.Sqrt(d);                      // (T, S)
        var weights = Matrix<double>.Build.Dense(t, s);
        for (var row = 0; row < t; row++)
        {
            var visible = Enumerable.Range(0, s).Where(col => mask is null || mask[row, col]).ToArray();
            if (visible.Length == 0)
                throw new ArgumentException($"Query {row} may attend to no position: every key of its mask row is hidden.", nameof(mask));
            var max = visible.Max(col => scores[row, col]);                                   // log-sum-exp: subtract the max
            var total = visible.Sum(col => Math.Exp(scores[row, col] - max));
            foreach (var col in visible) weights[row, col] = Math.Exp(scores[row, col] - max) / total;
        }
        remembered = (queries, keys, values, weights);
        return new AttentionOutput(weights * values, weights);                               // (T, S)(S, D) -> (T, D)
    }

    /// <param name="outputGradient">∂L/∂output, (T, D)</param>
    public AttentionGradients Backward(Matrix<double> outputGradient)
    {
        var (q, k, v, a) = remembered ?? throw new InvalidOperationException($"{nameof(ScaledDotProductAttention)}.Backward was called before Forward.");
        Shapes.RequireSame(outputGradient, q.RowCount, v.ColumnCount, "the attention output's gradient");
        var scale = 1.0 / Math.Sqrt(q.ColumnCount);
        var dValues = a.TransposeThisAndMultiply(outputGradient);                              // (S, T)(T, D) -> (S, D)
        var dWeights = outputGradient.TransposeAndMultiply(v);                                 // (T, D)(D, S) -> (T, S)
        var dScores = a.PointwiseMultiply(dWeights);                                           // (T, S)
        var rowSums = dScores.RowSums();
        for (var row = 0; row < a.RowCount; row++) dScores.SetRow(row, dScores.Row(row) - a.Row(row) * rowSums[row]);
        return new AttentionGradients(dScores * k * scale, dScores.TransposeThisAndMultiply(q) * scale, dValues);
    }
}
