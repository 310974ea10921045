namespace NotebookKit.Training;

/// <summary>
/// What one batch measured: its mean loss, how many items that mean is over (examples, or tokens
/// for sequences), and how many were predicted right (null when accuracy means nothing).
/// </summary>
public readonly record struct BatchLoss(double Value, long Count, long? Correct = null);
