using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>What multi-head attention produced: the output (T, C) and each head's weights (T, S).</summary>
public sealed record MultiHeadOutput(Matrix<double> Output, IReadOnlyList<Matrix<double>> Weights);

/// <summary>The gradients of one multi-head attention call with respect to its two inputs.</summary>
public sealed record MultiHeadGradients(Matrix<double> QueryInput, Matrix<double> KeyValueInput);

/// <summary>
/// Multi-head attention (多头注意力) for one sequence, from scratch: Q = X_q W_Qᵀ, K = X_kv W_Kᵀ,
/// V = X_kv W_Vᵀ (each (·, C)); head h takes columns h·D … (h+1)·D − 1 of each (D = C/H) and runs
/// <see cref="ScaledDotProductAttention"/>; the heads' outputs are placed side by side again (T, C)
/// and projected by W_O. Weights have <c>nn.Linear</c>'s layout, so they can be shared with the
/// TorchSharp module. Backward runs the same steps in reverse; in self-attention (X_q = X_kv)
/// the input's gradient is the sum of the two returned.
/// </summary>
public sealed class MultiHeadAttention
{
    private ScaledDotProductAttention[]? heads;

    public MultiHeadAttention(int width, int heads, Random random)
    {
        if (width <= 0 || heads <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Expected a positive width and number of heads, got C = {width}, H = {heads}.");
        if (width % heads != 0)
            throw new ArgumentException($"Expected a width divisible by the number of heads, got C = {width} and H = {heads} ({width} / {heads} is not a whole head size D).", nameof(heads));
        (Width, Heads) = (width, heads);
        Query = new Dense(width, width, random);
        Key = new Dense(width, width, random);
        Value = new Dense(width, width, random);
        Output = new Dense(width, width, random);
    }

    public int Width { get; }
    public int Heads { get; }
    public int HeadSize => Width / Heads;
    public Dense Query { get; }
    public Dense Key { get; }
    public Dense Value { get; }
    public Dense Output { get; }

    public IReadOnlyList<Parameter> Parameters => [.. Query.Parameters, .. Key.Parameters, .. Value.Parameters, .. Output.Parameters];

    /// <param name="queryInput">X_q, (T, C)</param>
    /// <param name="keyValueInput">X_kv, (S, C); the same matrix for self-attention</param>
    /// <param name="mask">(T, S), true where query t may attend to key s; null: all visible</param>
    public MultiHeadOutput Forward(Matrix<double> queryInput, Matrix<double> keyValueInput, bool[,]? mask = null)
    {
        Shapes.RequireColumns(queryInput, Width, "the query input");
        Shapes.RequireColumns(keyValueInput, Width, "the key/value input");
        var (q, k, v) = (Query.Forward(queryInput), Key.Forward(keyValueInput), Value.Forward(keyValueInput));   // (T, C), (S, C), (S, C)
        var d = HeadSize;
        heads = new ScaledDotProductAttention[Heads];
        var joined = Matrix<double>.Build.Dense(queryInput.RowCount, Width);                                     // (T, C)
        var weights = new Matrix<double>[Heads];
        for (var h = 0; h < Heads; h++)
        {
            heads[h] = new ScaledDotProductAttention();
            var head = heads[h].Forward(q.SubMatrix(0, q.RowCount, h * d, d), k.SubMatrix(0, k.RowCount, h * d, d), v.SubMatrix(0, v.RowCount, h * d, d), mask);
            joined.SetSubMatrix(0, h * d, head.Output);                                                        // head h's (T, D) into its columns
            weights[h] = head.Weights;
        }
        return new MultiHeadOutput(Output.Forward(joined), weights);
    }

    /// <param name="outputGradient">∂L/∂output, (T, C)</param>
    public MultiHeadGradients Backward(Matrix<double> outputGradient)
    {
        var remembered = Shapes.Remembered(heads, nameof(MultiHeadAttention));
        var dJoined = Output.Backward(outputGradient);                                                         // (T, C)
        var d = HeadSize;
        Matrix<double>? dq = null, dk = null, dv = null;
        for (var h = 0; h < Heads; h++)
        {
            var g = remembered[h].Backward(dJoined.SubMatrix(0, dJoined.RowCount, h * d, d));
            dq ??= Matrix<double>.Build.Dense(g.Queries.RowCount, Width);
            dk ??= Matrix<double>.Build.Dense(g.Keys.RowCount, Width);
            dv ??= Matrix<double>.Build.Dense(g.Values.RowCount, Width);
            dq.SetSubMatrix(0, h * d, g.Queries);
            dk.SetSubMatrix(0, h * d, g.Keys);
            dv.SetSubMatrix(0, h * d, g.Values);
        }
        return new MultiHeadGradients(Query.Backward(dq!), Key.Backward(dk!) + Value.Backward(dv!));
    }
}
