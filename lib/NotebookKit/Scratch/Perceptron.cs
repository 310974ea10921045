using NotebookKit.Data;

namespace NotebookKit.Scratch;

/// <summary>What one pass over the data did: the epoch, the mistakes made during it, the line after it.</summary>
public sealed record PerceptronEpoch(int Epoch, int Mistakes, double[] Weights, double Bias);

/// <summary>
/// Rosenblatt's perceptron on 2-D points: ŷ = step(w·x + b), and after each mistake
/// w ← w + η (y − ŷ) x, b ← b + η (y − ŷ). On linearly separable data it stops making
/// mistakes after finitely many updates; on XOR it never does.
/// </summary>
public sealed class Perceptron
{
    /// <summary>(2): one weight per input.</summary>
    public double[] Weights { get; } = new double[2];

    public double Bias { get; set; }

    /// <summary>The weighted sum w·x + b (the neuron's pre-activation).</summary>
    public double Score(double x1, double x2) => Weights[0] * x1 + Weights[1] * x2 + Bias;

    /// <summary>The step activation: class 1 when the score is positive, else class 0.</summary>
    public int Predict(double x1, double x2) => Score(x1, x2) > 0 ? 1 : 0;

    /// <summary>
    /// The learning rule for one example: returns true when the example was misclassified (and
    /// the weights were moved towards it), false when nothing changed.
    /// </summary>
    public bool Update(double x1, double x2, int label, double learningRate)
    {
        if (label is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(label), label, "Expected a label of 0 or 1.");
        var error = label - Predict(x1, x2); // -1, 0 or +1
        if (error == 0) return false;
        Weights[0] += learningRate * error * x1;
        Weights[1] += learningRate * error * x2;
        Bias += learningRate * error;
        return true;
    }

    /// <summary>
    /// Runs the learning rule over the data for up to <paramref name="epochs"/> passes (in a seeded
    /// random order each pass) and stops early after a pass with no mistakes.
    /// </summary>
    /// <returns>One entry per pass that ran.</returns>
    public IReadOnlyList<PerceptronEpoch> Fit(Dataset2D data, int epochs, double learningRate = 1.0, int seed = 0,
        Action<PerceptronEpoch>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Expected a positive number of epochs.");
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Expected a positive, finite learning rate.");
        var random = new Random(seed);
        var order = Enumerable.Range(0, data.Count).ToArray();
        var history = new List<PerceptronEpoch>();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            Kit.Interruption.ThrowIfCancellationRequested();
            random.Shuffle(order);
            var mistakes = 0;
            foreach (var i in order)
                if (Update(data.Features[i, 0], data.Features[i, 1], data.Labels[i], learningRate)) mistakes++;
            var record = new PerceptronEpoch(epoch, mistakes, (double[])Weights.Clone(), Bias);
            history.Add(record);
            onEpoch?.Invoke(record);
            if (mistakes == 0) break;
        }
        return history;
    }
}
