namespace NotebookKit;

/// <summary>The activation functions of the course, named the same in the from-scratch layers and the TorchSharp modules.</summary>
public enum ActivationKind
{
    Sigmoid,
    Tanh,
    Relu,
    /// <summary>GELU, the exact form x·Φ(x) (PyTorch's default).</summary>
    Gelu,
}
