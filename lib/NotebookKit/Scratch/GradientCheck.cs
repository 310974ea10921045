using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>An array whose analytic gradient is to be checked: live views of values and gradients.</summary>
public sealed record GradientTarget(string Name, double[] Values, double[] Gradient)
{
    public static GradientTarget Of(Parameter parameter, string? prefix = null) =>
        new(prefix is null ? parameter.Name : $"{prefix}.{parameter.Name}", parameter.ValueData, parameter.GradData);
}

/// <summary>The worst disagreement found for one array.</summary>
public sealed record GradientCheckEntry(string Name, int Count, double MaxRelativeError, double MaxAbsoluteError);

/// <summary>The result of a gradient check: one entry per array.</summary>
public sealed class GradientCheckReport(IReadOnlyList<GradientCheckEntry> entries)
{
    public IReadOnlyList<GradientCheckEntry> Entries { get; } = entries;

    public double MaxRelativeError => Entries.Max(e => e.MaxRelativeError);

    public bool Passed(double tolerance = 1e-6) => MaxRelativeError < tolerance;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var e in Entries)
            text.AppendLine(CultureInfo.InvariantCulture, $"{e.Name,-24} {e.Count,6} values  max relative error {e.MaxRelativeError:0.00e+00}  max abs error {e.MaxAbsoluteError:0.00e+00}");
        return text.ToString();
    }
}

/// <summary>
/// Checks analytic gradients against central finite differences,
/// ∂L/∂θᵢ ≈ (L(θ + εeᵢ) − L(θ − εeᵢ)) / 2ε, for every element of every target.
/// The relative error is |analytic − numeric| / max(|analytic|, |numeric|, <see cref="Floor"/>):
/// pure relative for gradients above the floor, absolute/floor below it, where finite differences
/// of a loss of size ~1 cannot resolve more.
/// </summary>
public static class GradientCheck
{
    public const double Floor = 1e-3;

