using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Torch;

/// <summary>
/// Shares weights between the three worlds of attention: the from-scratch layers, the kit's
/// TorchSharp modules, and TorchSharp's built-in <c>nn.MultiheadAttention</c> /
/// <c>nn.TransformerEncoderLayer</c> / <c>nn.TransformerDecoderLayer</c> (which keep W_Q, W_K, W_V
/// stacked in one (3C, C) <c>in_proj_weight</c>). With the same weights they must compute the same numbers.
/// </summary>
public static class TransformerWeights
{
    /// <summary>The kit's module takes the from-scratch layer's weights.</summary>
    public static void CopyWeightsFrom(this Modules.MultiHeadAttention module, Scratch.MultiHeadAttention scratch)
    {
        RequireSameShape(module.Width, module.Heads, scratch.Width, scratch.Heads);
        using var noGrad = torch.no_grad();
        CopyDense(module.Query, scratch.Query);
        CopyDense(module.Key, scratch.Key);
        CopyDense(module.Value, scratch.Value);
        CopyDense(module.Output, scratch.Output);
    }

    /// <summary>The kit's encoder block takes the from-scratch block's weights (same norm placement).</summary>
    public static void CopyWeightsFrom(this Modules.EncoderBlock module, Scratch.EncoderBlock scratch)
    {
        if (module.Config.Norm != scratch.Norm)
            throw new ArgumentException($"Expected blocks with the same norm placement, got {module.Config.Norm} and {scratch.Norm}.", nameof(scratch));
        module.SelfAttention.CopyWeightsFrom(scratch.Attention);
        using var noGrad = torch.no_grad();
        CopyDense(module.FeedForward.Expand, scratch.FeedForward.Expand);
        CopyDense(module.FeedForward.Project, scratch.FeedForward.Project);
        CopyNorm(module.Norm1, scratch.Norm1);
        CopyNorm(module.Norm2, scratch.Norm2);
    }

    /// <summary>The kit's decoder block takes the from-scratch block's weights (same norm placement).</summary>
    public static void CopyWeightsFrom(this Modules.DecoderBlock module, Scratch.DecoderBlock scratch)
    {
        if (module.Config.Norm != scratch.Norm)
            throw new ArgumentException($"Expected blocks with the same norm placement, got {module.Config.Norm} and {scratch.Norm}.", nameof(scratch));
        module.SelfAttention.CopyWeightsFrom(scratch.SelfAttention);
        module.CrossAttention.CopyWeightsFrom(scratch.CrossAttention);
        using var noGrad = torch.no_grad();
        CopyDense(module.FeedForward.Expand, scratch.FeedForward.Expand);
        CopyDense(module.FeedForward.Project, scratch.FeedForward.Project);
        CopyNorm(module.Norm1, scratch.Norm1);
        CopyNorm(module.Norm2, scratch.Norm2);
        CopyNorm(module.Norm3, scratch.Norm3);
    }

    /// <summary>TorchSharp's <c>nn.MultiheadAttention</c> takes the kit's module's weights.</summary>
    public static void CopyWeightsTo(this Modules.MultiHeadAttention module, nn.Module builtin, string prefix = "")
    {
        using var noGrad = torch.no_grad();
        var parameters = builtin.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Set(parameters, prefix + "in_proj_weight", torch.cat([module.Query.weight!, module.Key.weight!, module.Value.weight!], 0));   // (3C, C)
        Set(parameters, prefix + "in_proj_bias", torch.cat([module.Query.bias!, module.Key.bias!, module.Value.bias!], 0));          // (3C)
        Set(parameters, prefix + "out_proj.weight", module.Output.weight!);
        Set(parameters, prefix + "out_proj.bias", module.Output.bias!);
    }

    /// <summary>TorchSharp's <c>nn.TransformerEncoderLayer</c> takes the kit's (post-norm) block's weights.</summary>
    public static void CopyWeightsTo(this Modules.EncoderBlock module, nn.Module builtin)
    {
        RequirePostNorm(module.Config);
        module.SelfAttention.CopyWeightsTo(builtin, "self_attn.");
        CopyFeedForwardAndNorms(builtin, module.FeedForward, [module.Norm1, module.Norm2]);
    }

    /// <summary>TorchSharp's <c>nn.TransformerDecoderLayer</c> takes the kit's (post-norm) block's weights.</summary>
    public static void CopyWeightsTo(this Modules.DecoderBlock module, nn.Module builtin)
    {
        RequirePostNorm(module.Config);
        module.SelfAttention.CopyWeightsTo(builtin, "self_attn.");
        module.CrossAttention.CopyWeightsTo(builtin, "multihead_attn.");
        CopyFeedForwardAndNorms(builtin, module.FeedForward, [module.Norm1, module.Norm2, module.Norm3]);
    }

    private static void CopyFeedForwardAndNorms(nn.Module builtin, Modules.FeedForward feedForward, TorchSharp.Modules.LayerNorm[] norms)
    {
        using var noGrad = torch.no_grad();
        var parameters = builtin.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Set(parameters, "linear1.weight", feedForward.Expand.weight!);
        Set(parameters, "linear1.bias", feedForward.Expand.bias!);
        Set(parameters, "linear2.weight", feedForward.Project.weight!);
        Set(parameters, "linear2.bias", feedForward.Project.bias!);
        for (var i = 0; i < norms.Length; i++)
        {
            Set(parameters, $"norm{i + 1}.weight", norms[i].weight!);
            Set(parameters, $"norm{i + 1}.bias", norms[i].bias!);
        }
    }

    private static void RequirePostNorm(Modules.TransformerConfig config)
    {
        if (config.Norm != NormPlacement.PostNorm)
            throw new ArgumentException($"Expected a post-norm block: TorchSharp's built-in layers are post-norm only, got {config.Norm}.");
    }

    private static void RequireSameShape(int width, int heads, int otherWidth, int otherHeads)
    {
        if (width != otherWidth || heads != otherHeads)
            throw new ArgumentException($"Expected the same shape (C = {width}, H = {heads}), got C = {otherWidth}, H = {otherHeads}.");
    }

    private static void Set(Dictionary<string, TorchSharp.Modules.Parameter> parameters, string name, Tensor value)
    {
        if (!parameters.TryGetValue(name, out var target))
            throw new ArgumentException($"Expected a parameter named {name}, got only: {string.Join(", ", parameters.Keys)}.");
        if (!target.shape.SequenceEqual(value.shape))
            throw new ArgumentException($"Expected {name} of shape ({string.Join(", ", target.shape)}), got ({string.Join(", ", value.shape)}).");
        target.copy_(value);
    }

    private static void CopyDense(TorchSharp.Modules.Linear linear, Scratch.Dense dense)
    {
        using var weight = TensorConvert.ToTensor(dense.Weight.Value, linear.weight!.dtype);     // (O, I)
        using var bias = TensorConvert.ToTensor(dense.Bias.Value, linear.weight!.dtype);         // (1, O)
        linear.weight!.copy_(weight);
        linear.bias!.copy_(bias.squeeze(0));
    }

    private static void CopyNorm(TorchSharp.Modules.LayerNorm norm, Scratch.LayerNorm scratch)
    {
        using var gamma = TensorConvert.ToTensor(scratch.Gamma.Value, norm.weight!.dtype);
        using var beta = TensorConvert.ToTensor(scratch.Beta.Value, norm.weight!.dtype);
        norm.weight!.copy_(gamma.squeeze(0));
        norm.bias!.copy_(beta.squeeze(0));
    }
}
