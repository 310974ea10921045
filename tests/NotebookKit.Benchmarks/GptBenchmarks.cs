using BenchmarkDotNet.Attributes;
using NotebookKit.Modules;
using NotebookKit.Torch;
using NotebookKit.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// The GPT of chapter 15 at nanoGPT's CPU configuration (4 layers, 4 heads, width 128, context 64,
/// batch 12, the kit's ContiguousAdamW, as the chapters train it), float32: one training step, and generating 56 tokens after an 8-token prompt
/// with and without the key/value cache, at a 65-character vocabulary and at the poems' (4,979).
/// Tokens per training step: 12 × 64 = 768.
/// </summary>
[MemoryDiagnoser]
public class GptBenchmarks
{
    private Gpt model = null!;
    private OptimizerHelper optimizer = null!;
    private Tensor inputs = null!, targets = null!;
    private readonly int[] prompt = [1, 2, 3, 4, 5, 6, 7, 8];
    private readonly SamplingOptions sampling = new() { Temperature = 0.8, TopK = 50, Seed = 1 };

    [Params(65, 4979)]
    public int Vocabulary { get; set; } = 65;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(Environment.ProcessorCount);
        model = new Gpt(GptConfig.NanoGptCpu(Vocabulary), seed: 1);
        optimizer = new ContiguousAdamW(model.parameters(), 1e-3, weight_decay: 0.1);
        var generator = new torch.Generator(2);
        var ids = torch.randint(0, Vocabulary, [12, 65], generator: generator);       // (B, T + 1)
        (inputs, targets) = (ids[.., ..64].contiguous(), ids[.., 1..].contiguous());
    }

    [Benchmark]
    public double TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var loss = model.Loss(inputs, targets);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    [Benchmark]
    public int GenerateWithCache() => model.Generate(prompt, 56, sampling, useCache: true)[^1];

    [Benchmark]
    public int GenerateRecomputing() => model.Generate(prompt, 56, sampling, useCache: false)[^1];

    [GlobalCleanup]
    public void Cleanup()
    {
        model.Dispose();
        inputs.Dispose();
        targets.Dispose();
    }
}
