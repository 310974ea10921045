using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Data;
using NotebookKit.Training;

namespace NotebookKit.Scratch;

/// <summary>Mini-batch training of a from-scratch classifier with softmax cross-entropy, by the kit's one <see cref="TrainingLoop"/>.</summary>
public static class ScratchTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> (its last layer has one output per class) on the points,
    /// shuffled per epoch with <see cref="Batching.Shuffled"/>. Returns the mean loss of each epoch;
    /// progress reports carry the training loss and accuracy.
    /// </summary>
    /// <param name="clipGradientNorm">when set, the joint gradient norm is clipped to it before each update</param>
    public static IReadOnlyList<double> Fit(Mlp model, Dataset2D data, Optimizer optimizer, int epochs, int batchSize = 32, int seed = 0,
        Action<ProgressReport>? progress = null, double? clipGradientNorm = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (model.Sizes[^1] < data.ClassCount)
            throw new ArgumentException($"Expected a model with at least {data.ClassCount} outputs (one per class), got {model.Sizes[^1]}.", nameof(model));
        var options = new TrainerOptions
        {
            Epochs = epochs, BatchSize = batchSize, Seed = seed, LearningRate = optimizer.LearningRate, ClipGradientNorm = clipGradientNorm,
        };
        var history = TrainingLoop.Run(new Stepper(model, optimizer, clipGradientNorm), new PointBatches(data), null, options, new TrainingHistory(), epochs, progress);
        return history.TrainLoss;
    }

    /// <summary>The class with the highest score for one point.</summary>
    public static int Predict(Mlp model, double x1, double x2)
    {
        var scores = model.Forward(Matrix<double>.Build.DenseOfArray(new[,] { { x1, x2 } })).Row(0);
        return scores.MaximumIndex();
    }

    /// <summary>2-D points and their labels, a batch at a time: features (B, 2), labels (B).</summary>
    private sealed class PointBatches(Dataset2D data) : IBatchSource<(Matrix<double> Features, int[] Labels)>
    {
        private readonly Matrix<double> features = data.FeatureMatrix();                 // (N, 2)

        public int Count => data.Count;

        public IReadOnlyList<int[]> Order(int batchSize, int seed, int epoch) => Batching.Shuffled(data.Count, batchSize, seed, epoch);

        public (Matrix<double> Features, int[] Labels) Take(int[] examples) =>
            (Matrix<double>.Build.DenseOfRowVectors(examples.Select(features.Row)), examples.Select(i => data.Labels[i]).ToArray());   // (B, 2), (B)
    }

    /// <summary>Forward, loss, explicit backward pass and update of a scratch MLP.</summary>
    private sealed class Stepper(Mlp model, Optimizer optimizer, double? clipGradientNorm) : IBatchStepper<(Matrix<double> Features, int[] Labels)>
    {
        private readonly SoftmaxCrossEntropy loss = new();

        public void Mode(bool training) { }

        public IDisposable BatchScope() => NoScope.Instance;

        public BatchLoss Loss((Matrix<double> Features, int[] Labels) batch)
        {
            optimizer.ZeroGrad();
            var scores = model.Forward(batch.Features);                                 // (B, K)
            var value = loss.Forward(scores, batch.Labels);
            var correct = batch.Labels.Where((label, i) => scores.Row(i).MaximumIndex() == label).Count();
            return new BatchLoss(value, batch.Labels.Length, correct);
        }

        public void Step(double learningRate)
        {
            model.Backward(loss.Backward());
            if (clipGradientNorm is { } maxNorm) optimizer.ClipGradientNorm(maxNorm);
            optimizer.LearningRate = learningRate;
            optimizer.Step();
        }
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();
        public void Dispose() { }
    }
}
