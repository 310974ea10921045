namespace NotebookKit.Training;

/// <summary>The loss became NaN or infinite: training stopped before the update; the message names the step.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
