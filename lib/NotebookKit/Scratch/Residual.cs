using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// A residual connection (残差连接): y = x + F(x). The block only has to learn the change F to its
/// input, and in the backward pass the gradient reaches x twice, through F and straight along the
/// skip: ∂L/∂x = ∂L/∂y + (∂F/∂x)ᵀ ∂L/∂y. With F = 0 the block is the identity, so a deep stack of
/// them starts out passing its input (and its gradient) through untouched.
/// </summary>
public sealed class Residual(ILayer inner) : ILayer
{
    public ILayer Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public IReadOnlyList<Parameter> Parameters => Inner.Parameters;

    /// <param name="x">(B, C)</param>
    /// <returns>(B, C)</returns>
    public Matrix<double> Forward(Matrix<double> x)
    {
        var change = Inner.Forward(x);
        Shapes.RequireSame(change, x.RowCount, x.ColumnCount, "the residual branch's output (it must keep the input's shape)");
        return x + change;
    }

    public Matrix<double> Backward(Matrix<double> dy) => dy + Inner.Backward(dy);
}
