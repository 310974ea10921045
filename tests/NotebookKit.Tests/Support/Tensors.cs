using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Support;

/// <summary>Seeded float64 tensors and tensor comparison for the TorchSharp-side tests.</summary>
public static class Tensors
{
    /// <summary>Standard normal values of the given shape, float64, from their own seeded generator.</summary>
    public static Tensor Random(long[] shape, int seed)
    {
        TorchRuntime.EnsureLoaded();
        return torch.randn(shape, ScalarType.Float64, generator: new torch.Generator((ulong)seed));
    }

    /// <summary><see cref="Compare.Close(IReadOnlyList{double}, IReadOnlyList{double}, double, string, double)"/> on two tensors' values.</summary>
    public static void Close(Tensor expected, Tensor actual, double tolerance, string what)
    {
        static double[] Values(Tensor t) => t.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        Compare.Close(Values(expected), Values(actual), tolerance, what);
    }
}
