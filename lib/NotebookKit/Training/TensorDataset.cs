using NotebookKit.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>Inputs (N, ...) and targets (N, ...) held as tensors, served in seeded shuffled batches.</summary>
public sealed class TensorDataset : IBatchSource<(Tensor Inputs, Tensor Targets)>
{
    /// <param name="inputs">(N, ...)</param>
    /// <param name="targets">(N) labels or (N, ...) targets</param>
    /// <param name="what">what the data is for, in error messages ("training", "validation")</param>
    public TensorDataset(Tensor inputs, Tensor targets, string what = "training")
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.dim() == 0 || inputs.shape[0] == 0)
            throw new ArgumentException($"Expected a non-empty {what} set, got inputs of shape ({string.Join(", ", inputs.shape)}).");
        if (targets.dim() == 0 || targets.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Expected one {what} target per input: {inputs.shape[0]} inputs but targets of shape ({string.Join(", ", targets.shape)}).");
        Inputs = inputs;
        Targets = targets;
    }

    public Tensor Inputs { get; }
    public Tensor Targets { get; }
    public int Count => (int)Inputs.shape[0];

    public IReadOnlyList<int[]> Order(int batchSize, int seed, int epoch) => Batching.Shuffled(Count, batchSize, seed, epoch);

    public (Tensor Inputs, Tensor Targets) Take(int[] examples)
    {
        var index = torch.tensor(examples.Select(i => (long)i).ToArray(), ScalarType.Int64);
        return (Inputs.index_select(0, index), Targets.index_select(0, index));   // (B, ...), (B, ...)
    }
}
