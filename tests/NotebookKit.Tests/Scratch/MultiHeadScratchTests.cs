using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Scratch;
using NotebookKit.Tests.Support;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Scratch;

/// <summary>Multi-head attention, the feed-forward network and the encoder block from scratch: finite differences, TorchSharp, properties.</summary>
public sealed class MultiHeadScratchTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MultiHeadAttention_PassesTheGradientCheck_InputsAndWeights(bool masked)
    {
        var mha = new MultiHeadAttention(6, 3, new Random(1));
        var (xq, xkv) = (Compare.RandomMatrix(4, 6, seed: 2), Compare.RandomMatrix(5, 6, seed: 3));
        var mask = masked ? Sub(ScaledDotProductAttention.CausalMask(5), 4, 5) : null;
        var upstream = Compare.RandomMatrix(4, 6, seed: 4);
        var (qData, kvData) = (xq.AsColumnMajorArray(), xkv.AsColumnMajorArray());
        var (qGrad, kvGrad) = (new double[qData.Length], new double[kvData.Length]);
        var targets = mha.Parameters.Select(p => GradientTarget.Of(p)).Append(new GradientTarget("X_q", qData, qGrad)).Append(new GradientTarget("X_kv", kvData, kvGrad)).ToArray();
        var report = GradientCheck.Run(targets,
            () => mha.Forward(xq, xkv, mask).Output.PointwiseMultiply(upstream).Enumerate().Sum(),
            () =>
            {
                foreach (var p in mha.Parameters) p.ZeroGrad();
                mha.Forward(xq, xkv, mask);
                var g = mha.Backward(upstream);
                g.QueryInput.AsColumnMajorArray().CopyTo(qGrad, 0);
                g.KeyValueInput.AsColumnMajorArray().CopyTo(kvGrad, 0);
            });
        Assert.True(report.Passed(1e-6), "gradient check failed:\n" + report);
    }

    private static bool[,] Sub(bool[,] mask, int rows, int columns)
    {
        var result = new bool[rows, columns];
        for (var r = 0; r < rows; r++) for (var c = 0; c < columns; c++) result[r, c] = mask[r + 1, c];   // queries 1…4 of a causal mask over 5 keys
        return result;
    }

    [Theory]
    [InlineData(NormPlacement.PreNorm)]
    [InlineData(NormPlacement.PostNorm)]
    public void EncoderBlock_PassesTheGradientCheck_EndToEnd(NormPlacement norm)
    {
        var block = new EncoderBlock(4, 2, 8, new Random(5), norm) { Mask = ScaledDotProductAttention.CausalMask(5) };
        var report = GradientCheck.Layer(block, Compare.RandomMatrix(5, 4, seed: 6));
        Assert.True(report.Passed(1e-6), "gradient check failed:\n" + report);
    }

    [Fact]
    public void MultiHeadAttention_EqualsTheKitsTorchSharpModule_ForwardWeightsAndGradients()
    {
        using var scope = torch.NewDisposeScope();
        var scratch = new MultiHeadAttention(8, 2, new Random(7));
        var (xq, xkv) = (Compare.RandomMatrix(3, 8, seed: 8), Compare.RandomMatrix(5, 8, seed: 9));
        var mask = new bool[3, 5];
        for (var t = 0; t < 3; t++) for (var s = 0; s < 4; s++) mask[t, s] = true;              // the last key is padding
        var upstream = Compare.RandomMatrix(3, 8, seed: 10);
        var mine = scratch.Forward(xq, xkv, mask);
        var grads = scratch.Backward(upstream);

        var module = new NotebookKit.Modules.MultiHeadAttention(8, 2);
        module.to(ScalarType.Float64);
        module.CopyWeightsFrom(scratch);
        var tq = TensorConvert.ToTensor(xq).unsqueeze(0).requires_grad_(true);                  // (1, T, C)
        var tkv = TensorConvert.ToTensor(xkv).unsqueeze(0).requires_grad_(true);                // (1, S, C)
        var padding = torch.tensor(new[] { true, true, true, true, false }).view(1, 5);
        var result = module.Attend(tq, tkv, NotebookKit.Modules.AttentionMasks.Combine(padding, false, 3, 5));
        (result.Output * TensorConvert.ToTensor(upstream).unsqueeze(0)).sum().backward();

        Compare.Close(mine.Output, TensorConvert.ToMatrix(result.Output.detach()[0]), 1e-12, "output");
        for (var h = 0; h < 2; h++) Compare.Close(mine.Weights[h], TensorConvert.ToMatrix(result.Weights![0, h]), 1e-12, $"head {h} weights");
        Compare.Close(grads.QueryInput, TensorConvert.ToMatrix(tq.grad![0]), 1e-12, "∂L/∂X_q");
        Compare.Close(grads.KeyValueInput, TensorConvert.ToMatrix(tkv.grad![0]), 1e-12, "∂L/∂X_kv");
        Compare.Close(scratch.Query.Weight.Grad, TensorConvert.ToMatrix(module.Query.weight!.grad!), 1e-12, "∂L/∂W_Q");
        Compare.Close(scratch.Output.Weight.Grad, TensorConvert.ToMatrix(module.Output.weight!.grad!), 1e-12, "∂L/∂W_O");
    }

    [Theory]
    [InlineData(NormPlacement.PreNorm)]
    [InlineData(NormPlacement.PostNorm)]
    public void EncoderBlock_EqualsTheKitsTorchSharpBlock_ForwardAndGradients(NormPlacement norm)
    {
        using var scope = torch.NewDisposeScope();
        var scratch = new EncoderBlock(8, 2, 16, new Random(11), norm);
        Compare.RandomMatrix(1, 8, seed: 12).CopyTo(scratch.Norm1.Gamma.Value);                  // not the identity affine
        Compare.RandomMatrix(1, 8, seed: 13).CopyTo(scratch.Norm2.Beta.Value);
        var x = Compare.RandomMatrix(5, 8, seed: 14, scale: 2);
        var upstream = Compare.RandomMatrix(5, 8, seed: 15);
        scratch.Mask = ScaledDotProductAttention.CausalMask(5);
        var y = scratch.Forward(x);
        var dx = scratch.Backward(upstream);

        var block = new NotebookKit.Modules.EncoderBlock(new NotebookKit.Modules.TransformerConfig { Width = 8, Heads = 2, FeedForwardSize = 16, Dropout = 0, Norm = norm });
        block.to(ScalarType.Float64);
        block.CopyWeightsFrom(scratch);
        var input = TensorConvert.ToTensor(x).unsqueeze(0).requires_grad_(true);
        var output = block.forward(input, NotebookKit.Modules.AttentionMasks.Causal(5));
        (output * TensorConvert.ToTensor(upstream).unsqueeze(0)).sum().backward();

        Compare.Close(y, TensorConvert.ToMatrix(output.detach()[0]), 1e-9, "block output");
        Compare.Close(dx, TensorConvert.ToMatrix(input.grad![0]), 1e-9, "∂L/∂x");
        Compare.Close(scratch.FeedForward.Expand.Weight.Grad, TensorConvert.ToMatrix(block.FeedForward.Expand.weight!.grad!), 1e-9, "∂L/∂W₁ of the FFN");
        Compare.Close(scratch.Attention.Key.Weight.Grad, TensorConvert.ToMatrix(block.SelfAttention.Key.weight!.grad!), 1e-9, "∂L/∂W_K");
        Compare.Close(scratch.Norm1.Gamma.Grad, TensorConvert.ToMatrix(block.Norm1.weight!.grad!.unsqueeze(0)), 1e-9, "∂L/∂γ₁");
    }

    [Fact]
    public void SelfAttention_WithoutPositions_IsPermutationEquivariant()
    {
        var mha = new MultiHeadAttention(6, 2, new Random(16));
        var x = Compare.RandomMatrix(4, 6, seed: 17);
        int[] order = [2, 0, 3, 1];
        var permuted = Matrix<double>.Build.DenseOfRowVectors(order.Select(i => x.Row(i)));
        var y = mha.Forward(x, x).Output;
        var yPermuted = mha.Forward(permuted, permuted).Output;
        Compare.Close(Matrix<double>.Build.DenseOfRowVectors(order.Select(i => y.Row(i))), yPermuted, 1e-12, "permuted output");
    }

    [Fact]
    public void PositionalTable_IsThePapersFormula()
    {
        var table = PositionalTable.Sinusoidal(50, 8);
        Assert.Equal(Math.Sin(7 / Math.Pow(10000, 4.0 / 8)), table[7, 4], 15);
        Assert.Equal(Math.Cos(7 / Math.Pow(10000, 4.0 / 8)), table[7, 5], 15);
        Assert.Equal(0.0, table[0, 0]);
        Assert.Equal(1.0, table[0, 1]);
    }

    [Fact]
    public void BadInput_IsAClearError()
    {
        Assert.Contains("C = 6 and H = 4", Assert.Throws<ArgumentException>(() => new MultiHeadAttention(6, 4, new Random(1))).Message);
        var mha = new MultiHeadAttention(4, 2, new Random(1));
        Assert.Contains("(B, 4), got (3, 5)", Assert.Throws<ArgumentException>(() => mha.Forward(Matrix<double>.Build.Dense(3, 5), Matrix<double>.Build.Dense(3, 4))).Message);
        Assert.Contains("(T = 3, S = 3), got (2, 3)", Assert.Throws<ArgumentException>(() => mha.Forward(Matrix<double>.Build.Dense(3, 4), Matrix<double>.Build.Dense(3, 4), new bool[2, 3])).Message);
        Assert.Contains("before Forward", Assert.Throws<InvalidOperationException>(() => new MultiHeadAttention(4, 2, new Random(1)).Backward(Matrix<double>.Build.Dense(3, 4))).Message);
    }
}

