using System.Diagnostics;
using System.Globalization;

namespace NotebookKit.Training;

/// <summary>
/// The one training loop of the kit, for every model, from scratch or on TorchSharp: epochs of
/// batches in a seeded order, a learning rate from the schedule at every step, a guard that stops
/// before the update when the loss turns NaN or infinite (naming epoch, step and rate), per-epoch
/// history (loss, accuracy, validation, ms per step) and a progress report after each epoch for
/// live charts. What a step does to a model is the <see cref="IBatchStepper{TBatch}"/>'s business.
/// </summary>
public static class TrainingLoop
{
    /// <summary>
    /// Trains until <paramref name="untilEpoch"/> epochs are done, continuing <paramref name="history"/>
    /// (which is extended in place and returned).
    /// </summary>
    public static TrainingHistory Run<TBatch>(IBatchStepper<TBatch> stepper, IBatchSource<TBatch> train, IBatchSource<TBatch>? validation,
        TrainerOptions options, TrainingHistory history, int untilEpoch, Action<ProgressReport>? progress)
    {
        ArgumentNullException.ThrowIfNull(stepper);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(history);
        options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        RequireExamples(train, "training");
        if (validation is not null) RequireExamples(validation, "validation");
        if (untilEpoch > options.Epochs) throw new ArgumentOutOfRangeException(nameof(untilEpoch), untilEpoch, $"Expected at most {options.Epochs} epochs.");
        for (var epoch = history.Epochs + 1; epoch <= untilEpoch; epoch++)
        {
            stepper.Mode(training: true);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long count = 0, correct = 0;
            var measuredAccuracy = false;
            var batches = train.Order(options.BatchSize, options.Seed, epoch);
            var totalSteps = options.Epochs * batches.Count;
            for (var b = 0; b < batches.Count; b++)
            {
                Kit.Interruption.ThrowIfCancellationRequested();
                var rate = options.LearningRate * options.Schedule.Factor(history.Steps + 1, totalSteps);
                using (stepper.BatchScope())
                {
                    var loss = stepper.Loss(train.Take(batches[b]));
                    if (!double.IsFinite(loss.Value))
                        throw new TrainingDivergedException(
                            $"The loss became {loss.Value.ToString(CultureInfo.InvariantCulture)} at epoch {epoch}, step {b + 1} of {batches.Count} " +
                            $"(learning rate {rate.ToString(CultureInfo.InvariantCulture)}): training stopped. Try a smaller learning rate.");
                    stepper.Step(rate);
                    history.Steps++;
                    lossSum += loss.Value * loss.Count;
                    count += loss.Count;
                    if (loss.Correct is { } right)
                    {
                        correct += right;
                        measuredAccuracy = true;
                    }
                }
            }
            var msPerStep = clock.Elapsed.TotalMilliseconds / batches.Count;
            var (validationLoss, validationAccuracy) = validation is null ? (double.NaN, double.NaN) : Evaluate(stepper, validation, options.EvaluationBatchSize);
            history.Add(lossSum / count, measuredAccuracy ? (double)correct / count : double.NaN, validationLoss, validationAccuracy, msPerStep);
            progress?.Invoke(history.Report(options.Epochs));
        }
        return history;
    }

    /// <summary>Mean loss and accuracy (NaN when not measured) over some data, in evaluation mode, in order.</summary>
    /// <param name="batchSize">examples per forward pass; 0 for all at once</param>
    public static (double Loss, double Accuracy) Evaluate<TBatch>(IBatchStepper<TBatch> stepper, IBatchSource<TBatch> data, int batchSize = 0)
    {
        ArgumentNullException.ThrowIfNull(stepper);
        RequireExamples(data, "evaluation");
        if (batchSize < 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a batch size of 0 (all at once) or more.");
        stepper.Mode(training: false);
        var losses = new List<BatchLoss>();
        foreach (var chunk in Enumerable.Range(0, data.Count).Chunk(batchSize == 0 ? data.Count : batchSize))
        {
            using (stepper.BatchScope()) losses.Add(stepper.Loss(data.Take(chunk)));
        }
        var count = losses.Sum(l => l.Count);
        // One pass over everything: its mean is the answer (v · n / n can differ from v in the last bit).
        var mean = losses.Count == 1 ? losses[0].Value : losses.Sum(l => l.Value * l.Count) / count;
        var accuracy = losses.Any(l => l.Correct is not null) ? (double)losses.Sum(l => l.Correct ?? 0) / count : double.NaN;
        return (mean, accuracy);
    }

    private static void RequireExamples<TBatch>(IBatchSource<TBatch> data, string what)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count <= 0) throw new ArgumentException($"Expected a non-empty {what} set, got {data.Count} examples.");
    }
}
