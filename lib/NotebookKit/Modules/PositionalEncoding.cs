using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>How a Transformer learns where each token is. Attention itself is blind to order.</summary>
public enum PositionKind
{
    /// <summary>No position information: the model sees a bag of tokens (permutation-equivariant).</summary>
    None,
    /// <summary>The fixed sine/cosine table of the original paper: any length up to the table, no parameters.</summary>
    Sinusoidal,
    /// <summary>One learned vector per position, as in GPT-2 and BERT.</summary>
    Learned,
}

/// <summary>
/// Adds position information (位置编码) to token embeddings (B, T, C): x + P[0..T). The table holds
/// <see cref="MaxLength"/> positions; a longer sequence is an error that names both numbers.
/// </summary>
public abstract class PositionalEncoding : nn.Module<Tensor, Tensor>
{
    protected PositionalEncoding(string name, int width, int maxLength) : base(name)
    {
        if (width <= 0 || maxLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Expected a positive width and table length, got C = {width}, {maxLength} positions.");
        (Width, MaxLength) = (width, maxLength);
    }

    public int Width { get; }
    public int MaxLength { get; }

    /// <summary>The position vectors of the first <paramref name="length"/> positions, (T, C).</summary>
    public abstract Tensor Positions(int length);

    /// <param name="x">(B, T, C)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 3 || x.shape[2] != Width)
            throw new ArgumentException($"Expected embeddings (B, T, C = {Width}), got ({string.Join(", ", x.shape)}).", nameof(x));
        var length = (int)x.shape[1];
        if (length > MaxLength)
            throw new ArgumentException($"Expected a sequence of at most {MaxLength} positions (the positional table's length), got one of {length}. Make MaxLength larger in the config.", nameof(x));
        return x + Positions(length).to(x.dtype).unsqueeze(0);                                    // (B, T, C) + (1, T, C)
    }

    /// <summary>The encoding a kind names, or null for <see cref="PositionKind.None"/>.</summary>
    public static PositionalEncoding? Create(PositionKind kind, int width, int maxLength) => kind switch
    {
        PositionKind.None => null,
        PositionKind.Sinusoidal => new SinusoidalPositionalEncoding(width, maxLength),
        PositionKind.Learned => new LearnedPositionalEncoding(width, maxLength),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown position kind."),
    };
}

/// <summary>
/// The paper's table: P[p, 2i] = sin(p / 10000^(2i/C)), P[p, 2i+1] = cos(p / 10000^(2i/C)). Each
/// pair of features is a clock at its own speed, from one turn every 2π positions (i = 0) to one
/// every 10000·2π; together they give each position a distinct code, and a fixed offset k is the
/// same rotation at every position, which makes relative positions easy to read.
/// </summary>
public sealed class SinusoidalPositionalEncoding : PositionalEncoding
{
    private readonly Tensor table;

    public SinusoidalPositionalEncoding(int width, int maxLength) : base(nameof(SinusoidalPositionalEncoding), width, maxLength)
    {
        if (width % 2 != 0) throw new ArgumentException($"Expected an even width for sine/cosine pairs, got C = {width}.", nameof(width));
        table = Table(maxLength, width);
        register_buffer("table", table, persistent: false);
    }

    /// <summary>The (length, width) table, float32.</summary>
    public static Tensor Table(int length, int width)
    {
        if (length <= 0 || width <= 0 || width % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Expected a positive length and an even positive width, got {length} positions and C = {width}.");
        var values = new float[length * width];
        for (var p = 0; p < length; p++)
            for (var i = 0; i < width / 2; i++)
            {
                var angle = p / Math.Pow(10000, 2.0 * i / width);
                values[p * width + 2 * i] = (float)Math.Sin(angle);
                values[p * width + 2 * i + 1] = (float)Math.Cos(angle);
            }
        return torch.tensor(values, [length, width]);
    }

    public override Tensor Positions(int length) => table[..length];
}

/// <summary>One learned vector per position (an embedding indexed by position), as GPT-2 and BERT use.</summary>
public sealed class LearnedPositionalEncoding : PositionalEncoding
{
    private readonly Embedding positions;

    public LearnedPositionalEncoding(int width, int maxLength) : base(nameof(LearnedPositionalEncoding), width, maxLength)
    {
        positions = nn.Embedding(maxLength, width);
        RegisterComponents();
    }

    public Embedding Embedding => positions;

    public override Tensor Positions(int length) => positions.forward(torch.arange(length, device: positions.weight!.device));
}