/// <summary>The from-scratch decoder block: finite differences, and the kit's TorchSharp block in both norm placements.</summary>
public sealed class DecoderScratchTests
{
    [Theory]
    [InlineData(NormPlacement.PreNorm)]
    [InlineData(NormPlacement.PostNorm)]
    public void DecoderBlock_PassesTheGradientCheck_TargetMemoryAndWeights(NormPlacement norm)
    {
        var block = new DecoderBlock(4, 2, 8, new Random(1), norm);
        var (target, memory) = (Compare.RandomMatrix(3, 4, seed: 2), Compare.RandomMatrix(5, 4, seed: 3));
        var cross = new bool[3, 5];
        for (var t = 0; t < 3; t++) for (var s = 0; s < 4; s++) cross[t, s] = true;              // the last source position is padding
        var upstream = Compare.RandomMatrix(3, 4, seed: 4);
        var (tData, mData) = (target.AsColumnMajorArray(), memory.AsColumnMajorArray());
        var (tGrad, mGrad) = (new double[tData.Length], new double[mData.Length]);
        var targets = block.Parameters.Select(p => GradientTarget.Of(p)).Append(new GradientTarget("Y", tData, tGrad)).Append(new GradientTarget("M", mData, mGrad)).ToArray();
        var report = GradientCheck.Run(targets,
            () => block.Forward(target, memory, ScaledDotProductAttention.CausalMask(3), cross).PointwiseMultiply(upstream).Enumerate().Sum(),
            () =>
            {
                foreach (var p in block.Parameters) p.ZeroGrad();
                block.Forward(target, memory, ScaledDotProductAttention.CausalMask(3), cross);
                var g = block.Backward(upstream);
                g.Target.AsColumnMajorArray().CopyTo(tGrad, 0);
                g.Memory.AsColumnMajorArray().CopyTo(mGrad, 0);
            });
        Assert.True(report.Passed(1e-6), "gradient check failed:\n" + report);
    }

