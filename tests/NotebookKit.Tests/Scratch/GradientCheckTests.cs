using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Scratch;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Scratch;

/// <summary>Every from-scratch backward pass against central finite differences, in double.</summary>
public sealed class GradientCheckTests
{
    private const double Tolerance = 1e-6;

    private static void AssertPassed(GradientCheckReport report) =>
        Assert.True(report.Passed(Tolerance), "gradient check failed:\n" + report);

    [Fact]
    public void Dense_ParametersAndInput()
    {
        var layer = new Dense(5, 3, new Random(1));
        AssertPassed(GradientCheck.Layer(layer, Compare.RandomMatrix(4, 5, seed: 2)));
    }

    [Theory]
    [InlineData(ActivationKind.Sigmoid)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Gelu)]
    public void Activation_Input(ActivationKind kind)
    {
        AssertPassed(GradientCheck.Layer(new Activation(kind), Compare.RandomMatrix(6, 4, seed: 3, scale: 3)));
    }

    [Theory]
    [InlineData(ActivationKind.Sigmoid)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Gelu)]
    public void ActivationDerivative_MatchesFiniteDifferenceOfTheFunction(ActivationKind kind)
    {
        var f = Activations.Function(kind);
        var d = Activations.Derivative(kind);
        foreach (var x in new[] { -4.0, -1.3, -0.2, 0.3, 1.1, 5.0 })
        {
            var numeric = (f(x + 1e-6) - f(x - 1e-6)) / 2e-6;
            Assert.True(Math.Abs(numeric - d(x)) < 1e-8, $"{kind}′({x}) = {d(x)}, finite difference {numeric}");
        }
    }

    [Fact]
    public void MeanSquaredError_Prediction()
    {
        var prediction = Compare.RandomMatrix(5, 3, seed: 4);
        var target = Compare.RandomMatrix(5, 3, seed: 5);
        var loss = new MeanSquaredError();
        var gradient = new double[15];
        var report = GradientCheck.Run([new GradientTarget("prediction", prediction.AsColumnMajorArray(), gradient)],
            () => loss.Forward(prediction, target),
            () => { loss.Forward(prediction, target); loss.Backward().AsColumnMajorArray().CopyTo(gradient, 0); });
        AssertPassed(report);
    }

    [Fact]
    public void BinaryCrossEntropy_Logits_IncludingLargeOnes()
    {
        var logits = Matrix<double>.Build.DenseOfColumnArrays(new[] { -30.0, -2.5, -0.1, 0.4, 3.0, 40.0 });
        int[] labels = [0, 1, 0, 1, 1, 0];
        var loss = new BinaryCrossEntropy();
        var gradient = new double[6];
        AssertPassed(GradientCheck.Run([new GradientTarget("logits", logits.AsColumnMajorArray(), gradient)],
            () => loss.Forward(logits, labels),
            () => { loss.Forward(logits, labels); loss.Backward().AsColumnMajorArray().CopyTo(gradient, 0); }));
        Assert.True(double.IsFinite(loss.Forward(logits, labels)));
    }

    [Fact]
    public void SoftmaxCrossEntropy_Logits()
    {
        var logits = Compare.RandomMatrix(5, 4, seed: 6, scale: 5);
        int[] labels = [0, 3, 1, 2, 3];
        var loss = new SoftmaxCrossEntropy();
        var gradient = new double[20];
        AssertPassed(GradientCheck.Run([new GradientTarget("logits", logits.AsColumnMajorArray(), gradient)],
            () => loss.Forward(logits, labels),
            () => { loss.Forward(logits, labels); loss.Backward().AsColumnMajorArray().CopyTo(gradient, 0); }));
    }

    [Theory]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Gelu)]
    [InlineData(ActivationKind.Sigmoid)]
    public void Mlp_EveryParameter_WithSoftmaxCrossEntropy(ActivationKind hidden)
    {
        var model = new Mlp([3, 6, 5, 4], hidden, seed: 7);
        var input = Compare.RandomMatrix(8, 3, seed: 8);
        int[] labels = [0, 1, 2, 3, 3, 2, 1, 0];
        var loss = new SoftmaxCrossEntropy();
        var report = GradientCheck.Model(model, input, output => loss.Forward(output, labels), loss.Backward);
        AssertPassed(report);
        Assert.Equal(6, report.Entries.Count); // weight and bias of three layers
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    public void Conv2d_ParametersAndInput(int stride, int padding)
    {
        var layer = new Conv2d(2, 3, kernelSize: 3, stride: stride, padding: padding, seed: 9);
        AssertPassed(GradientCheck.VolumeLayer(layer, Volume.Random(2, 2, 6, 5, seed: 10)));
    }

    [Theory]
    [InlineData(PoolKind.Max, 2, null)]
    [InlineData(PoolKind.Average, 2, null)]
    [InlineData(PoolKind.Max, 3, 1)]
    public void Pool2d_Input(PoolKind kind, int kernel, int? stride)
    {
        AssertPassed(GradientCheck.VolumeLayer(new Pool2d(kind, kernel, stride), Volume.Random(2, 3, 6, 6, seed: 11)));
    }

    [Fact]
    public void Checker_CatchesAWrongBackwardPass()
    {
        var layer = new BrokenSquare();
        var report = GradientCheck.Layer(layer, Compare.RandomMatrix(3, 2, seed: 12));
        Assert.False(report.Passed(Tolerance));
        Assert.True(report.MaxRelativeError > 0.1);
    }

    /// <summary>y = x², with the derivative wrongly written as x instead of 2x.</summary>
    private sealed class BrokenSquare : ILayer
    {
        private Matrix<double>? input;
        public IReadOnlyList<Parameter> Parameters => [];
        public Matrix<double> Forward(Matrix<double> x) { input = x; return x.PointwiseMultiply(x); }
        public Matrix<double> Backward(Matrix<double> dy) => dy.PointwiseMultiply(input!);
    }
}
