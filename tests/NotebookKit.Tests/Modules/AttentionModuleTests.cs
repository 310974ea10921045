using NotebookKit.Modules;
using NotebookKit.Tests.Support;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Modules;

/// <summary>
/// The kit's TorchSharp attention against TorchSharp's built-ins on shared weights (float64), the
/// two attention paths against each other, and the mask's promises.
/// </summary>
public sealed class AttentionModuleTests
{
    private static Tensor Random(long[] shape, int seed) => Tensors.Random(shape, seed);

    private static void Close(Tensor expected, Tensor actual, double tolerance, string what) => Tensors.Close(expected, actual, tolerance, what);

    /// <summary>(B = 2, S = 5) padding: the second sentence has 3 real tokens.</summary>
    private static Tensor Padding() => torch.tensor(new[] { true, true, true, true, true, true, true, true, false, false }).view(2, 5);

    private static MultiHeadAttention Kit(int width, int heads, int seed)
    {
        torch.manual_seed(seed);
        var module = new MultiHeadAttention(width, heads);
        module.to(ScalarType.Float64);
        return module;
    }

    [Fact]
    public void ExplicitAndFusedPaths_GiveTheSameOutputAndGradients_WithCausalAndPaddingMasks()
    {
        using var scope = torch.NewDisposeScope();
        var mask = AttentionMasks.Combine(Padding(), causal: true, 5, 5);
        var results = new List<(Tensor Output, Tensor Grad)>();
        foreach (var path in new[] { AttentionPath.Explicit, AttentionPath.Fused })
        {
            var module = Kit(8, 2, seed: 1);
            module.Path = path;
            var x = Random([2, 5, 8], seed: 2).requires_grad_(true);
            var y = module.forward(x, x, mask);
            (y * Random([2, 5, 8], seed: 3)).sum().backward();
            results.Add((y.detach(), x.grad!));
        }
        Close(results[0].Output, results[1].Output, 1e-12, "output, explicit vs fused");
        Close(results[0].Grad, results[1].Grad, 1e-12, "∂L/∂x, explicit vs fused");
    }

    [Fact]
    public void MultiHeadAttention_EqualsTorchSharpsMultiheadAttention_WithKeyPaddingAndAFloatCausalMask()
    {
        using var scope = torch.NewDisposeScope();
        var module = Kit(8, 2, seed: 4);
        using var builtin = nn.MultiheadAttention(8, 2);
        builtin.to(ScalarType.Float64);
        module.CopyWeightsTo(builtin);

        var x = Random([2, 5, 8], seed: 5);
        var mine = x.clone().requires_grad_(true);
        var theirs = x.transpose(0, 1).clone().requires_grad_(true);                     // their layout is (S, B, C)
        var upstream = Random([2, 5, 8], seed: 6);
        var (kitOut, kitWeights) = module.Attend(mine, mine, AttentionMasks.Combine(Padding(), causal: true, 5, 5));
        var (builtinOut, builtinWeights) = builtin.call(theirs, theirs, theirs, AttentionMasks.ToIgnoreMask(Padding()), true,
            AttentionMasks.ToAdditive(AttentionMasks.Causal(5), ScalarType.Float64));
        (kitOut * upstream).sum().backward();
        (builtinOut.transpose(0, 1) * upstream).sum().backward();

        Close(builtinOut.transpose(0, 1), kitOut, 1e-12, "output");
        Close(builtinWeights, kitWeights!.mean([1]), 1e-12, "weights (theirs: averaged over heads)");
        Close(theirs.grad!.transpose(0, 1), mine.grad!, 1e-12, "∂L/∂x");
    }

