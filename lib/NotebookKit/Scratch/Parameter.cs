using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// A learnable array and the gradient of the loss with respect to it, accumulated by backward
/// passes until <see cref="ZeroGrad"/>. Both are dense MathNet matrices of the same shape.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, Matrix<double> value)
    {
        Name = name;
        Value = value;
        Grad = Matrix<double>.Build.Dense(value.RowCount, value.ColumnCount);
    }

    public string Name { get; }
    public Matrix<double> Value { get; }
    public Matrix<double> Grad { get; }

    public int Count => Value.RowCount * Value.ColumnCount;

    /// <summary>The value's storage (column-major), for optimizers and the gradient checker.</summary>
    public double[] ValueData => Value.AsColumnMajorArray();

    /// <summary>The gradient's storage (column-major).</summary>
    public double[] GradData => Grad.AsColumnMajorArray();

    public void ZeroGrad() => Grad.Clear();

    public override string ToString() => $"{Name} ({Value.RowCount}, {Value.ColumnCount})";
}
