using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// A fully connected layer: every output is a weighted sum of every input plus a bias,
/// Y = X Wᵀ + b. Weight has PyTorch's layout (O, I) so weights can be shared with
/// <c>nn.Linear</c>. Backward: ∂L/∂W = (∂L/∂Y)ᵀ X, ∂L/∂b = column sums of ∂L/∂Y, ∂L/∂X = (∂L/∂Y) W.
/// </summary>
public sealed class Dense : ILayer
{
    private Matrix<double>? input;

    /// <summary>Initialised like <c>nn.Linear</c>: uniform in ±1/√in, from a seeded generator.</summary>
    public Dense(int inputs, int outputs, Random random)
    {
        if (inputs <= 0 || outputs <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputs), $"Expected positive layer sizes, got ({inputs} → {outputs}).");
        var bound = 1.0 / Math.Sqrt(inputs);
        Weight = new Parameter("weight", Matrix<double>.Build.Dense(outputs, inputs, (_, _) => (2 * random.NextDouble() - 1) * bound));
        Bias = new Parameter("bias", Matrix<double>.Build.Dense(1, outputs, (_, _) => (2 * random.NextDouble() - 1) * bound));
    }

    /// <summary>(O, I)</summary>
    public Parameter Weight { get; }

    /// <summary>(1, out)</summary>
    public Parameter Bias { get; }

    public int Inputs => Weight.Value.ColumnCount;
    public int Outputs => Weight.Value.RowCount;

    public IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    public Matrix<double> Forward(Matrix<double> x)
    {
        Shapes.RequireColumns(x, Inputs, "the dense layer's input");
        input = x;
        var y = x.TransposeAndMultiply(Weight.Value);          // (B, I) (I, O) -> (B, O)
        var bias = Bias.Value.Row(0);
        for (var r = 0; r < y.RowCount; r++) y.SetRow(r, y.Row(r) + bias);
        return y;
    }

    public Matrix<double> Backward(Matrix<double> dy)
    {
        var x = Shapes.Remembered(input, nameof(Dense));
        Shapes.RequireSame(dy, x.RowCount, Outputs, "the dense layer's output gradient");
        Weight.Grad.Add(dy.TransposeThisAndMultiply(x), Weight.Grad); // (out, B) (B, in) -> (O, I)
        Bias.Grad.SetRow(0, Bias.Grad.Row(0) + dy.ColumnSums());       // (1, out)
        return dy * Weight.Value;                                       // (B, out) (O, I) -> (B, in)
    }
}
