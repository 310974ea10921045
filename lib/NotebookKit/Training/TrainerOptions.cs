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

    /// <summary>Seeds the order of the batches (the model's initialisation has its own seed).</summary>
    public int Seed { get; init; }

    /// <summary>Checks the options, naming the first bad value.</summary>
    public TrainerOptions Validated()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Expected a positive number of epochs.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Expected a positive batch size.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Expected a positive, finite learning rate.");
        if (Momentum is < 0 or >= 1 || double.IsNaN(Momentum))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Expected momentum in [0, 1).");
        return this;
    }
}
