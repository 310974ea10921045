namespace NotebookKit.Training;

/// <summary>Which update rule the trainer uses.</summary>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent.</summary>
    Sgd,
    /// <summary>SGD with momentum (<see cref="TrainerOptions.Momentum"/>).</summary>
    Momentum,
    /// <summary>Adam, with PyTorch's default betas.</summary>
    Adam,
    /// <summary>Adam with decoupled weight decay (<see cref="TrainerOptions.WeightDecay"/>), as Transformers are trained.</summary>
    AdamW,
}

/// <summary>How to train. Every default is chosen for the small CPU-sized problems of the course.</summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Examples per gradient step; 32 is small enough for noisy, fast progress on CPU.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Step size; 1e-2 suits Adam on the course's small networks.</summary>
    public double LearningRate { get; init; } = 1e-2;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Used by <see cref="OptimizerKind.Momentum"/>; 0.9 is the usual choice.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Used by <see cref="OptimizerKind.AdamW"/>; 0.01 is PyTorch's default.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Seeds the order of the batches (the model's initialisation has its own seed).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// When set, gradients are rescaled before each update so that their overall norm is at most
    /// this: recurrent networks now and then produce one huge gradient that would undo training.
    /// </summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>How the learning rate changes over the steps; constant by default.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Examples per forward pass when measuring validation data; 0 (default) for all at once.</summary>
    public int EvaluationBatchSize { get; init; }

    /// <summary>Checks the options, naming the first bad value.</summary>
    public TrainerOptions Validated()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Expected a positive number of epochs.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Expected a positive batch size.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Expected a positive, finite learning rate.");
        if (Momentum is < 0 or >= 1 || double.IsNaN(Momentum))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Expected momentum in [0, 1).");
        if (WeightDecay < 0 || !double.IsFinite(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Expected a weight decay of zero or more.");
        if (ClipGradientNorm is { } clip && !(clip > 0 && double.IsFinite(clip)))
            throw new ArgumentOutOfRangeException(nameof(ClipGradientNorm), clip, "Expected a positive, finite gradient norm to clip to (or none).");
        if (Schedule is null) throw new ArgumentNullException(nameof(Schedule), "Expected a learning-rate schedule (LearningRateSchedule.Constant for none).");
        if (EvaluationBatchSize < 0)
            throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, "Expected an evaluation batch size of 0 (all at once) or more.");
        return this;
    }
}
