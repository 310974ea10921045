using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The position-wise feed-forward network (前馈网络) of a Transformer block: the same two-layer
/// MLP applied to every position on its own, C → F → C (F is usually 4C). Attention mixes
/// information between positions; this is where each position then computes on what it gathered.
/// </summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear expand, project;
    private readonly nn.Module<Tensor, Tensor> activation;
    private readonly Dropout dropout;

    public FeedForward(int width, int hidden, double dropout = 0.0, ActivationKind activation = ActivationKind.Relu) : base(nameof(FeedForward))
    {
        if (width <= 0 || hidden <= 0) throw new ArgumentOutOfRangeException(nameof(hidden), $"Expected positive widths, got C = {width}, F = {hidden}.");
        expand = nn.Linear(width, hidden);
        this.activation = activation switch
        {
            ActivationKind.Relu => nn.ReLU(),
            ActivationKind.Gelu => nn.GELU(),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected Relu or Gelu, the activations Transformers use."),
        };
        this.dropout = nn.Dropout(dropout);
        project = nn.Linear(hidden, width);
        Activation = activation;
        RegisterComponents();
    }

    public ActivationKind Activation { get; }
    public Linear Expand => expand;
    public Linear Project => project;

    /// <param name="x">(B, T, C)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor x) => project.forward(dropout.forward(activation.forward(expand.forward(x))));   // (B, T, F) -> (B, T, C)
}