    [Fact]
    public void MultiHeadAttention_WithSeparateKeyAndValueInputs_EqualsTorchSharpsMultiheadAttention()
    {
        using var scope = torch.NewDisposeScope();
        var module = Kit(8, 2, seed: 15);
        using var builtin = nn.MultiheadAttention(8, 2);
        builtin.to(ScalarType.Float64);
        module.CopyWeightsTo(builtin);
        var (q, k, v) = (Random([2, 3, 8], seed: 16), Random([2, 5, 8], seed: 17), Random([2, 5, 8], seed: 18));
        var mine = module.Attend(q, k, v, null).Output;
        var (theirs, _) = builtin.call(q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1));
        Close(theirs.transpose(0, 1), mine, 1e-12, "output with keys and values from different inputs");
        Assert.Contains("key and value inputs (B, S, C = 8)", Assert.Throws<ArgumentException>(() => module.Attend(q, k, Random([2, 4, 8], seed: 19), null)).Message);
    }

    [Fact]
    public void MultiHeadAttention_EqualsFunctionalScaledDotProductAttention_OnItsOwnProjections()
    {
        using var scope = torch.NewDisposeScope();
        var module = Kit(12, 3, seed: 7);
        var x = Random([2, 4, 12], seed: 8);
        var mine = module.forward(x, x, AttentionMasks.Causal(4));
        Tensor Heads(Tensor t) => t.view(2, 4, 3, 4).transpose(1, 2);                     // (B, H, T, D)
        var heads = nn.functional.scaled_dot_product_attention(Heads(module.Query.forward(x)), Heads(module.Key.forward(x)), Heads(module.Value.forward(x)), is_casual: true);
        var reference = module.Output.forward(heads.transpose(1, 2).reshape(2, 4, 12));
        Close(reference, mine, 1e-12, "multi-head output vs functional attention");
    }

    /// <summary>
    /// PyTorch documents a bool attn_mask of nn.MultiheadAttention as "True = not allowed to
    /// attend". TorchSharp 0.107's module adds the bool mask to the scores instead (True becomes
    /// +1), so the masked position still gets weight. The kit's module follows the documented
    /// semantics (its own convention inverted: true = may attend) and equals the float form.
    /// </summary>
    [Fact]
    public void TorchSharp0107_BoolAttnMaskOfMultiheadAttention_IsNotPyTorchs_AndTheKitsModuleIs()
    {
        using var scope = torch.NewDisposeScope();
        var module = Kit(8, 2, seed: 9);
        using var builtin = nn.MultiheadAttention(8, 2);
        builtin.to(ScalarType.Float64);
        module.CopyWeightsTo(builtin);
        var x = Random([4, 1, 8], seed: 10);                                              // (S, B, C)
        var hidden = AttentionMasks.Causal(4).logical_not();                              // PyTorch's bool form: true = not allowed
        var (_, boolWeights) = builtin.call(x, x, x, null, true, hidden);
        var (floatOut, floatWeights) = builtin.call(x, x, x, null, true, AttentionMasks.ToAdditive(AttentionMasks.Causal(4), ScalarType.Float64));

        Assert.True(boolWeights[0, 0, 1].item<double>() > 0, "TorchSharp's bool attn_mask now hides the future: update the docs and chapter 12");
        Assert.Equal(0.0, floatWeights[0, 0, 1].item<double>());
        var (kitOut, kitWeights) = module.Attend(x.transpose(0, 1), x.transpose(0, 1), AttentionMasks.Causal(4));
        Assert.Equal(0.0, kitWeights![0, .., 0, 1].abs().max().item<double>());
        Close(floatOut.transpose(0, 1), kitOut, 1e-12, "kit vs the float-masked built-in");
    }

    [Fact]
    public void MaskedPositions_GetExactlyZeroWeight_AndTheirValuesChangeNothing()
    {
        using var scope = torch.NewDisposeScope();
        var module = Kit(8, 2, seed: 11);
        var x = Random([2, 5, 8], seed: 12);
        var mask = AttentionMasks.Combine(Padding(), causal: false, 5, 5);
        var (y, weights) = module.Attend(x, x, mask);
        Close(torch.ones(2, 2, 5), weights!.sum(-1), 1e-12, "rows sum to 1");
        Assert.Equal(0.0, weights[1, .., .., 3..].abs().max().item<double>());             // padded keys of sentence 2
        var changed = x.clone();
        changed[1, 3..] = torch.full([2, 8], 1e3, ScalarType.Float64);                     // garbage in the padding
        var (y2, _) = module.Attend(changed, changed, mask);
        Assert.Equal(0.0, (y[1, ..3] - y2[1, ..3]).abs().max().item<double>());          // bit-identical: padding changes nothing
        var (_, causal) = module.Attend(x, x, AttentionMasks.Causal(5));
        Assert.Equal(0.0, causal!.triu(1).abs().max().item<double>());                     // every future position hidden
    }

    [Fact]
    public void SelfAttention_IsPermutationEquivariant_WithoutPositions_AndNotWithThem()
    {
        using var scope = torch.NewDisposeScope();
        var config = TransformerConfig.Tiny with { Positions = PositionKind.None };
        torch.manual_seed(13);
        var encoder = new TransformerEncoder(config);
        encoder.to(ScalarType.Float64).eval();
        var x = Random([1, 4, 32], seed: 14);
        var order = torch.tensor(new long[] { 2, 0, 3, 1 });
        Close(encoder.forward(x, null).index_select(1, order), encoder.forward(x.index_select(1, order), null), 1e-12, "encoder of permuted input");

        using var positions = new SinusoidalPositionalEncoding(32, 8);
        var withPositions = encoder.forward(positions.forward(x), null).index_select(1, order);
        var permutedWithPositions = encoder.forward(positions.forward(x.index_select(1, order)), null);
        Assert.True((withPositions - permutedWithPositions).abs().max().item<double>() > 1e-3, "with positions the outputs should differ");
    }

    [Fact]
    public void SinusoidalTable_EqualsTheFromScratchOne()
    {
        using var scope = torch.NewDisposeScope();
        var table = TensorConvert.ToMatrix(SinusoidalPositionalEncoding.Table(40, 16));
        Compare.Close(NotebookKit.Scratch.PositionalTable.Sinusoidal(40, 16), table, 1e-6, "sinusoidal table (float32)");
    }

    [Fact]
    public void BadInput_IsAClearError_NamingWhatWasExpectedAndWhatCame()
    {
        using var scope = torch.NewDisposeScope();
        TorchRuntime.EnsureLoaded();
        Assert.Contains("C = 10 and H = 4", Assert.Throws<ArgumentException>(() => new MultiHeadAttention(10, 4)).Message);
        Assert.Contains("Width = 10 and Heads = 4", Assert.Throws<ArgumentException>(() => new TransformerConfig { Width = 10, Heads = 4 }.Validated()).Message);
        Assert.Contains("[0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerConfig { Dropout = 1.0 }.Validated()).Message);
        Assert.Contains("Layers = 0", Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerConfig { Layers = 0 }.Validated()).Message);
        var module = new MultiHeadAttention(8, 2);
        var x = torch.zeros(2, 5, 8);
        Assert.Contains("(B = 2, H = 2, T = 5, S = 5), got (3, 5)", Assert.Throws<ArgumentException>(() => module.forward(x, x, torch.ones(3, 5, ScalarType.Bool))).Message);
        Assert.Contains("Expected a bool mask", Assert.Throws<ArgumentException>(() => module.forward(x, x, torch.ones(5, 5))).Message);
        Assert.Contains("(B, T, C = 8)", Assert.Throws<ArgumentException>(() => module.forward(torch.zeros(2, 5, 6), x, null)).Message);
        Assert.Contains("at least one sequence", Assert.Throws<ArgumentException>(() => module.forward(torch.zeros(0, 5, 8), torch.zeros(0, 5, 8), null)).Message);
        using var positions = new SinusoidalPositionalEncoding(8, 6);
        Assert.Contains("at most 6 positions (the positional table's length), got one of 9", Assert.Throws<ArgumentException>(() => positions.forward(torch.zeros(1, 9, 8))).Message);
        using var learned = new LearnedPositionalEncoding(8, 6);
        Assert.Contains("got one of 7", Assert.Throws<ArgumentException>(() => learned.forward(torch.zeros(1, 7, 8))).Message);
    }
}
