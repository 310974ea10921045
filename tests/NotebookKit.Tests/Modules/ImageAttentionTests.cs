using NotebookKit.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Modules;

/// <summary>Chapter 17: squeeze-and-excitation, CBAM's spatial attention, the CNN that uses them, and the tiny ViT.</summary>
public sealed class ImageAttentionTests
{
    [Fact]
    public void ChannelAttention_ScalesEachChannelByTheSigmoidOfItsBottleneck()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        using var se = new ChannelAttention(8, reduction: 4) { RecordWeights = true };
        se.to(ScalarType.Float64);
        var x = torch.randn([3, 8, 5, 5], ScalarType.Float64);
        var y = se.forward(x);
        var p = se.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        var hidden = nn.functional.relu(x.mean([2, 3]).matmul(p["squeeze.weight"].t()) + p["squeeze.bias"]);     // (3, 2)
        var weights = nn.functional.sigmoid(hidden.matmul(p["excite.weight"].t()) + p["excite.bias"]);            // (3, 8)
        Assert.True((y - x * weights.view(3, 8, 1, 1)).abs().max().item<double>() < 1e-12);
        Assert.True((se.LastWeights! - weights).abs().max().item<double>() < 1e-12);
        Assert.Equal(2 * 8 * 2 + 2 + 8, se.parameters().Sum(t => t.numel()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelAttention(8, reduction: 3));
        Assert.Throws<ArgumentException>(() => se.forward(torch.randn([3, 7, 5, 5], ScalarType.Float64)));
    }

    [Fact]
    public void SpatialAttention_WeighsEachPixelFromTheChannelMeanAndMaximum()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(2);
        using var spatial = new SpatialAttention(kernelSize: 7) { RecordMap = true };
        spatial.to(ScalarType.Float64);
        var x = torch.randn([2, 4, 9, 9], ScalarType.Float64);
        var y = spatial.forward(x);
        var p = spatial.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        var pooled = torch.stack([x.mean([1]), x.amax([1])], 1);                                          // (2, 2, 9, 9)
        var map = nn.functional.sigmoid(nn.functional.conv2d(pooled, p["conv.weight"], p["conv.bias"], padding: new long[] { 3, 3 }));
        Assert.Equal(new long[] { 2, 1, 9, 9 }, spatial.LastMap!.shape);
        Assert.True((y - x * map).abs().max().item<double>() < 1e-12);
        Assert.Equal(2 * 49 + 1, spatial.parameters().Sum(t => t.numel()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpatialAttention(kernelSize: 4));
    }

    [Fact]
    public void SpatialAttention_GivesFiniteGradients_OnSmallMaps()
    {
        // libtorch's CPU convolution backward gave non-finite input gradients for 8×8 maps and a 7×7 kernel; the module must not.
        using var spatial = new SpatialAttention(kernelSize: 7);
        for (var trial = 0; trial < 50; trial++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn([32, 16, 8, 8]).requires_grad_(true);
            spatial.forward(x).sum().backward();
            Assert.True(x.grad!.isfinite().all().item<bool>(), $"trial {trial}: non-finite input gradient");
            spatial.zero_grad();
        }
    }

    [Fact]
    public void AttentionCnn_WithoutAttention_IsChapter05sCnn_AndWithIt_RecordsWhatToDraw()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.rand([5, 1, 16, 16]);
        using var plain = new AttentionCnn(16, 4, channelAttention: false, spatialAttention: false, seed: 3);
        using var small = new SmallCnn(16, 4, globalPooling: true, seed: 3);
        Assert.True((plain.forward(images) - small.forward(images)).abs().max().item<float>() < 1e-6, "the same weights from the same seed, the same network");
        using var both = new AttentionCnn(16, 4, channelAttention: true, spatialAttention: true, seed: 3);
        both.RecordAttention(true);
        Assert.Equal(new long[] { 5, 4 }, both.forward(images).shape);
        Assert.Equal(new long[] { 5, 1, 16, 16 }, both.Spatial1!.LastMap!.shape);
        Assert.Equal(new long[] { 5, 1, 8, 8 }, both.Spatial2!.LastMap!.shape);
        Assert.Equal(new long[] { 5, 16 }, both.Channel2!.LastWeights!.shape);
        var extra = (2 * 8 * 4 + 4 + 8) + (2 * 16 * 4 + 4 + 16) + 2 * (2 * 49 + 1);
        Assert.Equal(small.parameters().Sum(t => t.numel()) + extra, both.parameters().Sum(t => t.numel()));
    }

    [Fact]
    public void VisionTransformer_CutsPatchesRowByRow_AndCountsItsParameters()
    {
        using var scope = torch.NewDisposeScope();
        var config = new TransformerConfig { Width = 16, Heads = 2, Layers = 2, Dropout = 0, Activation = ActivationKind.Gelu };
        using var vit = new VisionTransformer(imageSize: 8, patchSize: 4, classes: 3, config, seed: 4);
        var image = torch.arange(64, dtype: ScalarType.Float32).view(1, 1, 8, 8);                         // pixel value = 8·row + column
        var patches = vit.ToPatches(image);                                                                // (1, 4, 16)
        Assert.Equal(new long[] { 1, 4, 16 }, patches.shape);
        Assert.Equal(new float[] { 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31 }, patches[0, 1].data<float>().ToArray());  // top-right patch
        Assert.Equal(32f, patches[0, 2, 0].item<float>());                                                 // the bottom-left patch starts at row 4, column 0: 8·4 + 0
        long c = 16, f = 64, block = 4 * (c * c + c) + (c * f + f) + (f * c + c) + 4 * c;
        Assert.Equal(16 * c + c + c + 5 * c + 2 * block + 2 * c + c * 3 + 3, vit.parameters().Sum(t => t.numel()));
    }

    [Fact]
    public void VisionTransformer_ClassTokenSeesEveryPatch_AndItsAttentionIsADistributionOverPatchesAndItself()
    {
        using var scope = torch.NewDisposeScope();
        var config = new TransformerConfig { Width = 16, Heads = 2, Layers = 2, Dropout = 0, Activation = ActivationKind.Gelu };
        using var vit = new VisionTransformer(imageSize: 16, patchSize: 4, classes: 4, config, seed: 5);
        vit.eval();
        vit.RecordAttention(true);
        var images = torch.rand([3, 1, 16, 16]);
        var before = vit.forward(images);
        var map = vit.ClassTokenAttention(1);                                                               // (3, 4, 4)
        Assert.Equal(new long[] { 3, 4, 4 }, map.shape);
        Assert.True(map.min().item<float>() > 0 && map.sum([1, 2]).max().item<float>() < 1, "weights on the patches: positive, and with the class token's own weight they sum to 1");
        var changed = images.clone();
        changed[.., .., 12.., 12..] = 0;                                                                   // blank the bottom-right patch only
        Assert.False(before.allclose(vit.forward(changed)), "the class token reads the far corner");
        Assert.Throws<ArgumentOutOfRangeException>(() => new VisionTransformer(16, 5, 4, config));
        Assert.Throws<ArgumentOutOfRangeException>(() => vit.ClassTokenAttention(2));
    }
}
