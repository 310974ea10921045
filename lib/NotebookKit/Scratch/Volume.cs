namespace NotebookKit.Scratch;

/// <summary>
/// A batch of multi-channel images for the from-scratch convolution code: shape
/// (B, C, height, width), stored row-major in <see cref="Data"/> exactly like a contiguous
/// PyTorch tensor of that shape.
/// </summary>
public sealed class Volume
{
    public Volume(int batch, int channels, int height, int width, double[]? data = null)
    {
        if (batch <= 0 || channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(batch), $"Expected a positive shape, got ({batch}, {channels}, {height}, {width}).");
        (Batch, Channels, Height, Width) = (batch, channels, height, width);
        var length = batch * channels * height * width;
        if (data is not null && data.Length != length)
            throw new ArgumentException($"Expected {length} values for shape ({batch}, {channels}, {height}, {width}), got {data.Length}.", nameof(data));
        Data = data ?? new double[length];
    }

    public int Batch { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public double[] Data { get; }

    public long[] Shape => [Batch, Channels, Height, Width];

    public ref double this[int b, int c, int y, int x] => ref Data[((b * Channels + c) * Height + y) * Width + x];

    public Volume Clone() => new(Batch, Channels, Height, Width, (double[])Data.Clone());

    public static Volume Random(int batch, int channels, int height, int width, int seed)
    {
        var random = new Random(seed);
        var volume = new Volume(batch, channels, height, width);
        for (var i = 0; i < volume.Data.Length; i++) volume.Data[i] = random.NextDouble() * 2 - 1;
        return volume;
    }

    /// <summary>One channel of one image as [row][column], for heatmaps.</summary>
    public double[][] Slice(int b, int c) =>
        Enumerable.Range(0, Height).Select(y => Enumerable.Range(0, Width).Select(x => this[b, c, y, x]).ToArray()).ToArray();

    public override string ToString() => $"Volume ({Batch}, {Channels}, {Height}, {Width})";
}

/// <summary>A from-scratch layer on image batches: Volume in, Volume out (see <see cref="ILayer"/>).</summary>
public interface IVolumeLayer
{
    Volume Forward(Volume input);
    Volume Backward(Volume outputGradient);
    IReadOnlyList<Parameter> Parameters { get; }
}
