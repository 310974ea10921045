namespace NotebookKit.Training;

/// <summary>
/// Per-epoch metrics of a training run: train/validation loss and accuracy (NaN when not
/// measured). Written by <see cref="TrainingLoop"/>; plain numbers, so it serialises with a checkpoint.
/// </summary>
public sealed class TrainingHistory
{
    public List<double> TrainLoss { get; init; } = [];
    public List<double> TrainAccuracy { get; init; } = [];
    public List<double> ValidationLoss { get; init; } = [];
    public List<double> ValidationAccuracy { get; init; } = [];

    /// <summary>Milliseconds per optimisation step, per epoch.</summary>
    public List<double> MillisecondsPerStep { get; init; } = [];

    /// <summary>Optimiser steps taken so far (the learning-rate schedule's clock).</summary>
    public int Steps { get; set; }

    public int Epochs => TrainLoss.Count;

    internal void Add(double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy, double msPerStep)
    {
        TrainLoss.Add(trainLoss);
        TrainAccuracy.Add(trainAccuracy);
        ValidationLoss.Add(validationLoss);
        ValidationAccuracy.Add(validationAccuracy);
        MillisecondsPerStep.Add(msPerStep);
    }

    /// <summary>The last epoch's measured metrics, as a progress report.</summary>
    internal ProgressReport Report(int totalEpochs)
    {
        var metrics = new List<(string, double)> { ("train loss", TrainLoss[^1]) };
        if (!double.IsNaN(ValidationLoss[^1])) metrics.Add(("validation loss", ValidationLoss[^1]));
        if (!double.IsNaN(TrainAccuracy[^1])) metrics.Add(("train accuracy", TrainAccuracy[^1]));
        if (!double.IsNaN(ValidationAccuracy[^1])) metrics.Add(("validation accuracy", ValidationAccuracy[^1]));
        return ProgressReport.Of(Epochs, totalEpochs, metrics.ToArray());
    }
}
