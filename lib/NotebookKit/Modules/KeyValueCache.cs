using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The keys and values one self-attention layer has computed so far during generation, so that
/// each new token costs one position's projections instead of the whole context's. Holds
/// (B, H, L, D) tensors that grow by the new positions at every step; dispose it when done.
/// </summary>
public sealed class KeyValueCache : IDisposable
{
    private Tensor? keys, values;

    /// <summary>Positions cached so far (L).</summary>
    public long Length => keys?.shape[2] ?? 0;

    /// <summary>(B, H, L, D), or null before the first step.</summary>
    public Tensor? Keys => keys;

    /// <summary>(B, H, L, D), or null before the first step.</summary>
    public Tensor? Values => values;

    /// <summary>Appends the new positions' keys and values (B, H, N, D) and returns all of them (B, H, L + N, D).</summary>
    public (Tensor Keys, Tensor Values) Append(Tensor newKeys, Tensor newValues)
    {
        if (keys is not null && (newKeys.shape[0] != keys.shape[0] || newKeys.shape[1] != keys.shape[1] || newKeys.shape[3] != keys.shape[3]))
            throw new ArgumentException($"Expected new keys (B, H, N, D) = ({keys.shape[0]}, {keys.shape[1]}, N, {keys.shape[3]}) like the cached ones, got ({string.Join(", ", newKeys.shape)}).", nameof(newKeys));
        var nextKeys = keys is null ? newKeys.detach().clone() : torch.cat([keys, newKeys.detach()], 2);
        var nextValues = values is null ? newValues.detach().clone() : torch.cat([values, newValues.detach()], 2);
        keys?.Dispose();
        values?.Dispose();
        keys = nextKeys.DetachFromDisposeScope();
        values = nextValues.DetachFromDisposeScope();
        return (keys, values);
    }

    public void Dispose()
    {
        keys?.Dispose();
        values?.Dispose();
        keys = values = null;
    }
}
