using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Modules;
using BinaryCrossEntropy = NotebookKit.Scratch.BinaryCrossEntropy;
using Sgd = NotebookKit.Scratch.Sgd;
using NotebookKit.Torch;
using NotebookKit.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks.Compare;

/// <summary>
/// The kit's side of the comparison with PyTorch (<c>compare_with_pytorch.py</c>, whose
/// <c>torch_workloads.py</c> builds the same shapes): each workload is built once and then called
/// repeatedly; one call is one unit of work (a training step, a generated text, or
/// <see cref="Workload.CallsPerUnit"/> tiny operations).
/// </summary>
public static class KitWorkloads
{
    public static readonly string[] Names =
    [
        "op-add", "mlp-tiny", "mlp-tiny-scratch", "mlp-medium", "encoder-block",
        "gpt-train-v65", "gpt-train-v4979", "gpt-generate-cache-v65", "gpt-generate-recompute-v65",
    ];

    public static Workload Create(string name) => name switch
    {
        "op-add" => OneElementAdd(),
        "mlp-tiny" => MlpStep([2, 16, 1], 32),
        "mlp-tiny-scratch" => ScratchMlpStep([2, 16, 1], 32),
        "mlp-medium" => MlpStep([784, 128, 10], 64),
        "encoder-block" => EncoderBlockStep(),
        "gpt-train-v65" => GptTrainStep(65),
        "gpt-train-v4979" => GptTrainStep(4979),
        "gpt-generate-cache-v65" => GptGenerate(65, useCache: true),
        "gpt-generate-recompute-v65" => GptGenerate(65, useCache: false),
        _ => throw new ArgumentException($"Unknown workload '{name}'. Expected one of: {string.Join(", ", Names)}."),
    };

    /// <summary>1,000 additions of two one-element tensors, each result disposed at once: the cost of one framework call.</summary>
    private static Workload OneElementAdd()
    {
        var (a, b) = (torch.ones(1), torch.ones(1));
        return new Workload(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                using var c = a.add(b);
            }
        }, CallsPerUnit: 1000);
    }

    /// <summary>
    /// An MLP with ReLU, float32: forward, loss (binary cross-entropy with logits for one output,
    /// else softmax cross-entropy), backward, the kit's ContiguousSgd(0.01). The steps cycle through
    /// 8 fixed batches with random labels, so the loss does not fall to nothing (gradients that
    /// shrink towards denormal numbers would make later repetitions slower than earlier ones).
    /// </summary>
    private static Workload MlpStep(int[] sizes, int batch)
    {
        var network = new NotebookKit.Modules.Mlp(sizes, ActivationKind.Relu, ScalarType.Float32, seed: 1);
        var optimizer = new ContiguousSgd(network.parameters(), 0.01);
        var generator = new torch.Generator(1);
        var binary = sizes[^1] == 1;
        var inputs = Enumerable.Range(0, 8).Select(_ => torch.rand([batch, sizes[0]], generator: generator)).ToArray();
        var labels = Enumerable.Range(0, 8).Select(_ => binary
            ? torch.randint(0, 2, [batch, 1], generator: generator).to_type(ScalarType.Float32)
            : torch.randint(0, sizes[^1], [batch], generator: generator)).ToArray();
        var step = 0;
        return new Workload(() =>
        {
            using var scope = torch.NewDisposeScope();
            var (x, y) = (inputs[step % 8], labels[step % 8]);
            step++;
            optimizer.zero_grad();
            var output = network.forward(x);
            var loss = binary ? nn.functional.binary_cross_entropy_with_logits(output, y) : nn.functional.cross_entropy(output, y);
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
        });
    }

    /// <summary>The same tiny MLP step from scratch (MathNet, float64; the same 8-batch cycle): the kit's teaching path.</summary>
    private static Workload ScratchMlpStep(int[] sizes, int batch)
    {
        var network = new NotebookKit.Scratch.Mlp(sizes, ActivationKind.Relu, seed: 1);
        var optimizer = new Sgd(network.Parameters, 0.01);
        var random = new Random(1);
        var inputs = Enumerable.Range(0, 8).Select(_ => Matrix<double>.Build.Dense(batch, sizes[0], (_, _) => random.NextDouble())).ToArray();
        var labels = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, batch).Select(_ => random.Next(2)).ToArray()).ToArray();
        var loss = new BinaryCrossEntropy();
        var step = 0;
        return new Workload(() =>
        {
            var (x, y) = (inputs[step % 8], labels[step % 8]);
            step++;
            optimizer.ZeroGrad();
            loss.Forward(network.Forward(x), y);
            network.Backward(loss.Backward());
            optimizer.Step();
        });
    }

    /// <summary>One post-norm encoder block (C 256, H 8, F 1024, ReLU, explicit attention), batch 16 × 64: forward, MSE to a fixed target, backward, the kit's ContiguousSgd(0.01).</summary>
    private static Workload EncoderBlockStep()
    {
        torch.manual_seed(1);
        var block = new EncoderBlock(new TransformerConfig { Width = 256, Heads = 8, FeedForwardSize = 1024, Dropout = 0, Norm = NormPlacement.PostNorm });
        var optimizer = new ContiguousSgd(block.parameters(), 0.01);
        var generator = new torch.Generator(2);
        var (x, y) = (torch.randn([16, 64, 256], generator: generator), torch.randn([16, 64, 256], generator: generator));
        return new Workload(() =>
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(block.forward(x, null), y);
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
        });
    }

    /// <summary>The GPT at nanoGPT's CPU configuration (4 layers, 4 heads, width 128, context 64), batch 12, the kit's ContiguousAdamW(1e-3, weight decay 0.1): one training step on random tokens.</summary>
    private static Workload GptTrainStep(int vocabulary)
    {
        var model = new Gpt(GptConfig.NanoGptCpu(vocabulary), seed: 1);
        var optimizer = new ContiguousAdamW(model.parameters(), 1e-3, weight_decay: 0.1);
        var ids = torch.randint(0, vocabulary, [12, 65], generator: new torch.Generator(2));   // (B, T + 1)
        var (inputs, targets) = (ids[.., ..64].contiguous(), ids[.., 1..].contiguous());
        return new Workload(() =>
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = model.Loss(inputs, targets);
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
        });
    }

    /// <summary>56 tokens generated after an 8-token prompt (temperature 0.8, top-k 50), with or without the key/value cache.</summary>
    private static Workload GptGenerate(int vocabulary, bool useCache)
    {
        var model = new Gpt(GptConfig.NanoGptCpu(vocabulary), seed: 1);
        int[] prompt = [1, 2, 3, 4, 5, 6, 7, 8];
        var options = new SamplingOptions { Temperature = 0.8, TopK = 50, Seed = 1 };
        return new Workload(() => model.Generate(prompt, 56, options, useCache));
    }
}

/// <param name="Run">one unit of work</param>
/// <param name="CallsPerUnit">framework calls in one unit (the per-call time is the unit's time divided by it)</param>
public sealed record Workload(Action Run, int CallsPerUnit = 1);
