using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Data;
using NotebookKit.Scratch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Torch;

/// <summary>Moves numbers between the from-scratch world (MathNet, arrays) and TorchSharp tensors.</summary>
public static class TensorConvert
{
    /// <summary>A (rows, columns) tensor with the matrix's values.</summary>
    public static Tensor ToTensor(Matrix<double> matrix, ScalarType dtype = ScalarType.Float64)
    {
        TorchRuntime.EnsureLoaded();
        var rowMajor = matrix.ToRowMajorArray();
        using var doubles = torch.tensor(rowMajor, [matrix.RowCount, matrix.ColumnCount], ScalarType.Float64);
        return doubles.to_type(dtype);
    }

    /// <summary>A matrix with a 2-D tensor's values (converted to double).</summary>
    public static Matrix<double> ToMatrix(Tensor tensor)
    {
        if (tensor.dim() != 2) throw new ArgumentException($"Expected a 2-D tensor, got shape ({string.Join(", ", tensor.shape)}).", nameof(tensor));
        using var doubles = tensor.detach().to_type(ScalarType.Float64).contiguous();
        var values = doubles.data<double>().ToArray();
        return Matrix<double>.Build.Dense((int)tensor.shape[0], (int)tensor.shape[1], (i, j) => values[i * tensor.shape[1] + j]);
    }

    /// <summary>A 2-D tensor's rows as arrays (for charts): <c>Rows(weights[0, h])</c> draws one head's (T, S) map.</summary>
    public static double[][] Rows(Tensor tensor)
    {
        if (tensor.dim() != 2) throw new ArgumentException($"Expected a 2-D tensor, got shape ({string.Join(", ", tensor.shape)}).", nameof(tensor));
        using var doubles = tensor.detach().to_type(ScalarType.Float64).contiguous();
        var values = doubles.data<double>().ToArray();
        var columns = (int)tensor.shape[1];
        return Enumerable.Range(0, (int)tensor.shape[0]).Select(r => values[(r * columns)..((r + 1) * columns)]).ToArray();
    }

    /// <summary>A (B, C, height, width) tensor with the volume's values.</summary>
    public static Tensor ToTensor(Volume volume, ScalarType dtype = ScalarType.Float64)
    {
        TorchRuntime.EnsureLoaded();
        using var doubles = torch.tensor(volume.Data, volume.Shape, ScalarType.Float64);
        return doubles.to_type(dtype);
    }

    /// <summary>A volume with a 4-D tensor's values (converted to double).</summary>
    public static Volume ToVolume(Tensor tensor)
    {
        if (tensor.dim() != 4) throw new ArgumentException($"Expected a 4-D tensor (B, C, height, width), got shape ({string.Join(", ", tensor.shape)}).", nameof(tensor));
        using var doubles = tensor.detach().to_type(ScalarType.Float64).contiguous();
        return new Volume((int)tensor.shape[0], (int)tensor.shape[1], (int)tensor.shape[2], (int)tensor.shape[3], doubles.data<double>().ToArray());
    }

    /// <summary>A sequence-first (T, B, I) tensor from T matrices of shape (B, I).</summary>
    public static Tensor ToTensor(IReadOnlyList<Matrix<double>> steps, ScalarType dtype = ScalarType.Float64)
    {
        if (steps.Count == 0) throw new ArgumentException("Expected at least one step, got an empty sequence.", nameof(steps));
        var (batch, width) = (steps[0].RowCount, steps[0].ColumnCount);
        var values = steps.SelectMany(m => m.ToRowMajorArray()).ToArray();
        TorchRuntime.EnsureLoaded();
        using var doubles = torch.tensor(values, [steps.Count, batch, width], ScalarType.Float64);
        return doubles.to_type(dtype);
    }

    /// <summary>T matrices (B, I) from a sequence-first (T, B, I) tensor.</summary>
    public static IReadOnlyList<Matrix<double>> ToSteps(Tensor tensor)
    {
        if (tensor.dim() != 3) throw new ArgumentException($"Expected a 3-D tensor (T, B, I), got shape ({string.Join(", ", tensor.shape)}).", nameof(tensor));
        return Enumerable.Range(0, (int)tensor.shape[0]).Select(t => { using var step = tensor[t]; return ToMatrix(step); }).ToArray();
    }

    /// <summary>(N, 2) features of a 2-D dataset.</summary>
    public static Tensor Features(Dataset2D data, ScalarType dtype = ScalarType.Float32) => ToTensor(data.FeatureMatrix(), dtype);

    /// <summary>(N) class labels as int64, what cross-entropy expects.</summary>
    /// <summary>Token ids of equally long sequences as one (N, T) int64 tensor.</summary>
    public static Tensor Ids(IReadOnlyList<int[]> sequences)
    {
        if (sequences.Count == 0) throw new ArgumentException("Expected at least one sequence, got none.", nameof(sequences));
        var length = sequences[0].Length;
        var uneven = sequences.ToList().FindIndex(s => s.Length != length);
        if (uneven >= 0)
            throw new ArgumentException($"Expected sequences of one length ({length}, like the first), got {sequences[uneven].Length} at index {uneven}: pad them first (SequenceBatch.Pad).", nameof(sequences));
        return torch.tensor(sequences.SelectMany(s => s.Select(v => (long)v)).ToArray(), [sequences.Count, length]);   // (N, T)
    }

    public static Tensor Labels(IReadOnlyList<int> labels)
    {
        TorchRuntime.EnsureLoaded();
        return torch.tensor(labels.Select(l => (long)l).ToArray(), ScalarType.Int64);
    }

    /// <summary>(N, 1, size, size) float32 images and (N) int64 labels.</summary>
    public static (Tensor Images, Tensor Labels) Images(ShapeImages images)
    {
        TorchRuntime.EnsureLoaded();
        return (torch.tensor(images.Pixels, [images.Count, 1, images.Size, images.Size], ScalarType.Float32), Labels(images.Labels));
    }
}
