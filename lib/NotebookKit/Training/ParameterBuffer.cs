using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// Moves parameters and their gradients into one contiguous buffer each, so an optimizer can update
/// all of them with a handful of whole-buffer operations. The parameters become views of
/// <see cref="Values"/> (same shapes, same values; the model does not notice) and their gradients
/// views of <see cref="Gradients"/>, into which backward accumulates. Used by
/// <see cref="ContiguousAdamW"/> and <see cref="ContiguousSgd"/>.
/// </summary>
internal sealed class ParameterBuffer : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] gradientViews;
    private readonly (long Offset, long Count)[] slices;

    public ParameterBuffer(Parameter[] parameters)
    {
        this.parameters = parameters;
        var (dtype, device) = (parameters[0].dtype, parameters[0].device);
        Values = torch.empty(parameters.Sum(p => p.numel()), dtype, device);
        Gradients = torch.zeros_like(Values);
        gradientViews = new Tensor[parameters.Length];
        slices = new (long, long)[parameters.Length];
        using var noGrad = torch.no_grad();
        long offset = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var n = p.numel();
            slices[i] = (offset, n);
            using (var slice = Values.narrow(0, offset, n)) slice.copy_(p.flatten());
            using (var view = Values.narrow(0, offset, n).view(p.shape)) p.set_(view);   // the parameter now lives in the buffer
            gradientViews[i] = Gradients.narrow(0, offset, n).view(p.shape);
            p.grad = gradientViews[i];
            offset += n;
        }
    }

    /// <summary>Every parameter, one after another (flat).</summary>
    public Tensor Values { get; }

    /// <summary>Every gradient, in the same order (flat).</summary>
    public Tensor Gradients { get; }

    public IReadOnlyList<Parameter> Parameters => parameters;

    /// <summary>A view of <paramref name="buffer"/> (laid out like <see cref="Values"/>) in parameter <paramref name="index"/>'s shape.</summary>
    public Tensor ViewOf(Tensor buffer, int index) => buffer.narrow(0, slices[index].Offset, slices[index].Count).view(parameters[index].shape);

    /// <summary>Clears every gradient in one operation, and re-attaches a gradient someone replaced or removed (e.g. a module's <c>zero_grad()</c>).</summary>
    public void ZeroGradients()
    {
        Gradients.zero_();
        for (var i = 0; i < parameters.Length; i++)
        {
            using var grad = parameters[i].grad;
            if (grad is null || grad.Handle != gradientViews[i].Handle) parameters[i].grad = gradientViews[i];
        }
    }

    /// <summary>Checks what the buffer needs: at least one parameter, one dtype and device, none listed twice.</summary>
    public static Parameter[] Validate(IEnumerable<Parameter> parameters)
    {
        TorchRuntime.EnsureLoaded();
        var list = (parameters ?? throw new ArgumentNullException(nameof(parameters))).ToArray();
        if (list.Length == 0) throw new ArgumentException("Expected at least one parameter to optimise.", nameof(parameters));
        var first = list[0];
        foreach (var p in list)
        {
            if (p.dtype != first.dtype || p.device.type != first.device.type)
                throw new ArgumentException($"Expected every parameter of one dtype and device (they share one buffer), got {first.dtype} on {first.device.type} and {p.dtype} on {p.device.type}.", nameof(parameters));
        }
        var seen = new HashSet<IntPtr>();
        for (var i = 0; i < list.Length; i++)
            if (!seen.Add(list[i].Handle))
                throw new ArgumentException($"Parameter {i} is listed twice (a tied weight?): each parameter must appear once, or it would be updated twice per step.", nameof(parameters));
        return list;
    }

    public void Dispose()
    {
        foreach (var view in gradientViews) view?.Dispose();
        Values.Dispose();
        Gradients.Dispose();
    }
}
