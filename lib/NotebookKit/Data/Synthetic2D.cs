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

    /// <summary>
    /// Two interleaving half circles ("moons"): class 0 on the upper arc centred at (0, 0), class 1
    /// on the lower arc centred at (1, 0.5); Gaussian noise of the given size on both coordinates.
    /// </summary>
    public static Dataset2D Moons(int count, int seed = 0, double noise = 0.1)
    {
        RequirePositive(count, nameof(count));
        if (noise < 0) throw new ArgumentOutOfRangeException(nameof(noise), noise, "Expected a non-negative noise level.");
        var random = new Random(seed);
        var features = new double[count, 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % 2;
            var angle = Math.PI * random.NextDouble();
            features[i, 0] = (label == 0 ? Math.Cos(angle) : 1 - Math.Cos(angle)) + noise * Gaussian(random);
            features[i, 1] = (label == 0 ? Math.Sin(angle) : 0.5 - Math.Sin(angle)) + noise * Gaussian(random);
            labels[i] = label;
        }
        return new Dataset2D(features, labels);
    }

    /// <summary>
    /// Interleaved spirals, one arm per class, each winding once and a half around the origin:
    /// the classic data set that no linear model and no small network solves easily.
    /// </summary>
    public static Dataset2D Spirals(int count, int classes = 3, int seed = 0, double noise = 0.2)
    {
        RequirePositive(count, nameof(count));
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least two classes.");
        if (noise < 0) throw new ArgumentOutOfRangeException(nameof(noise), noise, "Expected a non-negative noise level.");
        var random = new Random(seed);
        var features = new double[count, 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % classes;
            var t = random.NextDouble();                       // position along the arm, 0 at the centre
            var angle = 3 * Math.PI * t + 2 * Math.PI * label / classes + noise * Gaussian(random);
            features[i, 0] = t * Math.Cos(angle);
            features[i, 1] = t * Math.Sin(angle);
            labels[i] = label;
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
