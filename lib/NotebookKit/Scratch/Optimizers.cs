namespace NotebookKit.Scratch;

/// <summary>Updates parameters from their gradients. Same update rules as PyTorch's optimizers.</summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Parameter> parameters, double learningRate)
    {
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0) throw new ArgumentException("Expected at least one parameter to optimise.", nameof(parameters));
        LearningRate = learningRate;
    }

    private double learningRate;

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The step size; a learning-rate schedule changes it between steps.</summary>
    public double LearningRate
    {
        get => learningRate;
        set => learningRate = value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "Expected a positive, finite learning rate.");
    }

    /// <summary>
    /// Rescales every gradient so that their joint norm √(Σ g²) is at most <paramref name="maxNorm"/>
    /// (as PyTorch's <c>clip_grad_norm_</c>); returns the norm before clipping.
    /// </summary>
    public double ClipGradientNorm(double maxNorm)
    {
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Expected a positive, finite norm.");
        var norm = Math.Sqrt(Parameters.Sum(p => p.GradData.Sum(g => g * g)));
        var scale = maxNorm / (norm + 1e-6);
        if (scale < 1)
            foreach (var p in Parameters) p.Grad.MapInplace(g => g * scale);
        return norm;
    }

    public abstract void Step();

    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }
}

/// <summary>
/// Stochastic gradient descent, optionally with momentum: v ← μ v + g, p ← p − η v
/// (PyTorch's formulation; μ = 0 is plain SGD).
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly double[][] velocity;

    public Sgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0) : base(parameters, learningRate)
    {
        if (momentum is < 0 or >= 1 || double.IsNaN(momentum))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Expected momentum in [0, 1).");
        Momentum = momentum;
        velocity = Parameters.Select(p => new double[p.Count]).ToArray();
    }

    public double Momentum { get; }

    public override void Step()
    {
        for (var k = 0; k < Parameters.Count; k++)
        {
            double[] value = Parameters[k].ValueData, grad = Parameters[k].GradData, v = velocity[k];
            for (var i = 0; i < value.Length; i++)
            {
                v[i] = Momentum * v[i] + grad[i];
                value[i] -= LearningRate * v[i];
            }
        }
    }
}

/// <summary>
/// Adam: running averages of the gradient (m) and of its square (v), bias-corrected, give each
/// parameter its own step size: p ← p − η m̂ / (√v̂ + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly double[][] m, v;
    private int step;

    public Adam(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(parameters, learningRate)
    {
        if (beta1 is < 0 or >= 1 || double.IsNaN(beta1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Expected beta1 in [0, 1).");
        if (beta2 is < 0 or >= 1 || double.IsNaN(beta2)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Expected beta2 in [0, 1).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Expected a positive epsilon.");
        (Beta1, Beta2, Epsilon) = (beta1, beta2, epsilon);
        m = Parameters.Select(p => new double[p.Count]).ToArray();
        v = Parameters.Select(p => new double[p.Count]).ToArray();
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    public override void Step()
    {
        step++;
        var correction1 = 1 - Math.Pow(Beta1, step);
        var correction2 = 1 - Math.Pow(Beta2, step);
        for (var k = 0; k < Parameters.Count; k++)
        {
            double[] value = Parameters[k].ValueData, grad = Parameters[k].GradData, mk = m[k], vk = v[k];
            for (var i = 0; i < value.Length; i++)
            {
                mk[i] = Beta1 * mk[i] + (1 - Beta1) * grad[i];
                vk[i] = Beta2 * vk[i] + (1 - Beta2) * grad[i] * grad[i];
                value[i] -= LearningRate * (mk[i] / correction1) / (Math.Sqrt(vk[i] / correction2) + Epsilon);
            }
        }
    }
}
