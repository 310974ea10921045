using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The multi-layer perceptron on TorchSharp: <c>nn.Linear</c> layers with an activation between
/// them, the last layer giving logits. Autograd derives the backward pass that
/// the from-scratch <c>Scratch.Mlp</c> writes by hand; <c>CopyWeightsFrom</c> (in <c>NotebookKit.Torch</c>) makes the two equal.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers = new();
    private readonly ActivationKind hidden;
    private readonly int[] sizes;

    /// <param name="sizes">Layer widths from input to output, e.g. [2, 16, 1].</param>
    /// <param name="hidden">Activation after every layer but the last.</param>
    /// <param name="dtype">Float32 for training, Float64 to compare with the from-scratch model.</param>
    /// <param name="seed">Seeds the initialisation (torch.manual_seed) when given.</param>
    public Mlp(int[] sizes, ActivationKind hidden = ActivationKind.Tanh, ScalarType dtype = ScalarType.Float32, int? seed = null) : base(nameof(Mlp))
    {
        if (sizes is null || sizes.Length < 2) throw new ArgumentException("Expected at least two layer sizes (inputs and outputs).", nameof(sizes));
        if (sizes.Any(s => s <= 0)) throw new ArgumentException($"Expected positive layer sizes, got [{string.Join(", ", sizes)}].", nameof(sizes));
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        this.sizes = sizes.ToArray();
        this.hidden = hidden;
        for (var i = 0; i + 1 < sizes.Length; i++) layers.Add(nn.Linear(sizes[i], sizes[i + 1], dtype: dtype));
        RegisterComponents();
    }

    public IReadOnlyList<int> Sizes => sizes;
    public IReadOnlyList<Linear> Linears => layers.ToArray();

    public ActivationKind Hidden => hidden;

    /// <param name="input">(B, sizes[0])</param>
    /// <returns>(B, sizes[^1]) logits</returns>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 2 || input.shape[1] != sizes[0])
            throw new ArgumentException($"Expected input of shape (B, {sizes[0]}), got ({string.Join(", ", input.shape)}).", nameof(input));
        var x = input;
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);                             // (B, sizes[i + 1])
            if (i < layers.Count - 1) x = Activate(x, hidden);
        }
        return x;
    }

    internal static Tensor Activate(Tensor x, ActivationKind kind) => kind switch
    {
        ActivationKind.Sigmoid => torch.sigmoid(x),
        ActivationKind.Tanh => torch.tanh(x),
        ActivationKind.Relu => nn.functional.relu(x),
        ActivationKind.Gelu => nn.functional.gelu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };
}
