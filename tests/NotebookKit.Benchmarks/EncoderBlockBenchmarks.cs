using BenchmarkDotNet.Attributes;
using NotebookKit.Modules;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// One training step (forward, mean-squared loss against a fixed target, backward, SGD update) of
/// one Transformer encoder block, float32, batch 16 × 64 tokens, C = 256, H = 8, F = 1024, post-norm,
/// no dropout: the kit's block with its explicit attention (weights materialised), with the fused
/// <c>scaled_dot_product_attention</c>, and TorchSharp's built-in <c>nn.TransformerEncoderLayer</c>
/// with the same weights (sequence-first, as it requires).
/// </summary>
[MemoryDiagnoser]
public class EncoderBlockBenchmarks
{
    private nn.Module<Tensor, Tensor> block = null!;
    private optim.Optimizer optimizer = null!;
    private Tensor input = null!, target = null!;

    [Params("kit explicit", "kit fused", "built-in")]
    public string Variant { get; set; } = "kit fused";

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(Environment.ProcessorCount);
        torch.manual_seed(1);
        var config = new TransformerConfig { Width = 256, Heads = 8, FeedForwardSize = 1024, Dropout = 0, Norm = NormPlacement.PostNorm };
        var kit = new EncoderBlock(config with { Path = Variant == "kit explicit" ? AttentionPath.Explicit : AttentionPath.Fused });
        var generator = new torch.Generator(2);
        var x = torch.randn([16, 64, 256], generator: generator);                       // (B, T, C)
        var y = torch.randn([16, 64, 256], generator: generator);
        if (Variant == "built-in")
        {
            var builtin = nn.TransformerEncoderLayer(256, 8, 1024, 0.0);
            kit.CopyWeightsTo(builtin);
            block = new SequenceFirst(builtin);
            (input, target) = (x.transpose(0, 1).contiguous(), y.transpose(0, 1).contiguous());   // (T, B, C)
        }
        else
        {
            block = new NoMask(kit);
            (input, target) = (x, y);
        }
        optimizer = optim.SGD(block.parameters(), 0.01);
    }

    [Benchmark]
    public double Step()
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.mse_loss(block.forward(input), target);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        block.Dispose();
        input.Dispose();
        target.Dispose();
    }

    private sealed class NoMask : nn.Module<Tensor, Tensor>
    {
        private readonly EncoderBlock inner;
        public NoMask(EncoderBlock inner) : base(nameof(NoMask)) { this.inner = inner; RegisterComponents(); }
        public override Tensor forward(Tensor x) => inner.forward(x, null);
    }

    private sealed class SequenceFirst : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.TransformerEncoderLayer inner;
        public SequenceFirst(TorchSharp.Modules.TransformerEncoderLayer inner) : base(nameof(SequenceFirst)) { this.inner = inner; RegisterComponents(); }
        public override Tensor forward(Tensor x) => inner.forward(x);
    }
}
