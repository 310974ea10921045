using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// Plain stochastic gradient descent, θ ← θ − η·g, with the same results as <c>torch.optim.SGD</c>
/// without momentum, but one operation per step for all parameters (and one to clear the
/// gradients) instead of a few per parameter tensor: every parameter and gradient lives in one
/// contiguous buffer (the parameters become views of it). On a small network, where the step is
/// bound by the cost of each call, this is a measurable part of the step. It is a
/// <c>torch.optim.SGD</c> (a subclass): the learning rate is set through <c>ParamGroups</c>. Limits:
/// one parameter group, no momentum or weight decay (use <c>torch.optim.SGD</c> for those), all
/// parameters of one dtype and device; create it after moving the model.
/// </summary>
public sealed class ContiguousSgd : SGD
{
    private readonly ParameterBuffer buffer;
    private readonly bool constructed;

    public ContiguousSgd(IEnumerable<Parameter> parameters, double lr) : this(ParameterBuffer.Validate(parameters), lr)
    {
    }

    private ContiguousSgd(Parameter[] parameters, double lr) : base(parameters, lr)
    {
        buffer = new ParameterBuffer(parameters);
        constructed = true;
    }

    /// <summary>Clears every gradient in one operation.</summary>
    public override void zero_grad() => buffer.ZeroGradients();

    public override Tensor step(Func<Tensor>? closure = null)
    {
        var loss = closure?.Invoke();
        if (_parameter_groups.Count != 1) throw new InvalidOperationException($"Expected one parameter group (one buffer), got {_parameter_groups.Count}.");
        var lr = ((ParamGroup)_parameter_groups[0]).Options.LearningRate!.Value;
        using (torch.no_grad()) buffer.Values.add_(buffer.Gradients, alpha: -lr);      // θ ← θ − η g, every parameter at once
        return loss!;
    }

    /// <summary>Refused after construction: all parameters share one buffer and one group.</summary>
    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        if (constructed) throw new NotSupportedException("ContiguousSgd keeps one parameter group (one buffer); create another optimizer for other parameters, or use torch.optim.SGD for several groups.");
        base.add_param_group(param_group);
    }

    protected override void Dispose(bool disposing)
    {
        if (!constructed) return;
        if (disposing) buffer.Dispose();
        base.Dispose(disposing);
    }
}
