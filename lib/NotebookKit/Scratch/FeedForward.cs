using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>The position-wise feed-forward network, from scratch: each row (one position) through C → F → activation → C.</summary>
public sealed class FeedForward : ILayer
{
    public FeedForward(int width, int hidden, Random random, ActivationKind activation = ActivationKind.Relu)
    {
        Expand = new Dense(width, hidden, random);
        Activation = new Activation(activation);
        Project = new Dense(hidden, width, random);
    }

    public Dense Expand { get; }
    public Activation Activation { get; }
    public Dense Project { get; }

    public IReadOnlyList<Parameter> Parameters => [.. Expand.Parameters, .. Project.Parameters];

    /// <param name="x">(T, C)</param>
    /// <returns>(T, C)</returns>
    public Matrix<double> Forward(Matrix<double> x) => Project.Forward(Activation.Forward(Expand.Forward(x)));

    public Matrix<double> Backward(Matrix<double> dy) => Expand.Backward(Activation.Backward(Project.Backward(dy)));
}
