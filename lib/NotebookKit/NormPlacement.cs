namespace NotebookKit;

/// <summary>Where a Transformer block normalises: the two arrangements in use.</summary>
public enum NormPlacement
{
    /// <summary>
    /// "Add &amp; Norm", the original paper's (and TorchSharp's built-in layers'):
    /// x = LayerNorm(x + Sublayer(x)). The residual path passes through every norm.
    /// </summary>
    PostNorm,
    /// <summary>
    /// GPT-2's: x = x + Sublayer(LayerNorm(x)), and one final LayerNorm after the stack. The
    /// residual path is a clean sum from input to output, which trains deep stacks without warm-up.
    /// </summary>
    PreNorm,
}
