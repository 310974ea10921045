using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The kit's one mask convention (掩码): a boolean tensor that is <b>true where attention is
/// allowed</b> — a real token, a position that is not in the future. It is PyTorch's convention
/// for a boolean <c>attn_mask</c> of <c>scaled_dot_product_attention</c>, and the opposite of
/// PyTorch's <c>key_padding_mask</c> (true = ignore); <see cref="ToIgnoreMask"/> and
/// <see cref="ToAdditive"/> convert for the framework's built-in layers. A hidden position gets
/// weight exactly 0.
/// </summary>
public static class AttentionMasks
{
    /// <summary>(T, T) lower-triangular: position t may see 0 … t, never the future.</summary>
    public static Tensor Causal(int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "Expected a positive length.");
        return torch.ones(length, length, ScalarType.Bool).tril();
    }

    /// <summary>
    /// A mask for attention of T queries over S keys, broadcastable to (B, H, T, S): the key
    /// padding (B, S) — true on real tokens, as <see cref="Text.SequenceBatch.Mask"/> — and an
    /// optional causal mask, combined.
    /// </summary>
    /// <param name="keyPadding">(B, S) bool, true on real tokens; null when every key is real</param>
    /// <param name="queries">T; with <paramref name="causal"/>, T must equal S</param>
    /// <returns>(B or 1, 1, T or 1, S) bool, or null when nothing is hidden</returns>
    public static Tensor? Combine(Tensor? keyPadding, bool causal, int queries, int keys)
    {
        if (causal && queries != keys)
            throw new ArgumentException($"Expected as many queries as keys for a causal mask, got T = {queries} and S = {keys}.");
        if (keyPadding is not null && (keyPadding.dim() != 2 || keyPadding.shape[1] != keys || keyPadding.dtype != ScalarType.Bool))
            throw new ArgumentException($"Expected a key padding mask of shape (B, S = {keys}) and type bool, got ({string.Join(", ", keyPadding.shape)}) of {keyPadding.dtype}.", nameof(keyPadding));
        Tensor? mask = keyPadding is null ? null : keyPadding.view(keyPadding.shape[0], 1, 1, keyPadding.shape[1]);   // (B, 1, 1, S)
        if (!causal) return mask;
        var future = Causal(queries).to(keyPadding?.device ?? torch.CPU).view(1, 1, queries, keys);                   // (1, 1, T, T)
        return mask is null ? future : mask.logical_and(future);
    }

    /// <summary>
    /// Checks that a mask is boolean and broadcastable to (B, H, T, S), and gives it four
    /// dimensions: (T, S) → (1, 1, T, S); (B, T, S) → (B, 1, T, S); (B, H or 1, T, S) as is.
    /// </summary>
    public static Tensor ForHeads(Tensor mask, long batch, long heads, long queries, long keys)
    {
        if (mask.dtype != ScalarType.Bool)
            throw new ArgumentException($"Expected a bool mask (true = may attend), got {mask.dtype}. Build one with AttentionMasks.Causal or AttentionMasks.Combine.", nameof(mask));
        var shaped = mask.dim() switch
        {
            2 => mask.view(1, 1, mask.shape[0], mask.shape[1]),
            3 => mask.unsqueeze(1),
            4 => mask,
            _ => throw new ArgumentException($"Expected a mask of 2, 3 or 4 dimensions ((T, S), (B, T, S) or (B, H, T, S)), got ({string.Join(", ", mask.shape)}).", nameof(mask)),
        };
        long[] want = [batch, heads, queries, keys];
        for (var d = 0; d < 4; d++)
            if (shaped.shape[d] != want[d] && shaped.shape[d] != 1)
                throw new ArgumentException($"Expected a mask broadcastable to (B = {batch}, H = {heads}, T = {queries}, S = {keys}), got ({string.Join(", ", mask.shape)}).", nameof(mask));
        return shaped;
    }

    /// <summary>The same mask as PyTorch's float form: 0 where attention is allowed, −∞ where it is not (added to the scores).</summary>
    public static Tensor ToAdditive(Tensor mask, ScalarType dtype = ScalarType.Float32) =>
        torch.zeros(mask.shape, dtype).masked_fill(mask.logical_not(), double.NegativeInfinity);

    /// <summary>A key padding mask in PyTorch's <c>key_padding_mask</c> form: true on the positions to ignore.</summary>
    public static Tensor ToIgnoreMask(Tensor keyPadding) => keyPadding.logical_not();
}
