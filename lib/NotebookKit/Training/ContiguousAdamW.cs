using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// AdamW (decoupled weight decay) with the same arguments, state and results as
/// <c>torch.optim.AdamW</c>, but faster for models with many parameter tensors: every parameter,
/// every gradient and both of Adam's running averages live in one contiguous buffer each (the
/// parameters become views of it, so the model does not notice), and a step is seven whole-buffer
/// operations instead of about nine per parameter tensor — for the GPT of chapter 15 (68 tensors)
/// 7 calls instead of ~600. Gradients stay in their buffer between steps: <see cref="zero_grad"/>
/// clears it in one operation and backward accumulates into it.
/// <para>It is a <c>torch.optim.AdamW</c> (a subclass): set the learning rate through
/// <c>ParamGroups</c> as usual, and <c>save_state_dict</c>/<c>load_state_dict</c> read and write the
/// same format. Limits: one parameter group (one learning rate and weight decay for all), no
/// AMSGrad, all parameters of one dtype and device; create it after moving the model
/// (<c>model.to(...)</c> would replace the views).</para>
/// </summary>
public sealed class ContiguousAdamW : AdamW
{
    private readonly ParameterBuffer buffer;
    private readonly Tensor averages, squares;                        // Adam's m and v, laid out like the parameters
    private readonly Tensor[] averageViews, squareViews;
    private readonly State[] states;
    private readonly bool constructed;

    public ContiguousAdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01)
        : this(ParameterBuffer.Validate(parameters), lr, beta1, beta2, eps, weight_decay)
    {
    }

    private ContiguousAdamW(Parameter[] parameters, double lr, double beta1, double beta2, double eps, double weight_decay)
        : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad: false, maximize: false)
    {
        buffer = new ParameterBuffer(parameters);
        averages = torch.zeros_like(buffer.Values);
        squares = torch.zeros_like(buffer.Values);
        averageViews = new Tensor[parameters.Length];
        squareViews = new Tensor[parameters.Length];
        states = new State[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            (averageViews[i], squareViews[i]) = (buffer.ViewOf(averages, i), buffer.ViewOf(squares, i));
            states[i] = (State)_state[parameters[i].Handle];                     // the base class's per-parameter state now points into the buffers
            states[i].exp_avg.Dispose();
            states[i].exp_avg_sq.Dispose();
            (states[i].exp_avg, states[i].exp_avg_sq) = (averageViews[i], squareViews[i]);
        }
        constructed = true;
    }

    /// <summary>Scalars in all parameters.</summary>
    public long Count => buffer.Values.numel();

    /// <summary>Clears every gradient in one operation.</summary>
    public override void zero_grad() => buffer.ZeroGradients();

    public override Tensor step(Func<Tensor>? closure = null)
    {
        var loss = closure?.Invoke();
        if (_parameter_groups.Count != 1) throw new InvalidOperationException($"Expected one parameter group (one buffer), got {_parameter_groups.Count}.");
        var options = ((ParamGroup)_parameter_groups[0]).Options;
        var (lr, beta1, beta2) = (options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value);
        var (eps, decay) = (options.eps!.Value, options.weight_decay!.Value);
        AdoptLoadedState();
        var t = states[0].step + 1;
        foreach (var state in states) state.step = t;
        var (values, gradients) = (buffer.Values, buffer.Gradients);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        if (decay != 0) values.mul_(1 - lr * decay);                                   // decoupled weight decay
        averages.mul_(beta1).add_(gradients, alpha: 1 - beta1);                        // m ← β₁m + (1 − β₁)g
        squares.mul_(beta2).addcmul_(gradients, gradients, value: 1 - beta2);          // v ← β₂v + (1 − β₂)g²
        var (correction1, correction2) = (1 - Math.Pow(beta1, t), 1 - Math.Pow(beta2, t));
        var denominator = squares.sqrt().div_(Math.Sqrt(correction2)).add_(eps);       // √(v / (1 − β₂ᵗ)) + ε
        values.addcdiv_(averages, denominator, value: -lr / correction1);              // θ ← θ − η m / (1 − β₁ᵗ) / denominator
        return loss!;
    }

    /// <summary>Refused after construction: all parameters share one buffer and one group.</summary>
    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        if (constructed) throw new NotSupportedException("ContiguousAdamW keeps one parameter group (one buffer); create another optimizer for other parameters, or use torch.optim.AdamW for several groups.");
        base.add_param_group(param_group);
    }

    /// <summary>After <c>load_state_dict</c> the running averages may be new tensors: copy them into the buffers.</summary>
    private void AdoptLoadedState()
    {
        using var noGrad = torch.no_grad();
        for (var i = 0; i < states.Length; i++)
        {
            if (!ReferenceEquals(states[i].exp_avg, averageViews[i]))
            {
                averageViews[i].copy_(states[i].exp_avg);
                states[i].exp_avg.Dispose();
                states[i].exp_avg = averageViews[i];
            }
            if (!ReferenceEquals(states[i].exp_avg_sq, squareViews[i]))
            {
                squareViews[i].copy_(states[i].exp_avg_sq);
                states[i].exp_avg_sq.Dispose();
                states[i].exp_avg_sq = squareViews[i];
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!constructed) return;                                               // the constructor refused its arguments: nothing to free
        if (disposing)
        {
            buffer.Dispose();
            averages.Dispose();
            squares.Dispose();
        }
        base.Dispose(disposing);                                                // disposes the states, and so the views
    }
}
