using TorchSharp;

namespace NotebookKit.Modules;

/// <summary>
/// GPT-2's initialisation, used by <see cref="Gpt"/> and <see cref="MaskedLanguageModel"/>: every
/// weight matrix and embedding drawn from N(0, 0.02²), biases 0, LayerNorms at (1, 0); the two
/// projections that write into the residual stream in each block (attention output,
/// feed-forward projection) scaled down by √(2N), so that N blocks adding to the stream keep its
/// size. With TorchSharp's defaults instead (embeddings N(0, 1)), a tied output layer starts with
/// scores far too large and the first hundreds of steps are spent shrinking them (chapter 15
/// shows the difference).
/// </summary>
public static class Gpt2Initialisation
{
    public const double Std = 0.02;

    public static void Apply(torch.nn.Module module, int layers)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), layers, "Expected at least one block.");
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.Contains("norm", StringComparison.OrdinalIgnoreCase)) continue;            // LayerNorm keeps weight 1, bias 0
            if (name.EndsWith(".bias", StringComparison.Ordinal) || name == "bias") { parameter.zero_(); continue; }
            var residual = name.EndsWith("attention.output.weight", StringComparison.Ordinal) || name.EndsWith("feedForward.project.weight", StringComparison.Ordinal);
            torch.nn.init.normal_(parameter, 0, residual ? Std / Math.Sqrt(2 * layers) : Std);
        }
    }
}
