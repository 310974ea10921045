using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>The losses the trainer is used with, as (prediction, target) → scalar functions.</summary>
public static class LossFunctions
{
    /// <summary>Softmax cross-entropy: logits (B, K), int64 labels (B).</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    /// <summary>Mean squared error: prediction and target of the same shape.</summary>
    public static Tensor MeanSquaredError(Tensor prediction, Tensor target) => nn.functional.mse_loss(prediction, target);

    /// <summary>Binary cross-entropy on logits (B, 1) against float targets (B, 1) of 0 and 1.</summary>
    public static Tensor BinaryCrossEntropy(Tensor logits, Tensor target) => nn.functional.binary_cross_entropy_with_logits(logits, target);
}
