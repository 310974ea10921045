namespace NotebookKit.Data;

/// <summary>
/// Points in the plane with a class label each: the data of the first notebooks.
/// <see cref="Features"/> has shape (N, 2); <see cref="Labels"/> has length N, values in [0, K).
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
        var bad = Array.FindIndex(labels, l => l < 0);
        if (bad >= 0)
            throw new ArgumentException($"Expected class labels 0, 1, 2, ..., got {labels[bad]} at index {bad}.", nameof(labels));
        Features = features;
        Labels = labels;
        ClassCount = Math.Max(2, labels.Max() + 1);
    }

    /// <summary>K: the number of classes (at least 2).</summary>
    public int ClassCount { get; }

    /// <summary>(N, 2): row i is the point (x₁, x₂).</summary>
    public double[,] Features { get; }

    /// <summary>(N): the class of each point, in [0, K).</summary>
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

    /// <summary>The features as a (N, 2) matrix, for the from-scratch models.</summary>
    public MathNet.Numerics.LinearAlgebra.Matrix<double> FeatureMatrix() =>
        MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(Features);

    /// <summary>The points at the given indices, in that order.</summary>
    public Dataset2D Subset(IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) throw new ArgumentException("Expected at least one index; a subset cannot be empty.", nameof(indices));
        var features = new double[indices.Count, 2];
        var labels = new int[indices.Count];
        for (var k = 0; k < indices.Count; k++)
        {
            var i = indices[k];
            if (i < 0 || i >= Count) throw new ArgumentOutOfRangeException(nameof(indices), i, $"Expected indices in [0, {Count}).");
            features[k, 0] = Features[i, 0];
            features[k, 1] = Features[i, 1];
            labels[k] = Labels[i];
        }
        return new Dataset2D(features, labels);
    }

    /// <summary>A seeded random split into training and validation points.</summary>
    public (Dataset2D Train, Dataset2D Validation) Split(double validationFraction, int seed = 0)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Expected a validation fraction strictly between 0 and 1.");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var validationCount = (int)Math.Round(Count * validationFraction);
        if (validationCount == 0 || validationCount == Count)
            throw new ArgumentException($"A {validationFraction:P0} split of {Count} points leaves one side empty.", nameof(validationFraction));
        return (Subset(order[validationCount..]), Subset(order[..validationCount]));
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
