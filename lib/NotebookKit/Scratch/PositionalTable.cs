using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>The sinusoidal positional table of the paper, from scratch: P[p, 2i] = sin(p / 10000^(2i/C)), P[p, 2i+1] = cos(p / 10000^(2i/C)).</summary>
public static class PositionalTable
{
    /// <returns>(length, width)</returns>
    public static Matrix<double> Sinusoidal(int length, int width)
    {
        if (length <= 0 || width <= 0 || width % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Expected a positive length and an even positive width, got {length} positions and C = {width}.");
        return Matrix<double>.Build.Dense(length, width, (p, j) =>
        {
            var angle = p / Math.Pow(10000, 2.0 * (j / 2) / width);
            return j % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle);
        });
    }
}
