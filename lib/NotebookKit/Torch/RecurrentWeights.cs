using NotebookKit.Scratch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Torch;

/// <summary>Copies a from-scratch recurrent layer's weights into TorchSharp's <c>nn.RNN</c>, <c>nn.LSTM</c> or <c>nn.GRU</c>.</summary>
public static class RecurrentWeights
{
    /// <summary>Copies weight_ih, weight_hh, bias_ih and bias_hh of layer 0; sizes and gate counts must match.</summary>
    public static void CopyFrom(Recurrent scratch, nn.Module module)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = torch.no_grad();
        foreach (var (name, source) in new[] { ("weight_ih_l0", scratch.WeightIh), ("weight_hh_l0", scratch.WeightHh), ("bias_ih_l0", scratch.BiasIh), ("bias_hh_l0", scratch.BiasHh) })
        {
            if (!parameters.TryGetValue(name, out var target))
                throw new ArgumentException($"Expected a recurrent module with a parameter '{name}', found: {string.Join(", ", parameters.Keys)}.", nameof(module));
            using var value = TensorConvert.ToTensor(source.Value, target.dtype);
            using var shaped = name.StartsWith("bias", StringComparison.Ordinal) ? value.reshape(-1) : value.alias();
            if (!shaped.shape.SequenceEqual(target.shape))
                throw new ArgumentException($"{name}: expected shape ({string.Join(", ", target.shape)}), the from-scratch layer has ({string.Join(", ", shaped.shape)}).", nameof(scratch));
            target.copy_(shaped);
        }
    }

    /// <summary>The other direction: a trained module's layer-0 weights into a from-scratch layer (to trace its gates).</summary>
    public static void CopyTo(nn.Module module, Recurrent scratch)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, target) in new[] { ("weight_ih_l0", scratch.WeightIh), ("weight_hh_l0", scratch.WeightHh), ("bias_ih_l0", scratch.BiasIh), ("bias_hh_l0", scratch.BiasHh) })
        {
            if (!parameters.TryGetValue(name, out var source))
                throw new ArgumentException($"Expected a recurrent module with a parameter '{name}', found: {string.Join(", ", parameters.Keys)}.", nameof(module));
            using var detached = source.detach();
            using var matrix = name.StartsWith("bias", StringComparison.Ordinal) ? detached.unsqueeze(0) : detached.alias();
            var values = TensorConvert.ToMatrix(matrix);
            if (values.RowCount != target.Value.RowCount || values.ColumnCount != target.Value.ColumnCount)
                throw new ArgumentException($"{name}: the module has ({values.RowCount}, {values.ColumnCount}), the from-scratch layer ({target.Value.RowCount}, {target.Value.ColumnCount}).", nameof(scratch));
            values.CopyTo(target.Value);
        }
    }
}
