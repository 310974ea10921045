namespace NotebookKit.Data;

/// <summary>
/// Points in the plane with a 0/1 label each: the data of the first notebooks.
/// <see cref="Features"/> has shape (N, 2); <see cref="Labels"/> has length N.
/// </summary>
public sealed class Dataset2D
{
    public Dataset2D(double[,] features, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.GetLength(1) != 2)
            throw new ArgumentException($"Expected features of shape (N, 2), got (N, {features.GetLength(1)}).", nameof(features));
        if (features.GetLength(0) != labels.Length)
            throw new ArgumentException($"Expected one label per point: {features.GetLength(0)} points but {labels.Length} labels.", nameof(labels));
        if (labels.Length == 0)
            throw new ArgumentException("Expected at least one point, got an empty dataset.", nameof(labels));
        var bad = Array.FindIndex(labels, l => l is not (0 or 1));
        if (bad >= 0)
            throw new ArgumentException($"Expected labels 0 or 1, got {labels[bad]} at index {bad}.", nameof(labels));
        Features = features;
        Labels = labels;
    }

    /// <summary>(N, 2): row i is the point (x₁, x₂).</summary>
    public double[,] Features { get; }

    /// <summary>(N): the class of each point, 0 or 1.</summary>
    public int[] Labels { get; }

    public int Count => Labels.Length;

    public (double X1, double X2) this[int index] => (Features[index, 0], Features[index, 1]);

    /// <summary>The bounding box of the points, widened by <paramref name="margin"/> of its size.</summary>
    public (double MinX, double MaxX, double MinY, double MaxY) Bounds(double margin = 0.1)
    {
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (var i = 0; i < Count; i++)
        {
            minX = Math.Min(minX, Features[i, 0]); maxX = Math.Max(maxX, Features[i, 0]);
            minY = Math.Min(minY, Features[i, 1]); maxY = Math.Max(maxY, Features[i, 1]);
        }
        double padX = Math.Max(maxX - minX, 1e-9) * margin, padY = Math.Max(maxY - minY, 1e-9) * margin;
        return (minX - padX, maxX + padX, minY - padY, maxY + padY);
    }

    /// <summary>Fraction of points whose label <paramref name="predict"/> gets right.</summary>
    public double Accuracy(Func<double, double, int> predict)
    {
        var correct = 0;
        for (var i = 0; i < Count; i++)
            if (predict(Features[i, 0], Features[i, 1]) == Labels[i]) correct++;
        return (double)correct / Count;
    }
}
