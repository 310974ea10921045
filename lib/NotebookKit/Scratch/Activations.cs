using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>Each activation f and its derivative f′, written next to each other.</summary>
public static class Activations
{
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
    public static double SigmoidDerivative(double x) { var s = Sigmoid(x); return s * (1 - s); }

    public static double Tanh(double x) => Math.Tanh(x);
    public static double TanhDerivative(double x) { var t = Math.Tanh(x); return 1 - t * t; }

    public static double Relu(double x) => x > 0 ? x : 0;
    /// <summary>0 for x ≤ 0 (the convention PyTorch uses at the kink).</summary>
    public static double ReluDerivative(double x) => x > 0 ? 1 : 0;

    /// <summary>x·Φ(x), Φ the standard normal CDF.</summary>
    public static double Gelu(double x) => x * NormalCdf(x);
    /// <summary>Φ(x) + x·φ(x).</summary>
    public static double GeluDerivative(double x) => NormalCdf(x) + x * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    private static double NormalCdf(double x) => 0.5 * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)));

    public static Func<double, double> Function(ActivationKind kind) => kind switch
    {
        ActivationKind.Sigmoid => Sigmoid,
        ActivationKind.Tanh => Tanh,
        ActivationKind.Relu => Relu,
        ActivationKind.Gelu => Gelu,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };

    public static Func<double, double> Derivative(ActivationKind kind) => kind switch
    {
        ActivationKind.Sigmoid => SigmoidDerivative,
        ActivationKind.Tanh => TanhDerivative,
        ActivationKind.Relu => ReluDerivative,
        ActivationKind.Gelu => GeluDerivative,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };
}

/// <summary>An element-wise activation as a layer: y = f(x), ∂L/∂x = ∂L/∂y ⊙ f′(x).</summary>
public sealed class Activation(ActivationKind kind) : ILayer
{
    private readonly Func<double, double> function = Activations.Function(kind);
    private readonly Func<double, double> derivative = Activations.Derivative(kind);
    private Matrix<double>? input;

    public ActivationKind Kind { get; } = kind;

    public IReadOnlyList<Parameter> Parameters => [];

    public Matrix<double> Forward(Matrix<double> x)
    {
        input = x;
        return x.Map(function);                                  // (B, n)
    }

    public Matrix<double> Backward(Matrix<double> dy)
    {
        var x = Shapes.Remembered(input, $"Activation({Kind})");
        Shapes.RequireSame(dy, x.RowCount, x.ColumnCount, "the activation's output gradient");
        return dy.PointwiseMultiply(x.Map(derivative));          // (B, n)
    }
}
