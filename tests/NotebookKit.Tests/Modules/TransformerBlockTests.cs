using NotebookKit.Modules;
using NotebookKit.Tests.Support;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Modules;

/// <summary>The kit's encoder and decoder blocks against TorchSharp's built-in layers (post-norm, sequence-first), forward and gradients.</summary>
public sealed class TransformerBlockTests
{
    private static readonly TransformerConfig PostNorm = new() { Width = 8, Heads = 2, FeedForwardSize = 16, Dropout = 0, Norm = NormPlacement.PostNorm };

    private static Tensor Random(long[] shape, int seed) => Tensors.Random(shape, seed);

    private static void Close(Tensor expected, Tensor actual, double tolerance, string what) => Tensors.Close(expected, actual, tolerance, what);

    [Fact]
    public void EncoderBlock_EqualsTransformerEncoderLayer_ForwardAndGradients()
    {
        using var scope = torch.NewDisposeScope();
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(1);
        var block = new EncoderBlock(PostNorm);
        block.to(ScalarType.Float64);
        using var builtin = nn.TransformerEncoderLayer(8, 2, 16, 0.0);
        builtin.to(ScalarType.Float64);
        block.CopyWeightsTo(builtin);
        var padding = torch.tensor(new[] { true, true, true, true, true, true, true, false, false, false }).view(2, 5);

        var x = Random([2, 5, 8], seed: 2);
        var mine = x.clone().requires_grad_(true);
        var theirs = x.transpose(0, 1).clone().requires_grad_(true);
        var upstream = Random([2, 5, 8], seed: 3);
        var kit = block.forward(mine, AttentionMasks.Combine(padding, causal: true, 5, 5));
        var reference = builtin.call(theirs, AttentionMasks.ToAdditive(AttentionMasks.Causal(5), ScalarType.Float64), AttentionMasks.ToIgnoreMask(padding));
        (kit * upstream).sum().backward();
        (reference.transpose(0, 1) * upstream).sum().backward();

        Close(reference.transpose(0, 1), kit, 1e-9, "encoder block output");
        Close(theirs.grad!.transpose(0, 1), mine.grad!, 1e-9, "∂L/∂x");
        var builtinGrads = builtin.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        Close(builtinGrads["linear1.weight"], block.FeedForward.Expand.weight!.grad!, 1e-9, "∂L/∂W₁");
        Close(builtinGrads["norm1.weight"], block.Norm1.weight!.grad!, 1e-9, "∂L/∂γ₁");
        Close(builtinGrads["self_attn.out_proj.weight"], block.SelfAttention.Output.weight!.grad!, 1e-9, "∂L/∂W_O");
        var inProj = builtinGrads["self_attn.in_proj_weight"];
        Close(inProj[8..16], block.SelfAttention.Key.weight!.grad!, 1e-9, "∂L/∂W_K");
    }

    [Fact]
    public void DecoderBlock_EqualsTransformerDecoderLayer_ForwardAndGradients()
    {
        using var scope = torch.NewDisposeScope();
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(4);
        var block = new DecoderBlock(PostNorm);
        block.to(ScalarType.Float64);
        using var builtin = nn.TransformerDecoderLayer(8, 2, 16, 0.0);
        builtin.to(ScalarType.Float64);
        block.CopyWeightsTo(builtin);
        var sourcePadding = torch.tensor(new[] { true, true, true, true, true, true, true, true, false, false }).view(2, 5);

        var (target, memory) = (Random([2, 4, 8], seed: 5), Random([2, 5, 8], seed: 6));
        var (mineT, mineM) = (target.clone().requires_grad_(true), memory.clone().requires_grad_(true));
        var (theirT, theirM) = (target.transpose(0, 1).clone().requires_grad_(true), memory.transpose(0, 1).clone().requires_grad_(true));
        var upstream = Random([2, 4, 8], seed: 7);
        var kit = block.forward(mineT, mineM, AttentionMasks.Causal(4), AttentionMasks.Combine(sourcePadding, causal: false, 4, 5));
        var reference = builtin.call(theirT, theirM, AttentionMasks.ToAdditive(AttentionMasks.Causal(4), ScalarType.Float64), null, null, AttentionMasks.ToIgnoreMask(sourcePadding));
        (kit * upstream).sum().backward();
        (reference.transpose(0, 1) * upstream).sum().backward();

        Close(reference.transpose(0, 1), kit, 1e-9, "decoder block output");
        Close(theirT.grad!.transpose(0, 1), mineT.grad!, 1e-9, "∂L/∂target");
        Close(theirM.grad!.transpose(0, 1), mineM.grad!, 1e-9, "∂L/∂memory");
        var builtinGrads = builtin.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        Close(builtinGrads["multihead_attn.out_proj.weight"], block.CrossAttention.Output.weight!.grad!, 1e-9, "∂L/∂W_O of cross-attention");
        Close(builtinGrads["norm3.bias"], block.Norm3.bias!.grad!, 1e-9, "∂L/∂β₃");
    }

    [Fact]
    public void PreNormBlock_RefusesTheBuiltInLayer_WhichIsPostNormOnly()
    {
        TorchRuntime.EnsureLoaded();
        using var block = new EncoderBlock(PostNorm with { Norm = NormPlacement.PreNorm });
        using var builtin = nn.TransformerEncoderLayer(8, 2, 16, 0.0);
        Assert.Contains("post-norm only", Assert.Throws<ArgumentException>(() => block.CopyWeightsTo(builtin)).Message);
    }
}
