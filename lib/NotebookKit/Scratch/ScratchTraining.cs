using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Data;
using NotebookKit.Training;

namespace NotebookKit.Scratch;

/// <summary>Mini-batch training of a from-scratch classifier with softmax cross-entropy.</summary>
public static class ScratchTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> (its last layer has one output per class) on the points,
    /// shuffled per epoch with <see cref="Batching.Shuffled"/>. Returns the mean loss of each epoch.
    /// </summary>
    public static IReadOnlyList<double> Fit(Mlp model, Dataset2D data, Optimizer optimizer, int epochs, int batchSize = 32, int seed = 0,
        Action<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Expected a positive number of epochs.");
        if (model.Sizes[^1] < data.ClassCount)
            throw new ArgumentException($"Expected a model with at least {data.ClassCount} outputs (one per class), got {model.Sizes[^1]}.", nameof(model));
        var features = data.FeatureMatrix();                              // (N, 2)
        var loss = new SoftmaxCrossEntropy();
        var history = new List<double>();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var total = 0.0;
            foreach (var batch in Batching.Shuffled(data.Count, batchSize, seed, epoch))
            {
                var x = Matrix<double>.Build.DenseOfRowVectors(batch.Select(features.Row));   // (b, 2)
                var labels = batch.Select(i => data.Labels[i]).ToArray();
                optimizer.ZeroGrad();
                var value = loss.Forward(model.Forward(x), labels);
                if (!double.IsFinite(value))
                    throw new TrainingDivergedException($"The loss became {value} at epoch {epoch}: training stopped. Try a smaller learning rate.");
                model.Backward(loss.Backward());
                optimizer.Step();
                total += value * batch.Length;
            }
            history.Add(total / data.Count);
            progress?.Invoke(ProgressReport.Of(epoch, epochs, ("loss", history[^1])));
        }
        return history;
    }

    /// <summary>The class with the highest score for one point.</summary>
    public static int Predict(Mlp model, double x1, double x2)
    {
        var scores = model.Forward(Matrix<double>.Build.DenseOfArray(new[,] { { x1, x2 } })).Row(0);
        return scores.MaximumIndex();
    }
}
