using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>What a recurrent layer produced: the hidden state at every step and the final state.</summary>
/// <param name="Outputs">T matrices of shape (B, R): h₁ … h_T.</param>
/// <param name="FinalHidden">(B, R): h_T.</param>
/// <param name="FinalCell">(B, R): the LSTM's cell state c_T; null for RNN and GRU.</param>
public sealed record SequenceOutput(IReadOnlyList<Matrix<double>> Outputs, Matrix<double> FinalHidden, Matrix<double>? FinalCell);

/// <summary>What backpropagation through time produced.</summary>
/// <param name="Inputs">T matrices (B, I): ∂L/∂x_t.</param>
/// <param name="InitialHidden">(B, R): ∂L/∂h₀.</param>
/// <param name="HiddenNorms">‖∂L/∂h_t‖ for t = 1 … T (the gradient reaching each step's hidden state).</param>
/// <param name="InitialCell">(B, R): ∂L/∂c₀ for the LSTM; null for RNN and GRU.</param>
public sealed record SequenceGradients(IReadOnlyList<Matrix<double>> Inputs, Matrix<double> InitialHidden, IReadOnlyList<double> HiddenNorms,
    Matrix<double>? InitialCell = null);

/// <summary>
/// The shared shape of the from-scratch recurrent layers (RNN, LSTM, GRU): PyTorch's parameter
/// layout, G gate blocks of R rows each (R: the state width, HiddenSize) — weight_ih (G·R, I), weight_hh (G·R, R), bias_ih and
/// bias_hh (G·R) — so weights copy one-to-one into <c>nn.RNN</c>, <c>nn.LSTM</c>, <c>nn.GRU</c>.
/// Inputs are sequence-first: a list of T matrices of shape (B, I).
/// </summary>
public abstract class Recurrent
{
    protected Recurrent(int inputSize, int hiddenSize, int gates, int seed)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"Expected positive sizes, got input {inputSize}, hidden {hiddenSize}.");
        (InputSize, HiddenSize, Gates) = (inputSize, hiddenSize, gates);
        var random = new Random(seed);
        var bound = 1.0 / Math.Sqrt(hiddenSize); // PyTorch's default: uniform in ±1/√R
        Matrix<double> Uniform(int rows, int columns) => Matrix<double>.Build.Dense(rows, columns, (_, _) => (2 * random.NextDouble() - 1) * bound);
        WeightIh = new Parameter("weight_ih", Uniform(gates * hiddenSize, inputSize));
        WeightHh = new Parameter("weight_hh", Uniform(gates * hiddenSize, hiddenSize));
        BiasIh = new Parameter("bias_ih", Uniform(1, gates * hiddenSize));
        BiasHh = new Parameter("bias_hh", Uniform(1, gates * hiddenSize));
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int Gates { get; }

    /// <summary>(G·R, I)</summary>
    public Parameter WeightIh { get; }
    /// <summary>(G·R, R)</summary>
    public Parameter WeightHh { get; }
    /// <summary>(1, G·R)</summary>
    public Parameter BiasIh { get; }
    /// <summary>(1, G·R)</summary>
    public Parameter BiasHh { get; }

    public IReadOnlyList<Parameter> Parameters => [WeightIh, WeightHh, BiasIh, BiasHh];

    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <param name="inputs">T matrices (B, I)</param>
    /// <param name="initialHidden">(B, R), zeros when null</param>
    /// <param name="initialCell">(B, R), LSTM only, zeros when null</param>
    public abstract SequenceOutput Forward(IReadOnlyList<Matrix<double>> inputs, Matrix<double>? initialHidden = null, Matrix<double>? initialCell = null);

    /// <summary>Backpropagation through time; adds to the parameters' gradients.</summary>
    /// <param name="outputGradients">T matrices (B, R) of ∂L/∂h_t, or null when only the final state matters.</param>
    /// <param name="finalHiddenGradient">(B, R) ∂L/∂h_T beyond <paramref name="outputGradients"/>, or null.</param>
    /// <param name="finalCellGradient">(B, R) ∂L/∂c_T (LSTM), or null.</param>
    public abstract SequenceGradients Backward(IReadOnlyList<Matrix<double>>? outputGradients, Matrix<double>? finalHiddenGradient = null, Matrix<double>? finalCellGradient = null);

    /// <summary>x Wᵀ + b for every row, (B, G·R).</summary>
    protected static Matrix<double> Affine(Matrix<double> x, Parameter weight, Parameter bias)
    {
        var result = x.TransposeAndMultiply(weight.Value);
        var b = bias.Value.Row(0);
        for (var r = 0; r < result.RowCount; r++) result.SetRow(r, result.Row(r) + b);
        return result;
    }

    /// <summary>Gate block k, (B, R), of a (B, G·R) matrix.</summary>
    protected Matrix<double> Block(Matrix<double> stacked, int k) => stacked.SubMatrix(0, stacked.RowCount, k * HiddenSize, HiddenSize);

    /// <summary>Adds the weight and bias gradients of one affine map: ∂W += daᵀ x, ∂b += Σ rows of da.</summary>
    protected static void Accumulate(Parameter weight, Parameter bias, Matrix<double> da, Matrix<double> x)
    {
        weight.Grad.Add(da.TransposeThisAndMultiply(x), weight.Grad);
        bias.Grad.SetRow(0, bias.Grad.Row(0) + da.ColumnSums());
    }

    protected int CheckInputs(IReadOnlyList<Matrix<double>> inputs, Matrix<double>? initialHidden)
    {
        if (inputs is null || inputs.Count == 0)
            throw new ArgumentException("Expected a sequence of at least one step, got an empty sequence.", nameof(inputs));
        var batch = inputs[0].RowCount;
        for (var t = 0; t < inputs.Count; t++)
        {
            if (inputs[t].ColumnCount != InputSize || inputs[t].RowCount != batch)
                throw new ArgumentException($"Expected every step of shape (B = {batch}, I = {InputSize}), got ({inputs[t].RowCount}, {inputs[t].ColumnCount}) at step {t}.", nameof(inputs));
        }
        if (initialHidden is not null && (initialHidden.RowCount != batch || initialHidden.ColumnCount != HiddenSize))
            throw new ArgumentException($"Expected an initial state of shape ({batch}, {HiddenSize}), got ({initialHidden.RowCount}, {initialHidden.ColumnCount}).", nameof(initialHidden));
        return batch;
    }

    protected Matrix<double> Zeros(int batch) => Matrix<double>.Build.Dense(batch, HiddenSize);

    protected static Matrix<double> Sigmoid(Matrix<double> m) => m.Map(Activations.Sigmoid);

    protected static Matrix<double> OneMinus(Matrix<double> m) => m.Map(v => 1 - v);

    protected static Matrix<double> Stack(params Matrix<double>[] blocks)
    {
        var result = blocks[0];
        for (var k = 1; k < blocks.Length; k++) result = result.Append(blocks[k]);
        return result;
    }

    protected static Matrix<double> GradientAt(IReadOnlyList<Matrix<double>>? gradients, int t, int batch, int hidden) =>
        gradients is null ? Matrix<double>.Build.Dense(batch, hidden) : gradients[t];

    protected void CheckGradients(IReadOnlyList<Matrix<double>>? outputGradients, int steps)
    {
        if (outputGradients is not null && outputGradients.Count != steps)
            throw new ArgumentException($"Expected {steps} output gradients (one per step), got {outputGradients.Count}.", nameof(outputGradients));
    }
}
