using TorchSharp;

namespace NotebookKit.Torch;

/// <summary>Copies a from-scratch MLP's weights into the TorchSharp one, so the two compute the same numbers.</summary>
public static class MlpWeights
{
    /// <summary>Copies the from-scratch model's weights (same sizes), converting to this model's dtype.</summary>
    public static void CopyWeightsFrom(this Modules.Mlp module, Scratch.Mlp scratch)
    {
        if (!scratch.Sizes.SequenceEqual(module.Sizes))
            throw new ArgumentException($"Expected a model of sizes [{string.Join(", ", module.Sizes)}], got [{string.Join(", ", scratch.Sizes)}].", nameof(scratch));
        using var noGrad = torch.no_grad();
        for (var i = 0; i < module.Linears.Count; i++)
        {
            var dense = scratch.DenseLayers[i];
            using var weight = TensorConvert.ToTensor(dense.Weight.Value, module.Linears[i].weight!.dtype);   // (O, I)
            using var bias = TensorConvert.ToTensor(dense.Bias.Value, module.Linears[i].weight!.dtype);       // (1, O)
            module.Linears[i].weight!.copy_(weight);
            module.Linears[i].bias!.copy_(bias.squeeze(0));
        }
    }
}
