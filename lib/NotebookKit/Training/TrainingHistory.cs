namespace NotebookKit.Training;

/// <summary>Per-epoch metrics of a training run: train/validation loss and accuracy (NaN when not measured).</summary>
public sealed class TrainingHistory
{
    public List<double> TrainLoss { get; init; } = [];
    public List<double> TrainAccuracy { get; init; } = [];
    public List<double> ValidationLoss { get; init; } = [];
    public List<double> ValidationAccuracy { get; init; } = [];

    /// <summary>Milliseconds per optimisation step, per epoch.</summary>
    public List<double> MillisecondsPerStep { get; init; } = [];

    public int Epochs => TrainLoss.Count;

    internal void Add(double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy, double msPerStep)
    {
        TrainLoss.Add(trainLoss);
        TrainAccuracy.Add(trainAccuracy);
        ValidationLoss.Add(validationLoss);
        ValidationAccuracy.Add(validationAccuracy);
        MillisecondsPerStep.Add(msPerStep);
    }
}

/// <summary>The loss became NaN or infinite: training stopped; the message names the step.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
