using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// A from-scratch layer on a batch of row vectors: input (B, I) → output (B, O). Forward
/// remembers what backward needs; backward takes ∂L/∂output, adds ∂L/∂parameters to the
/// parameters' gradients and returns ∂L/∂input.
/// </summary>
public interface ILayer
{
    /// <param name="input">(B, I)</param>
    /// <returns>(B, O)</returns>
    Matrix<double> Forward(Matrix<double> input);

    /// <param name="outputGradient">∂L/∂output, (B, O)</param>
    /// <returns>∂L/∂input, (B, I)</returns>
    Matrix<double> Backward(Matrix<double> outputGradient);

    IReadOnlyList<Parameter> Parameters { get; }
}

internal static class Shapes
{
    public static void RequireColumns(Matrix<double> matrix, int columns, string what)
    {
        if (matrix.ColumnCount != columns)
            throw new ArgumentException($"Expected {what} of shape (B, {columns}), got ({matrix.RowCount}, {matrix.ColumnCount}).");
    }

    public static void RequireSame(Matrix<double> actual, int rows, int columns, string what)
    {
        if (actual.RowCount != rows || actual.ColumnCount != columns)
            throw new ArgumentException($"Expected {what} of shape ({rows}, {columns}), got ({actual.RowCount}, {actual.ColumnCount}).");
    }

    public static T Remembered<T>(T? value, string layer) where T : class =>
        value ?? throw new InvalidOperationException($"{layer}.Backward was called before Forward.");
}
