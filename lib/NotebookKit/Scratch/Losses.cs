using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>Mean squared error over all elements, as PyTorch's <c>mse_loss</c>: L = mean((ŷ − y)²).</summary>
public sealed class MeanSquaredError
{
    private Matrix<double>? difference;

    /// <param name="prediction">(B, n)</param>
    /// <param name="target">(B, n)</param>
    public double Forward(Matrix<double> prediction, Matrix<double> target)
    {
        Shapes.RequireSame(target, prediction.RowCount, prediction.ColumnCount, "the target");
        difference = prediction - target;
        return difference.PointwisePower(2).Enumerate().Sum() / difference.Enumerate().Count();
    }

    /// <returns>∂L/∂prediction = 2 (ŷ − y) / (B·n)</returns>
    public Matrix<double> Backward()
    {
        var d = Shapes.Remembered(difference, nameof(MeanSquaredError));
        return d * (2.0 / (d.RowCount * d.ColumnCount));
    }
}

/// <summary>
/// Binary cross-entropy on logits z, as PyTorch's <c>binary_cross_entropy_with_logits</c>:
/// L = mean(softplus(z) − y·z), computed without overflow as max(z, 0) + log(1 + e^−|z|) − y·z.
/// </summary>
public sealed class BinaryCrossEntropy
{
    private Matrix<double>? logits;
    private int[]? labels;

    /// <param name="logits">(B, 1): one score per example; σ(z) is the probability of class 1.</param>
    /// <param name="labels">(B): 0 or 1.</param>
    public double Forward(Matrix<double> logits, int[] labels)
    {
        Shapes.RequireSame(logits, labels.Length, 1, "the logits (one per label)");
        var total = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0 or 1)) throw new ArgumentException($"Expected labels 0 or 1, got {labels[i]} at index {i}.", nameof(labels));
            var z = logits[i, 0];
            total += Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - labels[i] * z;
        }
        this.logits = logits;
        this.labels = labels;
        return total / labels.Length;
    }

    /// <returns>∂L/∂z = (σ(z) − y) / B</returns>
    public Matrix<double> Backward()
    {
        var z = Shapes.Remembered(logits, nameof(BinaryCrossEntropy));
        var y = labels!;
        return Matrix<double>.Build.Dense(y.Length, 1, (i, _) => (Activations.Sigmoid(z[i, 0]) - y[i]) / y.Length);
    }
}

/// <summary>
/// Softmax followed by cross-entropy on integer class labels, as PyTorch's <c>cross_entropy</c>:
/// L = mean(logΣⱼ e^zⱼ − z_y). The log-sum-exp subtracts the row maximum first, so large logits
/// never overflow.
/// </summary>
public sealed class SoftmaxCrossEntropy
{
    private Matrix<double>? probabilities;
    private int[]? labels;

    /// <param name="logits">(B, K)</param>
    /// <param name="labels">(B): class indices in [0, K).</param>
    public double Forward(Matrix<double> logits, int[] labels)
    {
        if (logits.RowCount != labels.Length)
            throw new ArgumentException($"Expected one label per row of logits: {logits.RowCount} rows but {labels.Length} labels.", nameof(labels));
        var total = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= logits.ColumnCount)
                throw new ArgumentException($"Expected labels in [0, {logits.ColumnCount}), got {labels[i]} at index {i}.", nameof(labels));
            total += LogSumExp(logits.Row(i)) - logits[i, labels[i]];
        }
        probabilities = Softmax(logits);
        this.labels = labels;
        return total / labels.Length;
    }

    /// <returns>∂L/∂z = (softmax(z) − onehot(y)) / B</returns>
    public Matrix<double> Backward()
    {
        var p = Shapes.Remembered(probabilities, nameof(SoftmaxCrossEntropy));
        var gradient = p.Clone();
        for (var i = 0; i < labels!.Length; i++) gradient[i, labels[i]] -= 1;
        return gradient / labels.Length;
    }

    /// <summary>log Σ e^xⱼ, computed as m + log Σ e^(xⱼ − m) with m = max x.</summary>
    public static double LogSumExp(Vector<double> x)
    {
        var max = x.Maximum();
        return max + Math.Log(x.Sum(v => Math.Exp(v - max)));
    }

    /// <summary>Row-wise softmax; every row sums to 1.</summary>
    public static Matrix<double> Softmax(Matrix<double> logits)
    {
        var result = logits.Clone();
        for (var i = 0; i < result.RowCount; i++)
        {
            var logNormaliser = LogSumExp(result.Row(i));
            result.SetRow(i, result.Row(i).Map(v => Math.Exp(v - logNormaliser)));
        }
        return result;
    }
}
