using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// A deep stack of equal-width layers, for experiments with depth: Linear(I → C), then
/// <c>depth</c> blocks F(x) = activation(Linear(C → C)(x)), then Linear(C → O). Each block can be
/// wrapped in a residual connection (x + F(x)) and can normalise its input first
/// (x + F(LayerNorm(x)), pre-norm). Weights start as PyTorch's <c>nn.Linear</c> defaults.
/// </summary>
public sealed class DeepStack : nn.Module<Tensor, Tensor>
{
    private readonly Linear input, output;
    private readonly ModuleList<Linear> blocks;
    private readonly ModuleList<LayerNorm> norms;
    private readonly ActivationKind activation;

    public DeepStack(int inputs, int width, int depth, int outputs, bool residual, bool layerNorm = false, ActivationKind activation = ActivationKind.Relu) : base(nameof(DeepStack))
    {
        if (inputs <= 0 || width <= 0 || depth <= 0 || outputs <= 0)
            throw new ArgumentOutOfRangeException(nameof(depth), $"Expected positive sizes, got I = {inputs}, C = {width}, depth = {depth}, O = {outputs}.");
        (Residual, LayerNorm, this.activation) = (residual, layerNorm, activation);
        input = nn.Linear(inputs, width);
        blocks = nn.ModuleList(Enumerable.Range(0, depth).Select(_ => nn.Linear(width, width)).ToArray());
        norms = nn.ModuleList(Enumerable.Range(0, layerNorm ? depth : 0).Select(_ => nn.LayerNorm(width)).ToArray());
        output = nn.Linear(width, outputs);
        RegisterComponents();
    }

    public bool Residual { get; }
    public bool LayerNorm { get; }
    public int Depth => blocks.Count;

    /// <summary>The standard deviation of each block's output in the last forward pass (how big the signal is at each depth).</summary>
    public double[] OutputScales { get; private set; } = [];

    /// <summary>‖∂L/∂W‖ of each block's weight after a backward pass, from the first block (next to the input) to the last.</summary>
    public double[] GradientNorms() => blocks.Select((b, i) => b.weight!.grad is { } g ? g.norm().item<float>() : throw new InvalidOperationException($"Block {i} has no gradient yet: call backward first.")).Select(v => (double)v).ToArray();

    /// <param name="x">(B, I)</param>
    /// <returns>(B, O)</returns>
    public override Tensor forward(Tensor x)
    {
        var h = input.forward(x);                                                                  // (B, C)
        var scales = new double[blocks.Count];
        for (var i = 0; i < blocks.Count; i++)
        {
            var branchInput = LayerNorm ? norms[i].forward(h) : h;
            var change = Activate(blocks[i].forward(branchInput));
            h = Residual ? h + change : change;
            scales[i] = h.std().item<float>();
        }
        OutputScales = scales;
        return output.forward(h);
    }

    private Tensor Activate(Tensor x) => activation switch
    {
        ActivationKind.Relu => nn.functional.relu(x),
        ActivationKind.Tanh => x.tanh(),
        ActivationKind.Sigmoid => x.sigmoid(),
        ActivationKind.Gelu => nn.functional.gelu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
