using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// A small convolutional network for the shape images:
/// conv 3×3 (1→8) · ReLU · max-pool 2 → conv 3×3 (8→16) · ReLU · max-pool 2 → head → logits.
/// Padding 1 keeps each convolution's output the size of its input; each pooling halves it.
/// The head either flattens the feature maps into a linear layer (which ties what it learned to
/// positions) or, with <c>globalPooling</c>, takes each channel's maximum over the whole image
/// first, which makes the prediction independent of where the shape is.
/// </summary>
public sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear head;
    private readonly int imageSize;
    private readonly bool globalPooling;

    public SmallCnn(int imageSize, int classes, int channels1 = 8, int channels2 = 16, bool globalPooling = false, int? seed = null) : base(nameof(SmallCnn))
    {
        if (imageSize < 4 || imageSize % 4 != 0) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "Expected an image size divisible by 4 (two 2×2 poolings).");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least two classes.");
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        this.imageSize = imageSize;
        this.globalPooling = globalPooling;
        conv1 = nn.Conv2d(1, channels1, kernel_size: 3, padding: 1);
        conv2 = nn.Conv2d(channels1, channels2, kernel_size: 3, padding: 1);
        head = nn.Linear(globalPooling ? channels2 : channels2 * (imageSize / 4) * (imageSize / 4), classes);
        RegisterComponents();
    }

    /// <summary>The first layer's filters, (channels1, 1, 3, 3): what the network learned to look for.</summary>
    public Tensor FirstFilters => conv1.weight!;

    /// <param name="images">(B, 1, size, size)</param>
    /// <returns>(B, K) logits</returns>
    public override Tensor forward(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != imageSize || images.shape[3] != imageSize)
            throw new ArgumentException($"Expected images of shape (B, 1, {imageSize}, {imageSize}), got ({string.Join(", ", images.shape)}).", nameof(images));
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.forward(images)), 2);   // (B, c1, size/2, size/2)
        x = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(x)), 2);             // (B, c2, size/4, size/4)
        if (globalPooling) return head.forward(x.amax([2, 3]));                              // (B, c2) -> (B, K)
        return head.forward(x.flatten(1));                                                  // (B, c2·size²/16) -> (B, K)
    }

    /// <summary>The first layer's feature maps for some images: (B, channels1, size, size) after ReLU.</summary>
    public Tensor FirstFeatureMaps(Tensor images)
    {
        using var noGrad = torch.no_grad();
        return nn.functional.relu(conv1.forward(images));
    }
}
