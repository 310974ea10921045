namespace NotebookKit.Scratch;

/// <summary>How a pooling window is summarised.</summary>
public enum PoolKind
{
    /// <summary>The largest value: "is the feature anywhere in this window?"</summary>
    Max,
    /// <summary>The mean value.</summary>
    Average,
}

/// <summary>
/// Pooling over k×k windows moved by a stride (default k, non-overlapping), per channel. It has
/// no weights; it shrinks feature maps and makes them tolerant to small shifts. Backward: max
/// pooling sends each gradient to the input that won the window; average pooling spreads it evenly.
/// </summary>
public sealed class Pool2d : IVolumeLayer
{
    private Volume? input;
    private int[]? winners; // for max pooling: flat input index chosen for each output

    public Pool2d(PoolKind kind, int kernelSize, int? stride = null)
    {
        if (kernelSize <= 0) throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "Expected a positive kernel size.");
        if (stride is <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Expected a positive stride.");
        (Kind, KernelSize, Stride) = (kind, kernelSize, stride ?? kernelSize);
    }

    public PoolKind Kind { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public IReadOnlyList<Parameter> Parameters => [];

    public (int Height, int Width) OutputSize(int height, int width)
    {
        if (height < KernelSize || width < KernelSize)
            throw new ArgumentException($"Expected an input of at least {KernelSize}×{KernelSize}, got {height}×{width}: the pooling window is larger than the image.");
        return ((height - KernelSize) / Stride + 1, (width - KernelSize) / Stride + 1);
    }

    /// <param name="x">(B, C, height, width)</param>
    /// <returns>(B, C, height′, width′)</returns>
    public Volume Forward(Volume x)
    {
        var (outHeight, outWidth) = OutputSize(x.Height, x.Width);
        input = x;
        var y = new Volume(x.Batch, x.Channels, outHeight, outWidth);
        winners = Kind == PoolKind.Max ? new int[y.Data.Length] : null;
        var area = KernelSize * KernelSize;
        for (var b = 0; b < x.Batch; b++)
        for (var c = 0; c < x.Channels; c++)
        for (var oy = 0; oy < outHeight; oy++)
        for (var ox = 0; ox < outWidth; ox++)
        {
            double best = double.NegativeInfinity, sum = 0;
            var bestIndex = -1;
            for (var i = 0; i < KernelSize; i++)
            for (var j = 0; j < KernelSize; j++)
            {
                int iy = oy * Stride + i, ix = ox * Stride + j;
                var value = x[b, c, iy, ix];
                sum += value;
                if (value > best) { best = value; bestIndex = ((b * x.Channels + c) * x.Height + iy) * x.Width + ix; }
            }
            var outIndex = ((b * x.Channels + c) * outHeight + oy) * outWidth + ox;
            if (winners is not null) { y.Data[outIndex] = best; winners[outIndex] = bestIndex; }
            else y.Data[outIndex] = sum / area;
        }
        return y;
    }

    public Volume Backward(Volume dy)
    {
        var x = Shapes.Remembered(input, nameof(Pool2d));
        var (outHeight, outWidth) = OutputSize(x.Height, x.Width);
        if (dy.Batch != x.Batch || dy.Channels != x.Channels || dy.Height != outHeight || dy.Width != outWidth)
            throw new ArgumentException($"Expected an output gradient of shape ({x.Batch}, {x.Channels}, {outHeight}, {outWidth}), got {dy}.", nameof(dy));
        var dx = new Volume(x.Batch, x.Channels, x.Height, x.Width);
        if (winners is not null)
        {
            for (var k = 0; k < dy.Data.Length; k++) dx.Data[winners[k]] += dy.Data[k];
            return dx;
        }
        var area = KernelSize * KernelSize;
        for (var b = 0; b < x.Batch; b++)
        for (var c = 0; c < x.Channels; c++)
        for (var oy = 0; oy < outHeight; oy++)
        for (var ox = 0; ox < outWidth; ox++)
        {
            var share = dy[b, c, oy, ox] / area;
            for (var i = 0; i < KernelSize; i++)
            for (var j = 0; j < KernelSize; j++)
                dx[b, c, oy * Stride + i, ox * Stride + j] += share;
        }
        return dx;
    }
}
