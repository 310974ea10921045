using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Scratch;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// One full training step (forward, loss, backward, SGD update) of the same MLP, from scratch on
/// MathNet (double) and on TorchSharp (float32), on a tiny and a medium network. The tiny one is
/// dominated by per-operation overhead, the medium one by arithmetic throughput.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private NotebookKit.Scratch.Mlp scratch = null!;
    private Sgd scratchOptimizer = null!;
    private Matrix<double> scratchInput = null!;
    private int[] labels = null!;
    private readonly SoftmaxCrossEntropy scratchLoss = new();
    private readonly BinaryCrossEntropy scratchBinaryLoss = new();
    private bool binary;

    private NotebookKit.Modules.Mlp network = null!;
    private TorchSharp.Modules.SGD torchOptimizer = null!;
    private Tensor torchInput = null!;
    private Tensor torchLabels = null!;

    /// <summary>"tiny": 2-16-1 with binary cross-entropy, batch 32. "medium": 784-128-10 with softmax cross-entropy, batch 64.</summary>
    [Params("tiny 2-16-1 b32", "medium 784-128-10 b64")]
    public string Network { get; set; } = "tiny 2-16-1 b32";

    [GlobalSetup]
    public void Setup()
    {
        var (sizes, batch) = Network.StartsWith("tiny", StringComparison.Ordinal) ? (new[] { 2, 16, 1 }, 32) : (new[] { 784, 128, 10 }, 64);
        binary = sizes[^1] == 1;
        var random = new Random(0);
        scratchInput = Matrix<double>.Build.Dense(batch, sizes[0], (_, _) => random.NextDouble());
        labels = Enumerable.Range(0, batch).Select(i => i % Math.Max(2, sizes[^1])).ToArray();
        scratch = new NotebookKit.Scratch.Mlp(sizes, ActivationKind.Relu, seed: 1);
        scratchOptimizer = new Sgd(scratch.Parameters, 0.01);

        torch.set_num_threads(Environment.ProcessorCount);
        network = new NotebookKit.Modules.Mlp(sizes, ActivationKind.Relu, ScalarType.Float32, seed: 1);
        torchOptimizer = new NotebookKit.Training.ContiguousSgd(network.parameters(), 0.01);
        torchInput = TensorConvert.ToTensor(scratchInput, ScalarType.Float32);
        torchLabels = binary
            ? torch.tensor(labels.Select(l => (float)l).ToArray(), [batch, 1])
            : TensorConvert.Labels(labels);
    }

    [Benchmark(Baseline = true, Description = "from scratch (MathNet, double)")]
    public double ScratchStep()
    {
        scratchOptimizer.ZeroGrad();
        var output = scratch.Forward(scratchInput);
        var loss = binary ? scratchBinaryLoss.Forward(output, labels) : scratchLoss.Forward(output, labels);
        scratch.Backward(binary ? scratchBinaryLoss.Backward() : scratchLoss.Backward());
        scratchOptimizer.Step();
        return loss;
    }

    [Benchmark(Description = "TorchSharp (float32)")]
    public float TorchStep()
    {
        using var scope = torch.NewDisposeScope();
        torchOptimizer.zero_grad();
        var output = network.forward(torchInput);
        var loss = binary ? nn.functional.binary_cross_entropy_with_logits(output, torchLabels) : nn.functional.cross_entropy(output, torchLabels);
        loss.backward();
        torchOptimizer.step();
        return loss.item<float>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        torchInput.Dispose();
        torchLabels.Dispose();
        torchOptimizer.Dispose();
        network.Dispose();
    }
}
