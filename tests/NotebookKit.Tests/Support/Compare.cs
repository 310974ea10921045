using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Tests.Support;

/// <summary>Element-wise comparison with a relative tolerance; the failure prints the worst element.</summary>
public static class Compare
{
    /// <summary>
    /// max |a − b| / max(|a|, |b|, 1e-3) over all elements must be below the tolerance: relative for
    /// values above 1e-3, and a 1e-3-scaled absolute error for values near zero (where relative error is meaningless).
    /// </summary>
    /// <param name="floor">Values smaller than this are compared on this scale instead of their own.</param>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what, double floor = 1e-3)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} values, got {actual.Count}");
        double worst = 0, worstAbs = 0;
        var at = -1;
        for (var i = 0; i < expected.Count; i++)
        {
            var abs = Math.Abs(expected[i] - actual[i]);
            var rel = abs / Math.Max(floor, Math.Max(Math.Abs(expected[i]), Math.Abs(actual[i])));
            if (double.IsNaN(rel)) rel = double.PositiveInfinity;
            if (rel > worst) { worst = rel; worstAbs = abs; at = i; }
        }
        Assert.True(worst < tolerance,
            $"{what}: max relative diff {worst:e3} (max abs diff {worstAbs:e3}) at element {at}: expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}; tolerance {tolerance:e1}");
    }

    public static void Close(Matrix<double> expected, Matrix<double> actual, double tolerance, string what, double floor = 1e-3)
    {
        Assert.True(expected.RowCount == actual.RowCount && expected.ColumnCount == actual.ColumnCount,
            $"{what}: expected shape ({expected.RowCount}, {expected.ColumnCount}), got ({actual.RowCount}, {actual.ColumnCount})");
        Close(expected.ToRowMajorArray(), actual.ToRowMajorArray(), tolerance, what, floor);
    }

    /// <summary>
    /// For float32 results: a float32 sum of terms of size s carries rounding of about 6e-8·s, so an
    /// element far smaller than its tensor's largest value cannot be relatively exact on its own.
    /// Errors are measured relative to the tensor's largest magnitude (a max-norm relative error).
    /// </summary>
    public static double Float32Floor(Matrix<double> expected) => Math.Max(1e-3, expected.Enumerate().Max(Math.Abs));

    public static Matrix<double> RandomMatrix(int rows, int columns, int seed, double scale = 1)
    {
        var random = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => (random.NextDouble() * 2 - 1) * scale);
    }
}
