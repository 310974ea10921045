using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// A multi-layer perceptron from scratch: Dense → activation → … → Dense, the last layer
/// producing raw scores (logits). Backpropagation is the chain rule run through the layers in
/// reverse, each layer applying its own local rule.
/// </summary>
public sealed class Mlp
{
    private readonly List<ILayer> layers = [];

    /// <param name="sizes">Layer widths from input to output, e.g. [2, 16, 1].</param>
    /// <param name="hidden">Activation after every layer but the last.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    public Mlp(int[] sizes, ActivationKind hidden = ActivationKind.Tanh, int seed = 0)
    {
        if (sizes is null || sizes.Length < 2)
            throw new ArgumentException("Expected at least two layer sizes (inputs and outputs).", nameof(sizes));
        var random = new Random(seed);
        Sizes = sizes.ToArray();
        for (var i = 0; i + 1 < sizes.Length; i++)
        {
            layers.Add(new Dense(sizes[i], sizes[i + 1], random));
            if (i + 2 < sizes.Length) layers.Add(new Activation(hidden));
        }
        Hidden = hidden;
    }

    public IReadOnlyList<int> Sizes { get; }
    public ActivationKind Hidden { get; }
    public IReadOnlyList<ILayer> Layers => layers;
    public IReadOnlyList<Dense> DenseLayers => layers.OfType<Dense>().ToArray();
    public IReadOnlyList<Parameter> Parameters => layers.SelectMany(l => l.Parameters).ToArray();
    public int ParameterCount => Parameters.Sum(p => p.Count);

    /// <param name="input">(B, sizes[0])</param>
    /// <returns>(B, sizes[^1])</returns>
    public Matrix<double> Forward(Matrix<double> input)
    {
        Shapes.RequireColumns(input, Sizes[0], "the MLP's input");
        var x = input;
        foreach (var layer in layers) x = layer.Forward(x);
        return x;
    }

    /// <param name="outputGradient">∂L/∂output, (B, sizes[^1])</param>
    /// <returns>∂L/∂input, (B, sizes[0])</returns>
    public Matrix<double> Backward(Matrix<double> outputGradient)
    {
        var gradient = outputGradient;
        for (var i = layers.Count - 1; i >= 0; i--) gradient = layers[i].Backward(gradient);
        return gradient;
    }

    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <summary>The hidden activations after each activation layer, for "what hidden units learn".</summary>
    public IReadOnlyList<Matrix<double>> HiddenActivations(Matrix<double> input)
    {
        var result = new List<Matrix<double>>();
        var x = input;
        foreach (var layer in layers)
        {
            x = layer.Forward(x);
            if (layer is Activation) result.Add(x);
        }
        return result;
    }
}
