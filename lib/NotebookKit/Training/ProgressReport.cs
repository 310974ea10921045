namespace NotebookKit.Training;

/// <summary>
/// One progress message from a training loop: the step reached, how many steps there will be,
/// and named metrics (loss, accuracy, ...). Training code takes an <c>Action&lt;ProgressReport&gt;</c>
/// and knows nothing about notebooks; a notebook passes one that redraws a <see cref="Plots.ProgressBoard"/>.
/// </summary>
public sealed record ProgressReport(int Step, int TotalSteps, IReadOnlyDictionary<string, double> Metrics)
{
    public static ProgressReport Of(int step, int totalSteps, params (string Name, double Value)[] metrics) =>
        new(step, totalSteps, metrics.ToDictionary(m => m.Name, m => m.Value));
}
