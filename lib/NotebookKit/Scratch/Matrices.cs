using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>Small matrices for experiments and checks.</summary>
public static class Matrices
{
    /// <summary>A (rows, columns) matrix of values uniform in [−scale, scale), drawn from <paramref name="random"/>.</summary>
    public static Matrix<double> Uniform(Random random, int rows, int columns, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (rows <= 0 || columns <= 0) throw new ArgumentOutOfRangeException(nameof(rows), $"Expected a positive shape, got ({rows}, {columns}).");
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => (random.NextDouble() * 2 - 1) * scale);
    }
}
