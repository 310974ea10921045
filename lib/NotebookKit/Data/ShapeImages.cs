namespace NotebookKit.Data;

/// <summary>
/// Small grey-scale images of simple shapes, one shape per image, at random positions and sizes,
/// with a little pixel noise. Images are stored like a tensor of shape (N, 1, size, size).
/// </summary>
public sealed class ShapeImages
{
    /// <summary>Where a shape may be drawn.</summary>
    public enum Placement
    {
        Anywhere,
        /// <summary>Entirely in the left half.</summary>
        Left,
        /// <summary>Starting in the right half.</summary>
        Right,
    }

    public static readonly string[] ClassNames = ["square", "disc", "triangle", "cross"];

    private ShapeImages(float[] pixels, int[] labels, int size) => (Pixels, Labels, Size) = (pixels, labels, size);

    /// <summary>(N, 1, size, size), values in about [0, 1].</summary>
    public float[] Pixels { get; }

    /// <summary>(N): an index into <see cref="ClassNames"/>.</summary>
    public int[] Labels { get; }

    public int Size { get; }
    public int Count => Labels.Length;

    /// <summary>One image as [row][column], for heatmaps.</summary>
    public double[][] Image(int index)
    {
        if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected an image index in [0, {Count}).");
        var offset = index * Size * Size;
        return Enumerable.Range(0, Size).Select(y => Enumerable.Range(0, Size).Select(x => (double)Pixels[offset + y * Size + x]).ToArray()).ToArray();
    }

    /// <summary>Seeded: the same arguments give the same images. Classes are balanced.</summary>
    /// <param name="placement">Where shapes may appear horizontally: anywhere, or only in the left or right part.</param>
    public static ShapeImages Generate(int count, int size = 16, int seed = 0, double noise = 0.05, Placement placement = Placement.Anywhere)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Expected a positive number of images.");
        if (size < 8) throw new ArgumentOutOfRangeException(nameof(size), size, "Expected images of at least 8×8 pixels.");
        var random = new Random(seed);
        var pixels = new float[count * size * size];
        var labels = new int[count];
        for (var n = 0; n < count; n++)
        {
            var label = n % ClassNames.Length;
            labels[n] = label;
            var extent = random.Next(size / 3, size / 2 + 2);            // the shape's width in pixels
            var (from, to) = placement switch
            {
                Placement.Left => (0, Math.Max(0, size / 2 - extent)),
                Placement.Right => (Math.Min(size / 2, size - extent), size - extent),
                _ => (0, size - extent),
            };
            var left = random.Next(from, to + 1);
            var top = random.Next(0, size - extent + 1);
            var offset = n * size * size;
            for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var inside = Inside(label, (x - left + 0.5) / extent, (y - top + 0.5) / extent);
                pixels[offset + y * size + x] = (float)((inside ? 1.0 : 0.0) + noise * Synthetic2D.Gaussian(random));
            }
        }
        return new ShapeImages(pixels, labels, size);
    }

    /// <summary>Whether a point of the unit box [0, 1]² lies in the shape.</summary>
    private static bool Inside(int label, double u, double v)
    {
        if (u < 0 || u > 1 || v < 0 || v > 1) return false;
        return label switch
        {
            0 => true,                                                         // square
            1 => (u - 0.5) * (u - 0.5) + (v - 0.5) * (v - 0.5) <= 0.25,        // disc
            2 => Math.Abs(u - 0.5) <= v / 2,                                   // triangle, apex up
            _ => Math.Abs(u - 0.5) <= 0.17 || Math.Abs(v - 0.5) <= 0.17,       // cross
        };
    }
}
