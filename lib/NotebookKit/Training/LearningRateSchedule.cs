using System.Text.Json.Serialization;

namespace NotebookKit.Training;

/// <summary>The shapes a learning-rate schedule can take.</summary>
public enum ScheduleKind
{
    /// <summary>The same rate at every step.</summary>
    Constant,
    /// <summary>Linear warm-up, then cosine decay.</summary>
    WarmupCosine,
}

/// <summary>
/// How the learning rate changes over training: the rate at optimiser step s (counting from 1) of
/// S is the base rate times <see cref="Factor"/>(s, S). A plain record, so it is saved with a checkpoint.
/// </summary>
public sealed record LearningRateSchedule
{
    [JsonConstructor]
    public LearningRateSchedule(ScheduleKind kind, int warmupSteps = 0, double minimumFactor = 1.0)
    {
        if (warmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "Expected a warm-up of zero or more steps.");
        if (minimumFactor is < 0 or > 1 || double.IsNaN(minimumFactor))
            throw new ArgumentOutOfRangeException(nameof(minimumFactor), minimumFactor, "Expected a minimum factor in [0, 1].");
        Kind = kind;
        WarmupSteps = warmupSteps;
        MinimumFactor = minimumFactor;
    }

    public ScheduleKind Kind { get; }
    public int WarmupSteps { get; }
    public double MinimumFactor { get; }

    /// <summary>The same rate at every step.</summary>
    public static LearningRateSchedule Constant { get; } = new(ScheduleKind.Constant);

    /// <summary>
    /// A linear warm-up from almost 0 over <paramref name="warmupSteps"/> steps, then a cosine decay
    /// to <paramref name="minimumFactor"/> × the base rate at the last step. Transformers are trained
    /// this way: large early steps on freshly initialised attention blow up; a slow end settles.
    /// </summary>
    public static LearningRateSchedule WarmupCosine(int warmupSteps, double minimumFactor = 0.1) => new(ScheduleKind.WarmupCosine, warmupSteps, minimumFactor);

    /// <summary>The multiplier of the base rate at <paramref name="step"/> (1-based) of <paramref name="totalSteps"/>.</summary>
    public double Factor(int step, int totalSteps)
    {
        if (Kind == ScheduleKind.Constant) return 1.0;
        if (step <= WarmupSteps) return (double)step / (WarmupSteps + 1);
        var decaySteps = Math.Max(1, totalSteps - WarmupSteps);
        var progress = Math.Clamp((double)(step - WarmupSteps) / decaySteps, 0, 1);
        return MinimumFactor + (1 - MinimumFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
