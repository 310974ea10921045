namespace NotebookKit.Data;

/// <summary>Seeded generators of small 2-D classification problems. Same seed, same points.</summary>
public static class Synthetic2D
{
    /// <summary>
    /// Two Gaussian blobs, class 0 centred at (cx − d/2, cy − d/2) and class 1 at (cx + d/2, cy + d/2),
    /// each with standard deviation <paramref name="spread"/>; with the default separation they are
    /// linearly separable. Moving the centre (cx, cy) away from the origin makes the bias matter.
    /// </summary>
    public static Dataset2D Blobs(int count, int seed = 0, double separation = 5.0, double spread = 0.7, double centreX = 0, double centreY = 0)
    {
        RequirePositive(count, nameof(count));
        if (!(spread > 0)) throw new ArgumentOutOfRangeException(nameof(spread), spread, "Expected a positive spread.");
        var random = new Random(seed);
        var features = new double[count, 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % 2;
            var centre = (label == 0 ? -1 : 1) * separation / 2;
            features[i, 0] = centreX + centre + spread * Gaussian(random);
            features[i, 1] = centreY + centre + spread * Gaussian(random);
            labels[i] = label;
        }
        return new Dataset2D(features, labels);
    }

    /// <summary>
    /// XOR: points near the four corners (±1, ±1); class 1 where exactly one coordinate is positive.
    /// No straight line separates the classes.
    /// </summary>
    public static Dataset2D Xor(int count, int seed = 0, double noise = 0.25)
    {
        RequirePositive(count, nameof(count));
        if (noise < 0) throw new ArgumentOutOfRangeException(nameof(noise), noise, "Expected a non-negative noise level.");
        var random = new Random(seed);
        var features = new double[count, 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var corner = i % 4;
            double x = (corner & 1) == 0 ? -1 : 1, y = (corner & 2) == 0 ? -1 : 1;
            features[i, 0] = x + noise * Gaussian(random);
            features[i, 1] = y + noise * Gaussian(random);
            labels[i] = x * y < 0 ? 1 : 0;
        }
        return new Dataset2D(features, labels);
    }

    internal static double Gaussian(Random random)
    {
        // Box–Muller: two uniforms to one standard normal sample.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static void RequirePositive(int count, string name)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(name, count, "Expected a positive number of points.");
    }
}
