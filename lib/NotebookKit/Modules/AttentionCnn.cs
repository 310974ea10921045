using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// Chapter 05's CNN (conv 3×3 · ReLU · max-pool 2, twice, then global max pooling and a linear
/// head) with attention after each convolution, as CBAM orders it: channel attention
/// (squeeze-and-excitation) first, then spatial attention. Either can be switched off; with both
/// off it is <see cref="SmallCnn"/> with global pooling.
/// </summary>
public sealed class AttentionCnn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly ChannelAttention? channel1, channel2;
    private readonly SpatialAttention? spatial1, spatial2;
    private readonly Linear head;
    private readonly int imageSize;

    public AttentionCnn(int imageSize, int classes, bool channelAttention, bool spatialAttention, int channels1 = 8, int channels2 = 16, int? seed = null) : base(nameof(AttentionCnn))
    {
        if (imageSize < 4 || imageSize % 4 != 0) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "Expected an image size divisible by 4 (two 2×2 poolings).");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least two classes.");
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        this.imageSize = imageSize;
        conv1 = nn.Conv2d(1, channels1, kernel_size: 3, padding: 1);
        conv2 = nn.Conv2d(channels1, channels2, kernel_size: 3, padding: 1);
        if (channelAttention) { channel1 = new ChannelAttention(channels1, reduction: 2); channel2 = new ChannelAttention(channels2, reduction: 4); }
        if (spatialAttention) { spatial1 = new SpatialAttention(); spatial2 = new SpatialAttention(); }
        head = nn.Linear(channels2, classes);
        RegisterComponents();
    }

    public ChannelAttention? Channel1 => channel1;
    public ChannelAttention? Channel2 => channel2;
    public SpatialAttention? Spatial1 => spatial1;
    public SpatialAttention? Spatial2 => spatial2;

    /// <summary>Every attention module keeps its last weights or map for drawing.</summary>
    public void RecordAttention(bool on)
    {
        foreach (var c in new[] { channel1, channel2 }) if (c is not null) c.RecordWeights = on;
        foreach (var m in new[] { spatial1, spatial2 }) if (m is not null) m.RecordMap = on;
    }

    /// <param name="images">(B, 1, size, size)</param>
    /// <returns>(B, K) logits</returns>
    public override Tensor forward(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != imageSize || images.shape[3] != imageSize)
            throw new ArgumentException($"Expected images of shape (B, 1, {imageSize}, {imageSize}), got ({string.Join(", ", images.shape)}).", nameof(images));
        var x = Attend(nn.functional.relu(conv1.forward(images)), channel1, spatial1);             // (B, c1, size, size)
        x = nn.functional.max_pool2d(x, 2);                                                         // (B, c1, size/2, size/2)
        x = Attend(nn.functional.relu(conv2.forward(x)), channel2, spatial2);                       // (B, c2, size/2, size/2)
        x = nn.functional.max_pool2d(x, 2);                                                         // (B, c2, size/4, size/4)
        return head.forward(x.amax([2, 3]));                                                        // (B, c2) -> (B, K)
    }

    private static Tensor Attend(Tensor x, ChannelAttention? channel, SpatialAttention? spatial)
    {
        if (channel is not null) x = channel.forward(x);
        if (spatial is not null) x = spatial.forward(x);
        return x;
    }
}