    [Theory]
    [InlineData(NormPlacement.PreNorm)]
    [InlineData(NormPlacement.PostNorm)]
    public void DecoderBlock_EqualsTheKitsTorchSharpBlock_ForwardAndGradients(NormPlacement norm)
    {
        using var scope = torch.NewDisposeScope();
        var scratch = new DecoderBlock(8, 2, 16, new Random(5), norm);
        Compare.RandomMatrix(1, 8, seed: 6).CopyTo(scratch.Norm2.Gamma.Value);
        var (target, memory) = (Compare.RandomMatrix(4, 8, seed: 7, scale: 2), Compare.RandomMatrix(6, 8, seed: 8));
        var upstream = Compare.RandomMatrix(4, 8, seed: 9);
        var y = scratch.Forward(target, memory, ScaledDotProductAttention.CausalMask(4));
        var g = scratch.Backward(upstream);

        var block = new NotebookKit.Modules.DecoderBlock(new NotebookKit.Modules.TransformerConfig { Width = 8, Heads = 2, FeedForwardSize = 16, Dropout = 0, Norm = norm });
        block.to(ScalarType.Float64);
        block.CopyWeightsFrom(scratch);
        var tTarget = TensorConvert.ToTensor(target).unsqueeze(0).requires_grad_(true);
        var tMemory = TensorConvert.ToTensor(memory).unsqueeze(0).requires_grad_(true);
        var output = block.forward(tTarget, tMemory, NotebookKit.Modules.AttentionMasks.Causal(4), null);
        (output * TensorConvert.ToTensor(upstream).unsqueeze(0)).sum().backward();

        Compare.Close(y, TensorConvert.ToMatrix(output.detach()[0]), 1e-9, "decoder block output");
        Compare.Close(g.Target, TensorConvert.ToMatrix(tTarget.grad![0]), 1e-9, "∂L/∂Y");
        Compare.Close(g.Memory, TensorConvert.ToMatrix(tMemory.grad![0]), 1e-9, "∂L/∂M");
        Compare.Close(scratch.CrossAttention.Value.Weight.Grad, TensorConvert.ToMatrix(block.CrossAttention.Value.weight!.grad!), 1e-9, "∂L/∂W_V of cross-attention");
        Compare.Close(scratch.Norm3.Gamma.Grad, TensorConvert.ToMatrix(block.Norm3.weight!.grad!.unsqueeze(0)), 1e-9, "∂L/∂γ₃");
    }
}
