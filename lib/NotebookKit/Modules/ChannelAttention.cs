using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// Channel attention, squeeze-and-excitation (SE, 通道注意力): squeeze each channel of a feature
/// map to one number (its mean over the image), pass the C numbers through a small bottleneck MLP
/// (C → C/r → C, ReLU then sigmoid), and multiply each channel by its weight in (0, 1). The
/// network learns which channels matter for this image and turns the others down.
/// Parameters: 2·C·(C/r) + C/r + C.
/// </summary>
public sealed class ChannelAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear squeeze, excite;
    private Tensor? lastWeights;

    public ChannelAttention(int channels, int reduction = 4) : base(nameof(ChannelAttention))
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected at least one channel.");
        if (reduction < 1 || channels % reduction != 0)
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, $"Expected a reduction that divides the {channels} channels.");
        squeeze = nn.Linear(channels, channels / reduction);
        excite = nn.Linear(channels / reduction, channels);
        RegisterComponents();
    }

    /// <summary>When true, <see cref="LastWeights"/> keeps the last weights computed.</summary>
    public bool RecordWeights { get; set; }

    /// <summary>(B, C): each channel's weight in the last forward pass, when recorded.</summary>
    public Tensor? LastWeights => lastWeights;

    /// <param name="x">(B, C, H, W)</param>
    /// <returns>(B, C, H, W): each channel scaled by its weight</returns>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != excite.weight!.shape[0])
            throw new ArgumentException($"Expected feature maps (B, C = {excite.weight!.shape[0]}, H, W), got ({string.Join(", ", x.shape)}).", nameof(x));
        var summary = x.mean([2, 3]);                                                               // (B, C): squeeze
        var weights = nn.functional.sigmoid(excite.forward(nn.functional.relu(squeeze.forward(summary))));   // (B, C): excite
        Record(ref lastWeights, weights, RecordWeights);
        return x * weights.unsqueeze(-1).unsqueeze(-1);                                            // (B, C, 1, 1) broadcast over H, W
    }

    internal static void Record(ref Tensor? slot, Tensor value, bool on)
    {
        if (!on) return;
        slot?.Dispose();
        slot = value.detach().clone().DetachFromDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) lastWeights?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// Spatial attention as in CBAM (空间注意力): at each pixel, the mean and the maximum over the
/// channels form a two-channel map; a 7×7 convolution and a sigmoid turn it into one weight per
/// pixel in (0, 1), which multiplies every channel there. The network learns where to look.
/// Parameters: 2·k² + 1 (k = 7).
/// </summary>
public sealed class SpatialAttention : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private Tensor? lastMap;

    public SpatialAttention(int kernelSize = 7) : base(nameof(SpatialAttention))
    {
        if (kernelSize < 1 || kernelSize % 2 == 0) throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "Expected an odd kernel size (the map keeps the image's size).");
        conv = nn.Conv2d(2, 1, kernel_size: kernelSize, padding: kernelSize / 2);
        RegisterComponents();
    }

    /// <summary>When true, <see cref="LastMap"/> keeps the last map computed.</summary>
    public bool RecordMap { get; set; }

    /// <summary>(B, 1, H, W): the last pixel weights, when recorded.</summary>
    public Tensor? LastMap => lastMap;

    /// <param name="x">(B, C, H, W)</param>
    /// <returns>(B, C, H, W): every channel scaled by the pixel's weight</returns>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4) throw new ArgumentException($"Expected feature maps (B, C, H, W), got ({string.Join(", ", x.shape)}).", nameof(x));
        var pooled = torch.cat([x.mean([1], keepdim: true), x.amax([1], keepdim: true)], 1);       // (B, 2, H, W)
        var map = nn.functional.sigmoid(Convolve(pooled));                                         // (B, 1, H, W)
        ChannelAttention.Record(ref lastMap, map, RecordMap);
        return x * map;
    }

    /// <summary>
    /// The 7×7 convolution of the two-channel map, as a matrix product over unfolded windows
    /// (im2col): the same numbers as <c>conv.forward</c>. libtorch's CPU convolution gave
    /// non-finite input gradients for 8×8 maps with a 7×7 kernel on the kit's test machine
    /// (libtorch 2.10), which turned training into NaN; the matrix product has no such path.
    /// </summary>
    private Tensor Convolve(Tensor pooled)
    {
        var (b, h, w) = (pooled.shape[0], pooled.shape[2], pooled.shape[3]);
        var k = conv.weight!.shape[2];
        var windows = nn.functional.unfold(pooled, kernel_size: k, padding: k / 2);                 // (B, 2·k², H·W)
        var scores = conv.weight!.view(1, -1).matmul(windows) + conv.bias!.view(1, 1, 1);          // (B, 1, H·W)
        return scores.view(b, 1, h, w);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) lastMap?.Dispose();
        base.Dispose(disposing);
    }
}
