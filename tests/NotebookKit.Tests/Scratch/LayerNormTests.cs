using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Scratch;
using NotebookKit.Tests.Support;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Scratch;

/// <summary>Layer normalisation and the residual connection, from scratch: gradients, TorchSharp, properties.</summary>
public sealed class LayerNormTests
{
    private static LayerNorm WithRandomAffine(int features, int seed)
    {
        var norm = new LayerNorm(features);
        Compare.RandomMatrix(1, features, seed, scale: 1).CopyTo(norm.Gamma.Value);
        Compare.RandomMatrix(1, features, seed + 1, scale: 1).CopyTo(norm.Beta.Value);
        return norm;
    }

    [Fact]
    public void LayerNorm_PassesTheGradientCheck_ForInputGammaAndBeta()
    {
        var report = GradientCheck.Layer(WithRandomAffine(6, seed: 1), Compare.RandomMatrix(5, 6, seed: 3, scale: 2));
        Assert.True(report.Passed(1e-6), "gradient check failed:\n" + report);
    }

    [Fact]
    public void LayerNorm_RowsHaveZeroMeanAndUnitVariance_BeforeTheAffine()
    {
        var x = Compare.RandomMatrix(4, 8, seed: 5, scale: 10) + 3;
        var y = new LayerNorm(8).Forward(x);
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(0, y.Row(r).Average(), 12);
            Assert.Equal(1, y.Row(r).Sum(v => v * v) / 8, 4);     // ε = 1e-5 keeps it just under 1
        }
    }

    [Fact]
    public void LayerNorm_EqualsTorchSharp_ForwardAndGradients()
    {
        using var scope = torch.NewDisposeScope();
        var mine = WithRandomAffine(6, seed: 7);
        var x = Compare.RandomMatrix(5, 6, seed: 9, scale: 2);
        var upstream = Compare.RandomMatrix(5, 6, seed: 11);
        var y = mine.Forward(x);
        var dx = mine.Backward(upstream);

        using var theirs = nn.LayerNorm(6, dtype: ScalarType.Float64);
        using (torch.no_grad())
        {
            theirs.weight!.copy_(TensorConvert.ToTensor(mine.Gamma.Value).squeeze(0));
            theirs.bias!.copy_(TensorConvert.ToTensor(mine.Beta.Value).squeeze(0));
        }
        var input = TensorConvert.ToTensor(x).requires_grad_(true);
        var output = theirs.forward(input);
        (output * TensorConvert.ToTensor(upstream)).sum().backward();

        Compare.Close(y, TensorConvert.ToMatrix(output.detach()), 1e-12, "layer norm output");
        Compare.Close(dx, TensorConvert.ToMatrix(input.grad!), 1e-12, "layer norm input gradient");
        Compare.Close(mine.Gamma.Grad, TensorConvert.ToMatrix(theirs.weight!.grad!.unsqueeze(0)), 1e-12, "gamma gradient");
        Compare.Close(mine.Beta.Grad, TensorConvert.ToMatrix(theirs.bias!.grad!.unsqueeze(0)), 1e-12, "beta gradient");
    }

    [Fact]
    public void LayerNorm_WrongWidth_NamesBothShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => new LayerNorm(4).Forward(Matrix<double>.Build.Dense(2, 3)));
        Assert.Contains("(B, 4), got (2, 3)", error.Message);
    }

    [Fact]
    public void Residual_WithAZeroBranch_IsTheIdentity_ForwardAndBackward()
    {
        var zero = new Dense(5, 5, new Random(1));
        zero.Weight.Value.Clear();
        zero.Bias.Value.Clear();
        var block = new Residual(zero);
        var x = Compare.RandomMatrix(3, 5, seed: 2);
        var dy = Compare.RandomMatrix(3, 5, seed: 3);
        Assert.True(block.Forward(x).Equals(x));
        Assert.True(block.Backward(dy).Equals(dy));
    }

    [Fact]
    public void Residual_PassesTheGradientCheck()
    {
        var report = GradientCheck.Layer(new Residual(new Dense(4, 4, new Random(5))), Compare.RandomMatrix(3, 4, seed: 6));
        Assert.True(report.Passed(1e-6), "gradient check failed:\n" + report);
    }

    [Fact]
    public void Residual_BranchThatChangesTheShape_IsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new Residual(new Dense(4, 3, new Random(1))).Forward(Matrix<double>.Build.Dense(2, 4)));
        Assert.Contains("must keep the input's shape", error.Message);
        Assert.Contains("(2, 4), got (2, 3)", error.Message);
    }
}
