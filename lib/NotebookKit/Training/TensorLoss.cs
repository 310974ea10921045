using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// A model's loss on one batch, as d2l's <c>training_step</c> returns it: the scalar to
/// backpropagate, how many items its mean is over (examples, or real tokens), and how many were
/// predicted right (null when accuracy means nothing).
/// </summary>
public sealed record TensorLoss(Tensor Value, long Count, long? Correct = null);