    /// <param name="loss">Recomputes the loss from the current values (a full forward pass).</param>
    /// <param name="computeGradients">Fills the targets' gradients (zero them, forward, backward).</param>
    public static GradientCheckReport Run(IReadOnlyList<GradientTarget> targets, Func<double> loss, Action computeGradients, double epsilon = 1e-6)
    {
        if (targets.Count == 0) throw new ArgumentException("Expected at least one array to check.", nameof(targets));
        computeGradients();
        var analytic = targets.Select(t => (double[])t.Gradient.Clone()).ToArray();
        var entries = new List<GradientCheckEntry>();
        for (var k = 0; k < targets.Count; k++)
        {
            var values = targets[k].Values;
            double maxRelative = 0, maxAbsolute = 0;
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                values[i] = original + epsilon;
                var plus = loss();
                values[i] = original - epsilon;
                var minus = loss();
                values[i] = original;
                var numeric = (plus - minus) / (2 * epsilon);
                var absolute = Math.Abs(analytic[k][i] - numeric);
                var relative = absolute / Math.Max(Math.Max(Math.Abs(analytic[k][i]), Math.Abs(numeric)), Floor);
                if (double.IsNaN(relative)) relative = double.PositiveInfinity;
                maxRelative = Math.Max(maxRelative, relative);
                maxAbsolute = Math.Max(maxAbsolute, absolute);
            }
            entries.Add(new GradientCheckEntry(targets[k].Name, values.Length, maxRelative, maxAbsolute));
        }
        return new GradientCheckReport(entries);
    }

    /// <summary>
    /// Checks a layer's parameter and input gradients with the loss L = Σ (output ⊙ R) for a fixed
    /// random R, so that ∂L/∂output = R exercises every output.
    /// </summary>
    public static GradientCheckReport Layer(ILayer layer, Matrix<double> input, int seed = 0, double epsilon = 1e-6)
    {
        var random = new Random(seed);
        var output = layer.Forward(input);
        var weights = Matrix<double>.Build.Dense(output.RowCount, output.ColumnCount, (_, _) => random.NextDouble() * 2 - 1);
        var inputGradient = new double[input.RowCount * input.ColumnCount];
        var targets = layer.Parameters.Select(p => GradientTarget.Of(p)).Append(new GradientTarget("input", input.AsColumnMajorArray(), inputGradient)).ToList();
        double Loss() => layer.Forward(input).PointwiseMultiply(weights).Enumerate().Sum();
        return Run(targets, Loss, () =>
        {
            foreach (var p in layer.Parameters) p.ZeroGrad();
            layer.Forward(input);
            layer.Backward(weights).AsColumnMajorArray().CopyTo(inputGradient, 0);
        }, epsilon);
    }

    /// <summary>The same check for an image layer (convolution, pooling): parameters and input.</summary>
    public static GradientCheckReport VolumeLayer(IVolumeLayer layer, Volume input, int seed = 0, double epsilon = 1e-6)
    {
        var random = new Random(seed);
        var output = layer.Forward(input);
        var weights = new Volume(output.Batch, output.Channels, output.Height, output.Width);
        for (var i = 0; i < weights.Data.Length; i++) weights.Data[i] = random.NextDouble() * 2 - 1;
        var inputGradient = new double[input.Data.Length];
        var targets = layer.Parameters.Select(p => GradientTarget.Of(p)).Append(new GradientTarget("input", input.Data, inputGradient)).ToList();
        double Loss() => layer.Forward(input).Data.Zip(weights.Data, (a, b) => a * b).Sum();
        return Run(targets, Loss, () =>
        {
            foreach (var p in layer.Parameters) p.ZeroGrad();
            layer.Forward(input);
            layer.Backward(weights).Data.CopyTo(inputGradient, 0);
        }, epsilon);
    }

    /// <summary>
    /// The check for a recurrent layer: loss L = Σ_t Σ (h_t ⊙ R_t) + Σ (h_T ⊙ S) [+ Σ (c_T ⊙ U) for the
    /// LSTM], covering every output, the final states and through them every step of the recursion.
    /// Checks the four parameters, every input step and the initial hidden state.
    /// </summary>
    public static GradientCheckReport Sequence(Recurrent layer, IReadOnlyList<Matrix<double>> inputs, Matrix<double>? initialHidden = null, int seed = 0, double epsilon = 1e-6)
    {
        var random = new Random(seed);
        Matrix<double> RandomLike(Matrix<double> m) => Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (_, _) => random.NextDouble() * 2 - 1);
        var h0 = initialHidden ?? Matrix<double>.Build.Dense(inputs[0].RowCount, layer.HiddenSize, (_, _) => random.NextDouble() - 0.5);
        var first = layer.Forward(inputs, h0);
        var outputWeights = first.Outputs.Select(RandomLike).ToArray();
        var finalWeights = RandomLike(first.FinalHidden);
        var cellWeights = first.FinalCell is null ? null : RandomLike(first.FinalCell);
        double Loss()
        {
            var o = layer.Forward(inputs, h0);
            var total = o.Outputs.Zip(outputWeights, (h, w) => h.PointwiseMultiply(w).Enumerate().Sum()).Sum() + o.FinalHidden.PointwiseMultiply(finalWeights).Enumerate().Sum();
            return cellWeights is null ? total : total + o.FinalCell!.PointwiseMultiply(cellWeights).Enumerate().Sum();
        }
        var inputGradients = inputs.Select(x => new double[x.RowCount * x.ColumnCount]).ToArray();
        var h0Gradient = new double[h0.RowCount * h0.ColumnCount];
        var targets = layer.Parameters.Select(p => GradientTarget.Of(p)).ToList();
        targets.AddRange(inputs.Select((x, t) => new GradientTarget($"input[{t}]", x.AsColumnMajorArray(), inputGradients[t])));
        targets.Add(new GradientTarget("h0", h0.AsColumnMajorArray(), h0Gradient));
        return Run(targets, Loss, () =>
        {
            layer.ZeroGrad();
            layer.Forward(inputs, h0);
            var g = layer.Backward(outputWeights, finalWeights, cellWeights);
            for (var t = 0; t < inputs.Count; t++) g.Inputs[t].AsColumnMajorArray().CopyTo(inputGradients[t], 0);
            g.InitialHidden.AsColumnMajorArray().CopyTo(h0Gradient, 0);
        }, epsilon);
    }

    /// <summary>Checks every parameter of a model given a loss on its output.</summary>
    public static GradientCheckReport Model(Mlp model, Matrix<double> input, Func<Matrix<double>, double> lossForward, Func<Matrix<double>> lossBackward, double epsilon = 1e-6)
    {
        var targets = model.DenseLayers.SelectMany((layer, i) => layer.Parameters.Select(p => GradientTarget.Of(p, $"layer{i}"))).ToList();
        return Run(targets, () => lossForward(model.Forward(input)), () =>
        {
            model.ZeroGrad();
            lossForward(model.Forward(input));
            model.Backward(lossBackward());
        }, epsilon);
    }
}
