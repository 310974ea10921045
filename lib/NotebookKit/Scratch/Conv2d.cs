using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// 2-D convolution (strictly, cross-correlation, as in every deep-learning library):
/// out[b, o, y, x] = bias[o] + Σ_c Σ_i Σ_j w[o, c, i, j] · in[b, c, y·s + i − p, x·s + j − p].
/// The same small kernel slides over the whole image, so a layer has only out·in·k·k + out
/// weights however large the image is. Weight is stored as a matrix (out, in·k·k), the layout
/// of PyTorch's (out, in, k, k) flattened.
/// </summary>
public sealed class Conv2d : IVolumeLayer
{
    private Volume? input;

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int seed = 0)
    {
        if (inChannels <= 0 || outChannels <= 0) throw new ArgumentOutOfRangeException(nameof(inChannels), $"Expected positive channel counts, got {inChannels} → {outChannels}.");
        if (kernelSize <= 0) throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "Expected a positive kernel size.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Expected a positive stride.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Expected a non-negative padding.");
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        var random = new Random(seed);
        var bound = 1.0 / Math.Sqrt(inChannels * kernelSize * kernelSize); // nn.Conv2d's default range
        Weight = new Parameter("weight", Matrix<double>.Build.Dense(outChannels, inChannels * kernelSize * kernelSize, (_, _) => (2 * random.NextDouble() - 1) * bound));
        Bias = new Parameter("bias", Matrix<double>.Build.Dense(1, outChannels, (_, _) => (2 * random.NextDouble() - 1) * bound));
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }

    /// <summary>(out, in·k·k)</summary>
    public Parameter Weight { get; }

    /// <summary>(1, out)</summary>
    public Parameter Bias { get; }

    public IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    /// <summary>Output size along one axis: ⌊(n + 2p − k) / s⌋ + 1.</summary>
    public (int Height, int Width) OutputSize(int height, int width)
    {
        if (height + 2 * Padding < KernelSize || width + 2 * Padding < KernelSize)
            throw new ArgumentException($"Expected an input of at least {KernelSize}×{KernelSize} after padding {Padding}, got {height}×{width}: the kernel is larger than the image.");
        return ((height + 2 * Padding - KernelSize) / Stride + 1, (width + 2 * Padding - KernelSize) / Stride + 1);
    }

    private double W(int o, int c, int i, int j) => Weight.Value[o, (c * KernelSize + i) * KernelSize + j];

    /// <param name="x">(B, C, height, width)</param>
    /// <returns>(B, C′, height′, width′), C′ = output channels</returns>
    public Volume Forward(Volume x)
    {
        if (x.Channels != InChannels)
            throw new ArgumentException($"Expected an input with {InChannels} channels, got {x.Channels} (shape {x}).", nameof(x));
        var (outHeight, outWidth) = OutputSize(x.Height, x.Width);
        input = x;
        var y = new Volume(x.Batch, OutChannels, outHeight, outWidth);
        for (var b = 0; b < x.Batch; b++)
        for (var o = 0; o < OutChannels; o++)
        for (var oy = 0; oy < outHeight; oy++)
        for (var ox = 0; ox < outWidth; ox++)
        {
            var sum = Bias.Value[0, o];
            for (var c = 0; c < InChannels; c++)
            for (var i = 0; i < KernelSize; i++)
            {
                var iy = oy * Stride + i - Padding;
                if (iy < 0 || iy >= x.Height) continue;
                for (var j = 0; j < KernelSize; j++)
                {
                    var ix = ox * Stride + j - Padding;
                    if (ix < 0 || ix >= x.Width) continue;
                    sum += W(o, c, i, j) * x[b, c, iy, ix];
                }
            }
            y[b, o, oy, ox] = sum;
        }
        return y;
    }

    /// <summary>Each output gradient flows back to the weights it was multiplied by and to the input pixels it saw.</summary>
    public Volume Backward(Volume dy)
    {
        var x = Shapes.Remembered(input, nameof(Conv2d));
        var (outHeight, outWidth) = OutputSize(x.Height, x.Width);
        if (dy.Batch != x.Batch || dy.Channels != OutChannels || dy.Height != outHeight || dy.Width != outWidth)
            throw new ArgumentException($"Expected an output gradient of shape ({x.Batch}, {OutChannels}, {outHeight}, {outWidth}), got {dy}.", nameof(dy));
        var dx = new Volume(x.Batch, x.Channels, x.Height, x.Width);
        for (var b = 0; b < x.Batch; b++)
        for (var o = 0; o < OutChannels; o++)
        for (var oy = 0; oy < outHeight; oy++)
        for (var ox = 0; ox < outWidth; ox++)
        {
            var g = dy[b, o, oy, ox];
            Bias.Grad[0, o] += g;
            for (var c = 0; c < InChannels; c++)
            for (var i = 0; i < KernelSize; i++)
            {
                var iy = oy * Stride + i - Padding;
                if (iy < 0 || iy >= x.Height) continue;
                for (var j = 0; j < KernelSize; j++)
                {
                    var ix = ox * Stride + j - Padding;
                    if (ix < 0 || ix >= x.Width) continue;
                    Weight.Grad[o, (c * KernelSize + i) * KernelSize + j] += g * x[b, c, iy, ix];
                    dx[b, c, iy, ix] += g * W(o, c, i, j);
                }
            }
        }
        return dx;
    }
}
